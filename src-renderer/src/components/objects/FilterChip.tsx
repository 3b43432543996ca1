import { Badge, CloseButton } from '@mantine/core';

/** An active filter: its words, and a button (reachable by keyboard) that removes it. */
export function FilterChip({ label, removeLabel, onRemove }: { label: string; removeLabel: string; onRemove: () => void }) {
  return (
    <Badge
      variant="light"
      color="teal"
      size="lg"
      tt="none"
      fw={500}
      radius="xl"
      className="filter-chip"
      pe={4}
      rightSection={<CloseButton size="sm" radius="xl" onClick={onRemove} aria-label={removeLabel} variant="transparent" c="teal.9" />}
    >
      {label}
    </Badge>
  );
}
