import { Badge, Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import type { Output } from '@contract';
import { IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';

type Match = Output<'photos.matchFilenames'>['matches'][number];
type Status = Match['status'];

const COLORS: Record<Status, string> = { match: 'teal', no_number: 'gray', unknown: 'orange', ambiguous: 'red' };
const ORDER: Status[] = ['ambiguous', 'unknown', 'no_number', 'match'];
const SHOWN = 500;

/**
 * Assign by file name, before anything is sent: each file with the object its name points to, or why it points
 * to none. Only files that match one object are imported.
 */
export function FilenameReview({ matches, skipped, onConfirm, onCancel }: { matches: Match[]; skipped: number; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const counts = Object.fromEntries(ORDER.map((s) => [s, matches.filter((m) => m.status === s).length])) as Record<Status, number>;
  const [filter, setFilter] = useState<Status | 'all'>('all');
  const rows = [...matches]
    .filter((m) => filter === 'all' || m.status === filter)
    .sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || a.name.localeCompare(b.name, undefined, { numeric: true }));
  const left = matches.length - counts.match;

  return (
    <Stack gap="sm" className="filename-review" data-testid="filename-review">
      <div>
        <Text fw={700}>{t('photos.byName.reviewTitle')}</Text>
        <Text size="sm" c="dimmed">
          {t('photos.byName.reviewHelp')}
        </Text>
      </div>
      <SegmentedControl
        size="xs"
        value={filter}
        onChange={(value) => setFilter(value as Status | 'all')}
        data={[
          { value: 'all', label: t('photos.byName.all', { count: matches.length }) },
          ...(['match', 'unknown', 'ambiguous', 'no_number'] as const).map((s) => ({ value: s, label: `${t(`photos.byName.status.${s}`)} · ${number(counts[s])}`, disabled: counts[s] === 0 })),
        ]}
        aria-label={t('photos.byName.filter')}
        className="filename-filter"
      />
      <Table.ScrollContainer minWidth={420} maxHeight={360}>
        <Table stickyHeader verticalSpacing={4} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('photos.byName.file')}</Table.Th>
              <Table.Th>{t('photos.byName.object')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, SHOWN).map((m, i) => (
              <Table.Tr key={`${m.name}-${i}`} data-status={m.status}>
                <Table.Td>
                  <Text size="sm" ff="monospace" className="filename-cell">
                    {m.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {m.status === 'match' ? (
                    <Group gap={6} wrap="nowrap">
                      <Badge size="sm" variant="light" color="teal" tt="none" ff="monospace">
                        {m.displayNumber}
                      </Badge>
                      <Text size="sm" truncate>
                        {m.objectName}
                      </Text>
                    </Group>
                  ) : (
                    <Group gap={6} wrap="nowrap">
                      <Badge size="sm" variant="outline" color={COLORS[m.status]} tt="none">
                        {t(`photos.byName.status.${m.status}`)}
                      </Badge>
                      <Text size="xs" c="dimmed" truncate>
                        {m.number ? t(`photos.byName.why.${m.status}`, { number: m.number }) : t('photos.byName.why.no_number')}
                      </Text>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows.length > SHOWN && (
        <Text size="xs" c="dimmed">
          {t('photos.byName.more', { count: rows.length - SHOWN, formatted: number(rows.length - SHOWN) })}
        </Text>
      )}
      <Text size="sm">
        {counts.match > 0
          ? t('photos.byName.summary', { count: counts.match, formatted: number(counts.match) }) + (left > 0 ? ` ${t('photos.byName.left', { count: left, formatted: number(left) })}` : '')
          : t('photos.byName.noneMatch')}
        {skipped > 0 && ` ${t('photos.result.skipped', { count: skipped, formatted: number(skipped) })}`}
      </Text>
      <Group gap="sm">
        <Button leftSection={<IconCheck size={16} aria-hidden />} onClick={onConfirm} disabled={counts.match === 0}>
          {t('photos.byName.confirm', { count: counts.match, formatted: number(counts.match) })}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
