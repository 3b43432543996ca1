import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { MenuCommand } from '@contract';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { BackLink } from '../components/BackLink';
import { PageHeader } from '../components/PageHeader';
import { BundleSection } from '../components/sync/BundleSection';
import { FieldCopySection } from '../components/sync/FieldCopySection';
import { MergeSection, type MergeSource } from '../components/sync/MergeSection';
import { PeerSection } from '../components/sync/PeerSection';
import { hasNativeDialogs } from '../api/desktop';
import '../components/sync/sync.css';
import { useOpenConflicts } from '../components/sync/useOpenConflicts';
import { useFormatters } from '../lib/format';

const isMenuCommand = (state: unknown): state is MenuCommand =>
  typeof state === 'object' &&
  state !== null &&
  (state as { kind?: unknown }).kind === 'menu' &&
  (typeof (state as { path?: unknown }).path === 'string' || (state as { command?: unknown }).command === 'peer');

/**
 * Field copies and merging, for the coordinator: merge what another copy recorded, make a bundle for another copy,
 * take a field copy. The desktop menu's File › Merge Changes From… and File › Take a Field Copy… land here with the
 * path they chose (as the page's navigation state, taken once).
 */
export function SyncPage() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const location = useLocation();
  const navigate = useNavigate();
  const open = useOpenConflicts();
  const [merge, setMerge] = useState<{ id: string; source: MergeSource } | null>(null);
  const [copy, setCopy] = useState<{ id: string; path: string } | null>(null);
  const [peer, setPeer] = useState<string | null>(null);

  // A command from the menu is taken once, while rendering (as React advises for state that follows a prop)...
  const [taken, setTaken] = useState<string | null>(null);
  const state: unknown = location.state;
  if (isMenuCommand(state) && taken !== location.key) {
    setTaken(location.key);
    if (state.command === 'merge') setMerge({ id: location.key, source: { path: state.path, name: state.name } });
    else if (state.command === 'peer') setPeer(location.key);
    else setCopy({ id: location.key, path: state.path });
  }
  // ... and dropped from the history entry, so that a reload does not run it again.
  useEffect(() => {
    if (isMenuCommand(location.state)) void navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);

  return (
    <Stack gap="lg" maw={1000} pb="xl" className="sync-page">
      <BackLink />
      <PageHeader title={t('sync.title')} subtitle={t('sync.subtitle')} subtitleWidth={720} />
      {open > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} data-testid="sync-open-conflicts-banner">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <Text size="sm">{t('sync.openConflicts', { count: open, formatted: number(open) })}</Text>
            <Button component={Link} to="/conflicts" size="compact-md" color="orange" variant="light" className="sync-action">
              {t('sync.openConflictsLink')}
            </Button>
          </Group>
        </Alert>
      )}
      <MergeSection incoming={merge} />
      {hasNativeDialogs && <PeerSection focus={peer} />}
      <BundleSection />
      <FieldCopySection incoming={copy} />
    </Stack>
  );
}
