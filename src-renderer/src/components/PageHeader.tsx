import { Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A page's title and one-line explanation, with its actions on the right (they wrap under on a phone). */
export function PageHeader({ title, subtitle, subtitleWidth, live, children }: {
  title: ReactNode;
  subtitle: ReactNode;
  subtitleWidth?: number;
  /** The subtitle changes as data arrives: announce it to screen readers. */
  live?: boolean;
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
      <div>
        <Title order={1} size="h3" className="page-title">
          {title}
        </Title>
        <Text size="sm" c="dimmed" maw={subtitleWidth} aria-live={live ? 'polite' : undefined}>
          {subtitle}
        </Text>
      </div>
      {children}
    </Group>
  );
}
