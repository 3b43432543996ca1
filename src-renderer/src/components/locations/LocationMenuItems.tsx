import { Kbd, Menu } from '@mantine/core';
import type { TreeLocation } from '@contract';
import {
  IconArchive,
  IconArchiveOff,
  IconArrowDown,
  IconArrowUp,
  IconInfoCircle,
  IconListDetails,
  IconPencil,
  IconPlus,
  IconPrinter,
  IconTrash,
  IconTruckDelivery,
  IconWand,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocationAction } from './useLocationActions';

interface Item {
  action: LocationAction;
  icon: ReactNode;
  /** Has a keyboard shortcut in the tree (its name is translated: Del is Suppr in French). */
  keys?: boolean;
  color?: string;
}

const GROUPS: Item[][] = [
  [
    { action: 'open', icon: <IconInfoCircle size={15} />, keys: true },
    { action: 'objects', icon: <IconListDetails size={15} /> },
    { action: 'labels', icon: <IconPrinter size={15} /> },
  ],
  [
    { action: 'add', icon: <IconPlus size={15} />, keys: true },
    { action: 'edit', icon: <IconPencil size={15} />, keys: true },
    { action: 'generate', icon: <IconWand size={15} /> },
    { action: 'move', icon: <IconTruckDelivery size={15} /> },
  ],
  [
    { action: 'up', icon: <IconArrowUp size={15} />, keys: true },
    { action: 'down', icon: <IconArrowDown size={15} />, keys: true },
  ],
  [
    { action: 'archive', icon: <IconArchive size={15} />, color: 'orange' },
    { action: 'unarchive', icon: <IconArchiveOff size={15} /> },
    { action: 'delete', icon: <IconTrash size={15} />, keys: true, color: 'red' },
  ],
];

/** The actions menu's items for one location, with their keyboard shortcuts; unavailable ones are left out or disabled. */
export function LocationMenuItems({
  location,
  available,
  perform,
  omit = [],
  showKeys = true,
}: {
  location: TreeLocation;
  available: (action: LocationAction, location: TreeLocation) => boolean;
  perform: (action: LocationAction, location: TreeLocation) => void;
  omit?: LocationAction[];
  /** The shortcuts work in the tree; elsewhere they are not shown. */
  showKeys?: boolean;
}) {
  const { t } = useTranslation();
  const shown = GROUPS.map((group) =>
    group.filter(({ action }) => {
      if (omit.includes(action)) return false;
      // Archive/unarchive and delete appear only when they apply; the others are greyed out instead.
      if (action === 'archive' || action === 'unarchive' || action === 'delete') return available(action, location);
      return true;
    }),
  ).filter((group) => group.length > 0);
  return (
    <>
      {shown.map((group, g) => [
        g > 0 ? <Menu.Divider key={`divider-${g}`} /> : null,
        ...group.map(({ action, icon, keys, color }) => (
          <Menu.Item
            key={action}
            leftSection={icon}
            color={color}
            disabled={!available(action, location)}
            rightSection={keys && showKeys ? <Kbd size="xs">{t(`locationsUi.keys.${action}`)}</Kbd> : undefined}
            onClick={() => perform(action, location)}
          >
            {t(`locationsUi.actions.${action}`)}
          </Menu.Item>
        )),
      ])}
    </>
  );
}
