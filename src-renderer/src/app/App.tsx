import { AppShell, Burger, Button, Center, Divider, Group, Loader, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuildingWarehouse, IconUser } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/errors';
import { useChangeEvents, useQueryProc } from '../api/hooks';
import { usePersonId } from '../api/person';
import { ErrorState } from '../components/ErrorState';
import { LanguagePicker } from '../components/LanguagePicker';
import { LocationTree, type Selection } from '../components/LocationTree';
import { TokenMissing } from '../components/TokenMissing';
import { WhoAreYouModal } from '../components/WhoAreYouModal';
import { MainPage } from '../pages/MainPage';
import { BatchesPage } from '../pages/BatchesPage';
import { LocationPage } from '../pages/LocationPage';
import { RapidMovePage } from '../pages/RapidMovePage';
import { MovesMenu } from '../components/moves/MovesMenu';
import { ObjectPage } from '../pages/ObjectPage';
import { ChangesPage } from '../pages/ChangesPage';
import { SettingsPage } from '../pages/SettingsPage';
import { HeaderLinks } from '../components/objects/HeaderLinks';
import { BeforeAfterMenu } from '../components/beforeafter/BeforeAfterMenu';
import { MilestonesPage } from '../pages/MilestonesPage';
import { ComparePage } from '../pages/ComparePage';
import { ViewpointsPage } from '../pages/ViewpointsPage';
import { ViewpointsComparePage } from '../pages/ViewpointsComparePage';
import { DashboardPage } from '../pages/DashboardPage';
import { ReportPage } from '../pages/ReportPage';
import { ExchangeMenu } from '../components/exchange/ExchangeMenu';
import { ImportPage } from '../pages/ImportPage';
import { PhotoImportPage } from '../pages/PhotoImportPage';
import { EvacuationsPage } from '../pages/EvacuationsPage';
import { EvacuationPage } from '../pages/EvacuationPage';
import { EvacuationScanPage } from '../pages/EvacuationScanPage';
import { EvacuationLink } from '../components/evacuations/EvacuationLink';

export function App() {
  const { t } = useTranslation();
  useChangeEvents();
  const info = useQueryProc('catalogue.info', {});
  const people = useQueryProc('people.list', {});
  const personId = usePersonId();
  const person = people.data?.find((p) => p.id === personId);
  const needsPerson = people.isSuccess && !person;
  const [switching, setSwitching] = useState(false);
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();

  useEffect(() => {
    document.title = info.data ? t('app.windowTitle', { catalogue: info.data.name }) : t('app.name');
  }, [info.data, t]);

  if (info.error instanceof ApiError && info.error.code === 'UNAUTHORIZED') return <TokenMissing invalid />;

  const onMain = location.pathname === '/';
  const locationPage = /^\/locations\/([^/]+)$/.exec(location.pathname)?.[1];
  // Scanning screens take the whole width: the location tree is not needed while scanning.
  const rapid = location.pathname === '/rapid' || /^\/evacuations\/[^/]+\/(pack|load|receive)$/.test(location.pathname);
  const selection: Selection | null = locationPage
    ? { kind: 'location', id: locationPage }
    : !onMain
    ? null
    : params.get('location')
      ? { kind: 'location', id: params.get('location')! }
      : params.get('unlocated') === '1'
        ? { kind: 'unlocated' }
        : { kind: 'all' };
  const select = (next: Selection) => {
    closeNav();
    navigate(next.kind === 'all' ? '/' : next.kind === 'unlocated' ? '/?unlocated=1' : `/?location=${next.id}`);
  };

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: { base: 300, lg: 340 }, breakpoint: 'sm', collapsed: { mobile: !navOpened, desktop: rapid } }}
      padding="lg"
      className="app-shell"
    >
      <AppShell.Header className="app-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label={t('header.toggleNavigation')} />
            <Group gap={8} wrap="nowrap" className="brand" onClick={() => navigate('/')}>
              <IconBuildingWarehouse size={24} className="brand-icon" aria-hidden />
              <Text fw={700} size="lg" className="brand-name" visibleFrom="xs">
                {t('app.name')}
              </Text>
            </Group>
            {info.data && (
              <>
                <Divider orientation="vertical" visibleFrom="xs" />
                <Tooltip label={info.data.path} openDelay={500}>
                  <Text size="sm" c="dimmed" truncate visibleFrom="xs" aria-label={t('header.catalogue', { name: info.data.name })}>
                    {info.data.name}
                  </Text>
                </Tooltip>
              </>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Tooltip label={t('header.switchPerson')} openDelay={300}>
              <Button
                variant="subtle"
                color="gray"
                size="compact-md"
                leftSection={<IconUser size={16} aria-hidden />}
                onClick={() => setSwitching(true)}
                aria-label={person ? t('header.personLabel', { name: person.name }) : t('header.choosePerson')}
                className="person-button"
              >
                <Text span size="sm" truncate className="person-name">
                  {person?.name ?? t('header.choosePerson')}
                </Text>
              </Button>
            </Tooltip>
            <EvacuationLink />
            <MovesMenu />
            <BeforeAfterMenu />
            <ExchangeMenu />
            <HeaderLinks />
            <LanguagePicker />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar className="app-navbar">
        <LocationTree selection={selection} onSelect={select} onNavigate={closeNav} />
        <HeaderLinks placement="navbar" onNavigate={closeNav} />
      </AppShell.Navbar>
      <AppShell.Main className="app-main">
        {info.isError ? (
          <ErrorState error={info.error} onRetry={() => void info.refetch()} />
        ) : info.isPending ? (
          <Center h={300}>
            <Loader aria-label={t('common.loading')} />
          </Center>
        ) : (
          <Routes>
            <Route path="/" element={<MainPage />} />
            <Route path="/objects/:id" element={<ObjectPage />} />
            <Route path="/locations/:id" element={<LocationPage />} />
            <Route path="/rapid" element={<RapidMovePage />} />
            <Route path="/batches" element={<BatchesPage />} />
            <Route path="/changes" element={<ChangesPage />} />
            <Route path="/settings" element={<SettingsPage />} />
            <Route path="/milestones" element={<MilestonesPage />} />
            <Route path="/compare" element={<ComparePage />} />
            <Route path="/viewpoints" element={<ViewpointsPage />} />
            <Route path="/viewpoints/compare" element={<ViewpointsComparePage />} />
            <Route path="/dashboard" element={<DashboardPage />} />
            <Route path="/report" element={<ReportPage />} />
            <Route path="/import" element={<ImportPage />} />
            <Route path="/photos/import" element={<PhotoImportPage />} />
            <Route path="/evacuations" element={<EvacuationsPage />} />
            <Route path="/evacuations/:id" element={<EvacuationPage />} />
            <Route path="/evacuations/:id/pack" element={<EvacuationScanPage mode="pack" key="pack" />} />
            <Route path="/evacuations/:id/load" element={<EvacuationScanPage mode="load" key="load" />} />
            <Route path="/evacuations/:id/receive" element={<EvacuationScanPage mode="receive" key="receive" />} />
            <Route path="*" element={<MainPage />} />
          </Routes>
        )}
      </AppShell.Main>
      <WhoAreYouModal opened={needsPerson || switching} required={needsPerson} onClose={() => setSwitching(false)} />
    </AppShell>
  );
}
