import { Button, EmptyState, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowsJoin, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQueryProc } from '../api/hooks';
import { BackLink } from '../components/BackLink';
import { ConflictCard } from '../components/conflicts/ConflictCard';
import { SettledConflicts } from '../components/conflicts/SettledConflicts';
import '../components/conflicts/conflicts.css';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { useFormatters } from '../lib/format';

/**
 * The conflict queue: what merging field copies found that a person must decide, open ones first, each with the ways
 * to settle it; the settled ones below, folded away. Settling is a change like any other, so it syncs to the other copies.
 */
export function ConflictsPage() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const list = useQueryProc('conflicts.list', {});
  const open = list.data?.conflicts.filter((c) => !c.resolved) ?? [];
  const settled = list.data?.conflicts.filter((c) => c.resolved) ?? [];

  return (
    <Stack gap="lg" maw={1000} pb="xl" className="conflicts-page">
      <BackLink to="/sync" label={t('conflicts.back')} />
      <PageHeader
        title={t('conflicts.title')}
        subtitle={t('conflicts.subtitle')}
        subtitleWidth={720}
        live
      >
        {list.data && list.data.open > 0 && (
          <Text size="sm" fw={600} c="orange.8" data-testid="conflicts-open-count">
            {t('conflicts.openCount', { count: list.data.open, formatted: number(list.data.open) })}
          </Text>
        )}
      </PageHeader>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <Stack gap="md">
          <Skeleton h={180} />
          <Skeleton h={180} />
        </Stack>
      ) : (
        <>
          {open.length === 0 ? (
            <EmptyState
              icon={<IconCircleCheck size={28} />}
              title={t('conflicts.emptyTitle')}
              description={t('conflicts.emptyBody')}
              className="page-empty"
              data-testid="conflicts-empty"
            >
              <EmptyState.Actions>
                <Button component={Link} to="/sync" variant="light" leftSection={<IconArrowsJoin size={16} aria-hidden />} className="conflict-action">
                  {t('conflicts.emptyLink')}
                </Button>
              </EmptyState.Actions>
            </EmptyState>
          ) : (
            <section aria-label={t('conflicts.openTitle')}>
              <Stack gap="md">
                {open.map((conflict) => (
                  <ConflictCard key={conflict.key} conflict={conflict} />
                ))}
              </Stack>
            </section>
          )}
          <SettledConflicts conflicts={settled} />
        </>
      )}
    </Stack>
  );
}
