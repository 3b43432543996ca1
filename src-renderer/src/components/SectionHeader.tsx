import { Box, Group, Text, Title, type MantineSpacing } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A section's heading and one-line help, the section-level PageHeader: `badge` sits beside the title (a count), and
 * `children` on the right (actions or a summary; they wrap under on a phone). `id` is for the section's aria-labelledby.
 */
export function SectionHeader({ id, title, help, badge, mb, children }: {
  id: string;
  title: ReactNode;
  help?: ReactNode;
  badge?: ReactNode;
  mb?: MantineSpacing;
  children?: ReactNode;
}) {
  const heading = (
    <Title order={2} size="h4" id={id}>
      {title}
    </Title>
  );
  const text = (
    <div>
      {badge ? (
        <Group justify="space-between">
          {heading}
          {badge}
        </Group>
      ) : (
        heading
      )}
      {help && (
        <Text size="sm" c="dimmed">
          {help}
        </Text>
      )}
    </div>
  );
  return children ? (
    <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm" mb={mb}>
      {text}
      {children}
    </Group>
  ) : (
    <Box mb={mb}>{text}</Box>
  );
}
