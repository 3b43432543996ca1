import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** An object a scanned number may mean: its number, its name and where it is now. */
export interface ScanCandidate {
  id: string;
  displayNumber: string;
  name: string;
  currentLocationCode: string | null;
}

/** One of several objects a scan matched, to pick: in rapid move and in an evacuation's scanning. */
export function CandidateButton({ candidate, onPick }: { candidate: ScanCandidate; onPick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button
      variant="white"
      color="dark"
      size="md"
      justify="space-between"
      className="rapid-candidate"
      onClick={onPick}
      rightSection={
        <Text size="xs" c="dimmed" ff="monospace">
          {candidate.currentLocationCode ?? t('rapid.nowhere')}
        </Text>
      }
    >
      <Text span fw={700} ff="monospace" me="xs">
        {candidate.displayNumber}
      </Text>
      <Text span size="sm" truncate>
        {candidate.name}
      </Text>
    </Button>
  );
}
