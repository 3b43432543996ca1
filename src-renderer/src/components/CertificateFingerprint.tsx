import { Code, Group } from '@mantine/core';
import { IconCertificate } from '@tabler/icons-react';

/** A fingerprint's byte pairs four at a time ("A4:1F:9C:37"), as people compare them aloud, line by line. */
const grouped = (fingerprint: string) =>
  fingerprint.split(':').reduce<string[]>((groups, pair, i) => (i % 4 === 0 ? [...groups, pair] : [...groups.slice(0, -1), `${groups.at(-1)}:${pair}`]), []);

/**
 * A certificate's SHA-256 fingerprint, to compare with the one another screen shows: in groups that wrap between them
 * (never inside a pair), left to right in every language, as the certificate writes it. The Workshop page shows its
 * own; a laptop syncing with it shows the one it was given.
 */
export function CertificateFingerprint({ fingerprint, label, testId }: { fingerprint: string; label: string; testId: string }) {
  return (
    <Group gap={6} wrap="wrap" dir="ltr" aria-label={label} data-testid={testId} data-fingerprint={fingerprint}>
      <IconCertificate size={18} aria-hidden />
      {grouped(fingerprint).map((group, i) => (
        <Code key={i}>
          {group}
        </Code>
      ))}
    </Group>
  );
}
