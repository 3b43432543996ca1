import { AppShell, Burger, Button, Center, Divider, Group, Loader, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { IconBuildingWarehouse, IconDeviceMobile, IconUser } from '@tabler/icons-react';
import { lazy, Suspense, useCallback, useEffect, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { MenuCommand } from '@contract';
import { useMenuCommands } from '../api/desktop';
import { useChangeEvents, useQueryProc } from '../api/hooks';
import { usePersonId } from '../api/person';
import { useSession } from '../api/session';
import { ErrorState } from '../components/ErrorState';
import { LanguagePicker } from '../components/LanguagePicker';
import { LocationTree, type Selection } from '../components/LocationTree';
import { WhoAreYouModal } from '../components/WhoAreYouModal';
import { MovesMenu } from '../components/moves/MovesMenu';
import { HeaderLinks } from '../components/objects/HeaderLinks';
import { BeforeAfterMenu } from '../components/beforeafter/BeforeAfterMenu';
import { ExchangeMenu } from '../components/exchange/ExchangeMenu';
import { SyncMenu } from '../components/sync/SyncMenu';
import { EvacuationLink } from '../components/evacuations/EvacuationLink';
import { BottomNav } from '../components/layout/BottomNav';
import { OutboxStatus } from '../components/layout/OutboxStatus';
import { PHONE_QUERY } from './layout';

/** A page, loaded when first shown: a phone's first screen carries only what it shows. */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));

const MainPage = page(() => import('../pages/MainPage'), 'MainPage');
const ObjectPage = page(() => import('../pages/ObjectPage'), 'ObjectPage');
const LocationPage = page(() => import('../pages/LocationPage'), 'LocationPage');
const RapidMovePage = page(() => import('../pages/RapidMovePage'), 'RapidMovePage');
const BatchesPage = page(() => import('../pages/BatchesPage'), 'BatchesPage');
const ChangesPage = page(() => import('../pages/ChangesPage'), 'ChangesPage');
const SettingsPage = page(() => import('../pages/SettingsPage'), 'SettingsPage');
const MilestonesPage = page(() => import('../pages/MilestonesPage'), 'MilestonesPage');
const ComparePage = page(() => import('../pages/ComparePage'), 'ComparePage');
const ViewpointsPage = page(() => import('../pages/ViewpointsPage'), 'ViewpointsPage');
const ViewpointsComparePage = page(() => import('../pages/ViewpointsComparePage'), 'ViewpointsComparePage');
const DashboardPage = page(() => import('../pages/DashboardPage'), 'DashboardPage');
const ReportPage = page(() => import('../pages/ReportPage'), 'ReportPage');
const ImportPage = page(() => import('../pages/ImportPage'), 'ImportPage');
const PhotoImportPage = page(() => import('../pages/PhotoImportPage'), 'PhotoImportPage');
const SearchPage = page(() => import('../pages/SearchPage'), 'SearchPage');
const PhonePhotosPage = page(() => import('../pages/PhonePhotosPage'), 'PhonePhotosPage');
const WorkshopPage = page(() => import('../pages/WorkshopPage'), 'WorkshopPage');
const SyncPage = page(() => import('../pages/SyncPage'), 'SyncPage');
const ConflictsPage = page(() => import('../pages/ConflictsPage'), 'ConflictsPage');
const EvacuationsPage = page(() => import('../pages/EvacuationsPage'), 'EvacuationsPage');
const EvacuationPage = page(() => import('../pages/EvacuationPage'), 'EvacuationPage');
const EvacuationScanPage = lazy(() => import('../pages/EvacuationScanPage').then((m) => ({ default: m.EvacuationScanPage })));

const pageLoader = (
  <Center h={300}>
    <Loader />
  </Center>
);

export function App() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const coordinator = session.role === 'coordinator';
  // The desktop menu's File › Open Workshop shows the workshop.
  useChangeEvents(useCallback((shown: 'workshop') => navigate(`/${shown}`), [navigate]));
  const info = useQueryProc('catalogue.info', {});
  const people = useQueryProc('people.list', {});
  const personId = usePersonId();
  const person = people.data?.find((p) => p.id === personId);
  // A workshop device works as the person it joined as; only the catalogue's own app asks who is at the keyboard.
  const fixedPerson = session.person;
  const needsPerson = !fixedPerson && people.isSuccess && !person;
  const [switching, setSwitching] = useState(false);
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const phone = useMediaQuery(PHONE_QUERY) ?? false;
  const location = useLocation();
  const [params] = useSearchParams();
  // The desktop menu's File › Merge Changes From… and File › Take a Field Copy… go on on the Sync page.
  const onMenuCommand = useCallback(
    (command: MenuCommand) => {
      closeNav();
      void navigate('/sync', { state: command });
    },
    [closeNav, navigate],
  );
  useMenuCommands(onMenuCommand);

  useEffect(() => {
    document.title = info.data ? t('app.windowTitle', { catalogue: info.data.name }) : t('app.name');
  }, [info.data, t]);
  useEffect(closeNav, [location.pathname, closeNav]);

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
  const shownName = fixedPerson?.name ?? person?.name;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: { base: 300, lg: 340 }, breakpoint: 'md', collapsed: { mobile: !navOpened, desktop: rapid } }}
      footer={{ height: 64, collapsed: !phone }}
      padding={phone ? 'sm' : 'lg'}
      className="app-shell"
    >
      <AppShell.Header className="app-header">
        <Group h="100%" px={phone ? 'xs' : 'md'} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="md" size="sm" aria-label={t('workshop.header.menu')} className="app-burger" />
            <Group gap={8} wrap="nowrap" className="brand" onClick={() => navigate(coordinator ? '/' : '/rapid')}>
              <IconBuildingWarehouse size={24} className="brand-icon" aria-hidden />
              <Text fw={700} size="lg" className="brand-name" visibleFrom="xs">
                {t('app.name')}
              </Text>
            </Group>
            {info.data && (
              <>
                <Divider orientation="vertical" visibleFrom="sm" />
                <Tooltip label={info.data.path} openDelay={500}>
                  <Text size="sm" c="dimmed" truncate visibleFrom="sm" aria-label={t('header.catalogue', { name: info.data.name })}>
                    {info.data.name}
                  </Text>
                </Tooltip>
              </>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <OutboxStatus />
            <Tooltip label={fixedPerson ? t('workshop.header.devicePerson') : t('header.switchPerson')} openDelay={300}>
              <Button
                variant="subtle"
                color="gray"
                size="compact-md"
                leftSection={fixedPerson ? <IconDeviceMobile size={16} aria-hidden /> : <IconUser size={16} aria-hidden />}
                onClick={() => setSwitching(true)}
                aria-label={shownName ? t('header.personLabel', { name: shownName }) : t('header.choosePerson')}
                className="person-button"
              >
                <Text span size="sm" truncate className="person-name">
                  {shownName ?? t('header.choosePerson')}
                </Text>
              </Button>
            </Tooltip>
            {!phone && <EvacuationLink />}
            {!phone && <MovesMenu />}
            {!phone && coordinator && <BeforeAfterMenu />}
            {!phone && coordinator && <ExchangeMenu />}
            {!phone && coordinator && <SyncMenu />}
            {!phone && <HeaderLinks />}
            {!phone && <LanguagePicker />}
          </Group>
        </Group>
      </AppShell.Header>
      {/* On a phone the drawer, closed, is out of reach of the keyboard and screen readers too. */}
      <AppShell.Navbar className="app-navbar" aria-label={phone ? t('workshop.header.menu') : undefined} inert={phone && !navOpened}>
        {phone && <HeaderLinks placement="navbar" onNavigate={closeNav} />}
        <LocationTree selection={selection} onSelect={select} />
      </AppShell.Navbar>
      <AppShell.Main className="app-main">
        {info.isError ? (
          <ErrorState error={info.error} onRetry={() => void info.refetch()} />
        ) : info.isPending ? (
          pageLoader
        ) : (
          <Suspense fallback={pageLoader}>
            <Routes>
              <Route path="/" element={<MainPage />} />
              <Route path="/objects/:id" element={<ObjectPage />} />
              <Route path="/locations/:id" element={<LocationPage />} />
              <Route path="/rapid" element={<RapidMovePage />} />
              <Route path="/search" element={<SearchPage />} />
              <Route path="/photos" element={<PhonePhotosPage />} />
              <Route path="/batches" element={<BatchesPage />} />
              <Route path="/changes" element={<ChangesPage />} />
              <Route path="/dashboard" element={<DashboardPage />} />
              {coordinator && <Route path="/settings" element={<SettingsPage />} />}
              {coordinator && <Route path="/milestones" element={<MilestonesPage />} />}
              {coordinator && <Route path="/compare" element={<ComparePage />} />}
              {coordinator && <Route path="/viewpoints" element={<ViewpointsPage />} />}
              {coordinator && <Route path="/viewpoints/compare" element={<ViewpointsComparePage />} />}
              {coordinator && <Route path="/report" element={<ReportPage />} />}
              {coordinator && <Route path="/import" element={<ImportPage />} />}
              {coordinator && <Route path="/photos/import" element={<PhotoImportPage />} />}
              {coordinator && <Route path="/workshop" element={<WorkshopPage />} />}
              <Route path="/evacuations" element={<EvacuationsPage />} />
              <Route path="/evacuations/:id" element={<EvacuationPage />} />
              <Route path="/evacuations/:id/pack" element={<EvacuationScanPage mode="pack" key="pack" />} />
              <Route path="/evacuations/:id/load" element={<EvacuationScanPage mode="load" key="load" />} />
              <Route path="/evacuations/:id/receive" element={<EvacuationScanPage mode="receive" key="receive" />} />
              {coordinator && <Route path="/sync" element={<SyncPage />} />}
              {coordinator && <Route path="/conflicts" element={<ConflictsPage />} />}
              <Route path="*" element={coordinator ? <MainPage /> : <RapidMovePage />} />
            </Routes>
          </Suspense>
        )}
      </AppShell.Main>
      {phone && (
        <AppShell.Footer className="app-footer">
          <BottomNav />
        </AppShell.Footer>
      )}
      <WhoAreYouModal opened={!fixedPerson && (needsPerson || switching)} required={needsPerson} onClose={() => setSwitching(false)} />
      {fixedPerson && (
        <Modal opened={switching} onClose={() => setSwitching(false)} title={t('workshop.header.deviceTitle')} centered>
          <Stack gap="md">
            <Text>{t('workshop.header.deviceBody', { name: fixedPerson.name, device: session.device?.name ?? '' })}</Text>
            <Text size="sm" c="dimmed">
              {t('workshop.header.deviceSwitch')}
            </Text>
            <Group justify="space-between" wrap="nowrap">
              <LanguagePicker />
              <Button onClick={() => setSwitching(false)}>{t('workshop.header.close')}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </AppShell>
  );
}
