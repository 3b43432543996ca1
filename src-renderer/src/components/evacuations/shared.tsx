import { Badge, type MantineColor } from '@mantine/core';
import { type BoxStatus, type CustodyStatus, type EvacuationStatus } from '@contract';
import { useTranslation } from 'react-i18next';
import './evacuations.css';

export const STATUS_COLOURS: Record<EvacuationStatus, MantineColor> = {
  planned: 'gray',
  under_way: 'red',
  completed: 'teal',
  returning: 'orange',
  returned: 'blue',
};

export const CUSTODY_COLOURS: Record<CustodyStatus, MantineColor> = {
  listed: 'gray',
  packed: 'yellow',
  in_transit: 'orange',
  unconfirmed: 'red',
  received: 'teal',
  placed: 'green',
};

export const BOX_COLOURS: Record<BoxStatus, MantineColor> = {
  empty: 'gray',
  packing: 'yellow',
  in_transit: 'orange',
  arrived: 'red',
  checked: 'teal',
  unpacked: 'green',
};

export const PRIORITY_COLOURS: Record<string, MantineColor> = { '1': 'red', '2': 'orange', '3': 'blue' };

export function EvacuationStatusBadge({ status, size = 'md' }: { status: EvacuationStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOURS[status]} variant={status === 'under_way' ? 'filled' : 'light'} size={size} tt="none" data-status={status}>
      {t(`evacuation.status.${status}`)}
    </Badge>
  );
}

export function CustodyBadge({ status }: { status: CustodyStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={CUSTODY_COLOURS[status]} variant={status === 'unconfirmed' ? 'filled' : 'light'} tt="none" className="custody-badge" data-custody={status}>
      {t(`evacuation.custody.${status}`)}
    </Badge>
  );
}

export function BoxStatusBadge({ status }: { status: BoxStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={BOX_COLOURS[status]} variant={status === 'arrived' ? 'filled' : 'light'} tt="none" data-box-status={status}>
      {t(`evacuation.boxStatus.${status}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: number | null }) {
  const { t } = useTranslation();
  if (priority === null) {
    return (
      <Badge color="gray" variant="outline" tt="none" className="priority-badge" aria-label={t('evacuation.priority.none')}>
        –
      </Badge>
    );
  }
  return (
    <Badge color={PRIORITY_COLOURS[String(priority)]} variant="filled" tt="none" className="priority-badge" aria-label={t('evacuation.priority.label', { priority })}>
      P{priority}
    </Badge>
  );
}

/** The name new boxes get in the reader's language, {n} standing for the number: "Box {n}", "Boîte {n}". */
export function useBoxName(): (kind: 'box' | 'crate') => string {
  const { t } = useTranslation();
  return (kind) => t(`evacuation.boxKind.${kind}`, { number: '{n}' });
}
