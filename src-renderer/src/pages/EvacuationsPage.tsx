import { Button, Card, EmptyState, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconFirstAidKit, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { EvacuationFormModal } from '../components/evacuations/EvacuationFormModal';
import { ProgressSummary } from '../components/evacuations/ProgressSummary';
import { EvacuationStatusBadge } from '../components/evacuations/shared';
import { PageHeader } from '../components/PageHeader';
import { useFormatters } from '../lib/format';
import '../components/evacuations/evacuations.css';

/**
 * Emergency evacuations: plans kept ready, those under way, those completed and returned. A new one is prepared in
 * advance, or started at once.
 */
export function EvacuationsPage() {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const navigate = useNavigate();
  const list = useQueryProc('evacuations.list', {});
  const [creating, setCreating] = useState(false);
  return (
    <Stack gap="md" className="evac-page" pb="xl">
      <PageHeader title={t('evacuation.listTitle')} subtitle={t('evacuation.listHelp')} subtitleWidth={640}>
        <Button color="red" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)} data-testid="new-evacuation">
          {t('evacuation.new')}
        </Button>
      </PageHeader>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Skeleton h={140} />
      ) : list.data.evacuations.length === 0 ? (
        <EmptyState icon={<IconFirstAidKit size={28} />} title={t('evacuation.emptyTitle')} description={t('evacuation.emptyBody')} className="page-empty" />
      ) : (
        <Stack gap="sm">
          {list.data.evacuations.map((e) => (
            <Link key={e.id} to={`/evacuations/${e.id}`} className="evac-card-link" data-testid={`evacuation-${e.code}`}>
              <Card withBorder radius="md" padding="md" className="evac-card" data-status={e.status}>
                <Stack gap="sm">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <div style={{ minWidth: 0 }}>
                      <Text fw={800} size="lg">
                        <Text span ff="monospace" c="dimmed" mr={8}>
                          {e.code}
                        </Text>
                        {e.name}
                      </Text>
                      <Text size="sm" c="dimmed">
                        {t(`evacuation.reasons.${e.reason}`)} · {e.startedAt ? t('evacuation.startedOn', { when: dateTime(e.startedAt) }) : t('evacuation.preparedOn', { when: dateTime(e.createdAt) })}
                      </Text>
                    </div>
                    <EvacuationStatusBadge status={e.status} />
                  </Group>
                  {e.progress.total > 0 && e.status !== 'planned' ? (
                    <ProgressSummary progress={e.progress} compact />
                  ) : (
                    <Text size="sm">{t('evacuation.listed', { count: e.progress.total })}</Text>
                  )}
                </Stack>
              </Card>
            </Link>
          ))}
        </Stack>
      )}
      {creating && <EvacuationFormModal onClose={() => setCreating(false)} onSaved={(e) => navigate(`/evacuations/${e.id}`)} />}
    </Stack>
  );
}
