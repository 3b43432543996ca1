import { Group, Text } from '@mantine/core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';

/**
 * One scan in a scanning feed (rapid move, an evacuation's packing and receiving): its icon, the code scanned, what
 * became of it in a word, then whatever the page adds (details, the choices it asks for).
 */
export function ScanFeedItem({
  status,
  icon,
  code,
  outcome,
  children,
  ...li
}: { status: string; icon: ReactNode; code: ReactNode; outcome: ReactNode; children?: ReactNode } & ComponentPropsWithoutRef<'li'>) {
  return (
    <li className="rapid-entry" data-status={status} {...li}>
      <span className="rapid-entry-icon" aria-hidden>
        {icon}
      </span>
      <div className="rapid-entry-body">
        <Group gap="xs" wrap="wrap" align="baseline">
          <Text fw={800} ff="monospace" size="lg" className="rapid-entry-number">
            {code}
          </Text>
          <Text fw={700} size="sm" className="rapid-entry-status">
            {outcome}
          </Text>
        </Group>
        {children}
      </div>
    </li>
  );
}
