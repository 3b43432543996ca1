import { Anchor, Card, Group, Stack, Text } from '@mantine/core';
import { IconFirstAidKit } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryProc } from '../../api/hooks';
import { ProgressSummary } from './ProgressSummary';
import { EvacuationStatusBadge } from './shared';

/**
 * On the dashboard, first, while an evacuation is under way (or its objects are coming back): priority objects out of
 * the building, N of M; boxes in transit; objects unaccounted for.
 */
export function EvacuationDashboard() {
  const { t } = useTranslation();
  const list = useQueryProc('evacuations.list', {});
  const active = list.data?.evacuations.filter((e) => e.status === 'under_way' || e.status === 'returning') ?? [];
  if (active.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-label={t('evacuation.dashboardTitle')}>
      {active.map((e) => (
        <Card key={e.id} withBorder radius="md" padding="md" className="evac-card" data-status={e.status} data-testid="dashboard-evacuation">
          <Stack gap="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Group gap="xs" wrap="nowrap">
                <IconFirstAidKit size={20} color="var(--mantine-color-red-7)" aria-hidden />
                <Anchor component={Link} to={`/evacuations/${e.id}`} fw={800}>
                  {e.code} · {e.name}
                </Anchor>
              </Group>
              <EvacuationStatusBadge status={e.status} />
            </Group>
            <ProgressSummary progress={e.progress} compact />
            {e.progress.unaccounted > 0 && (
              <Anchor component={Link} to={`/evacuations/${e.id}?tab=reconcile`} size="sm" c="red.8" fw={700}>
                {t('evacuation.seeUnaccounted', { count: e.progress.unaccounted })}
              </Anchor>
            )}
            <Text size="xs" c="dimmed">
              {t(`evacuation.reasons.${e.reason}`)}
            </Text>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
