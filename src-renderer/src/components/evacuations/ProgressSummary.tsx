import { Group, Progress, Stack, Text } from '@mantine/core';
import { CUSTODY_STATUSES, type Output } from '@contract';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import { CUSTODY_COLOURS, PriorityBadge } from './shared';

type Progress = Output<'evacuations.get'>['progress'];

/**
 * What the dashboard shows of an evacuation: priority objects out of the building (N of M), boxes on the way, objects
 * unaccounted for; then the objects by priority and by where they stand.
 */
export function ProgressSummary({ progress, compact }: { progress: Progress; compact?: boolean }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const back = progress.leg === 'back';
  return (
    <Stack gap="sm">
      <div className="evac-stats" role="group" aria-label={t('evacuation.progress.label')}>
        <div className="evac-stat" data-tone={progress.total > 0 && progress.out === progress.total ? 'good' : undefined} data-testid="stat-out">
          <span className="evac-stat-value">{t('evacuation.progress.nOfM', { n: number(progress.out), m: number(progress.total) })}</span>
          <span className="evac-stat-label">{t(back ? 'evacuation.progress.outBack' : 'evacuation.progress.out')}</span>
        </div>
        <div className="evac-stat" data-tone={progress.boxes.in_transit > 0 ? 'moving' : undefined} data-testid="stat-transit">
          <span className="evac-stat-value">{number(progress.boxes.in_transit)}</span>
          <span className="evac-stat-label">{t('evacuation.progress.boxesInTransit', { count: progress.boxes.in_transit })}</span>
        </div>
        <div className="evac-stat" data-tone={progress.unaccounted > 0 ? 'alert' : 'good'} data-testid="stat-unaccounted">
          <span className="evac-stat-value">{number(progress.unaccounted)}</span>
          <span className="evac-stat-label">{t('evacuation.progress.unaccounted', { count: progress.unaccounted })}</span>
        </div>
      </div>
      {!compact && progress.total > 0 && (
        <Stack gap={6}>
          <Progress.Root size={22} aria-label={t('evacuation.progress.byStatus')}>
            {CUSTODY_STATUSES.map((s) =>
              progress.byStatus[s] > 0 ? (
                <Progress.Section key={s} value={(progress.byStatus[s] / progress.total) * 100} color={CUSTODY_COLOURS[s]} title={`${t(`evacuation.custody.${s}`)}: ${progress.byStatus[s]}`}>
                  <Progress.Label>{number(progress.byStatus[s])}</Progress.Label>
                </Progress.Section>
              ) : null,
            )}
          </Progress.Root>
          <Group gap="md" wrap="wrap">
            {CUSTODY_STATUSES.map((s) => (
              <Group key={s} gap={6} wrap="nowrap">
                <span className="legend-dot" style={{ background: `var(--mantine-color-${CUSTODY_COLOURS[s]}-6)`, width: 10, height: 10, borderRadius: 5, display: 'inline-block' }} />
                <Text size="xs">
                  {t(`evacuation.custody.${s}`)}: <b>{number(progress.byStatus[s])}</b>
                </Text>
              </Group>
            ))}
          </Group>
          <Group gap="lg" wrap="wrap">
            {progress.byPriority.map((p) => (
              <Group key={String(p.priority)} gap={6} wrap="nowrap" data-testid={`priority-${p.priority ?? 'none'}`}>
                <PriorityBadge priority={p.priority} />
                <Text size="sm">{t('evacuation.progress.nOfMOut', { n: number(p.out), m: number(p.total) })}</Text>
              </Group>
            ))}
            {progress.found > 0 && (
              <Text size="sm" c="orange.8" fw={600}>
                {t('evacuation.progress.found', { count: progress.found })}
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
