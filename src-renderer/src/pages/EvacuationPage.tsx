import { Alert, Anchor, Button, Card, Group, Modal, SimpleGrid, Skeleton, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { TEAM_ROLES, type Output } from '@contract';
import { IconArrowBackUp, IconEdit, IconFlagCheck, IconListCheck, IconPackage, IconPlayerPlay, IconPlus, IconTruck, IconTruckDelivery } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { BackLink } from '../components/BackLink';
import { ErrorState } from '../components/ErrorState';
import { AddObjectsModal } from '../components/evacuations/AddObjectsModal';
import { DocumentsMenu } from '../components/evacuations/DocumentsMenu';
import { EvacuationFormModal, usePlaceNames } from '../components/evacuations/EvacuationFormModal';
import { BoxesList, ItemsList, Reconciliation } from '../components/evacuations/Lists';
import { ProgressSummary } from '../components/evacuations/ProgressSummary';
import { EvacuationStatusBadge } from '../components/evacuations/shared';
import { LocationSelect } from '../components/objects/LocationSelect';
import { useFormatters } from '../lib/format';
import { notifyError, notifySuccess } from '../lib/notify';
import { serverMessage } from '../lib/serverMessages';
import { ApiError } from '../api/errors';
import '../components/evacuations/evacuations.css';

type Detail = Output<'evacuations.get'>;
const TABS = ['plan', 'list', 'boxes', 'reconcile'] as const;
type Tab = (typeof TABS)[number];

/**
 * One evacuation: its status and what to do next (start it, pack, load, receive, close it, bring the objects back), the
 * dashboard of its progress, and its plan, list, boxes and reconciliation.
 */
export function EvacuationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'plan';
  const evacuation = useQueryProc('evacuations.get', { id });
  const [dialog, setDialog] = useState<'edit' | 'add' | 'start' | 'close' | 'return' | null>(null);

  if (evacuation.isError) return <ErrorState error={evacuation.error} onRetry={() => void evacuation.refetch()} />;
  if (evacuation.isPending) return <Skeleton h={300} />;
  const e = evacuation.data;
  const active = e.status === 'under_way' || e.status === 'returning';
  const scanLink = (mode: 'pack' | 'load' | 'receive', icon: ReactNode, color: string) => (
    <Button component={Link} to={`/evacuations/${e.id}/${mode}`} size="lg" color={color} leftSection={icon} data-testid={`go-${mode}`}>
      {t(`evacuation.scan.title.${mode}`)}
    </Button>
  );

  return (
    <Stack gap="md" className="evac-page" pb="xl">
      <BackLink to="/evacuations" label={t('evacuation.listTitle')} />
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="wrap" align="center">
            <Title order={1} size="h3">
              <Text span ff="monospace" c="dimmed" mr={8} inherit>
                {e.code}
              </Text>
              {e.name}
            </Title>
            <EvacuationStatusBadge status={e.status} size="lg" />
          </Group>
          <Text size="sm" c="dimmed">
            {t(`evacuation.reasons.${e.reason}`)}
            {e.destinationName ? ` · ${t('evacuation.toDestination', { name: e.destinationName })}` : ''}
          </Text>
        </div>
        <Group gap="xs" wrap="wrap">
          <DocumentsMenu evacuationId={e.id} packingLocation={e.packingLocation} />
          {e.status !== 'returned' && (
            <Button variant="default" leftSection={<IconEdit size={16} aria-hidden />} onClick={() => setDialog('edit')}>
              {t('evacuation.editPlan')}
            </Button>
          )}
        </Group>
      </Group>

      {e.status === 'planned' && (
        <Alert color="gray" variant="light" title={t('evacuation.plannedTitle')}>
          <Stack gap="sm">
            <Text size="sm">{t('evacuation.plannedBody')}</Text>
            <Group gap="sm" wrap="wrap">
              <Button color="red" size="lg" leftSection={<IconPlayerPlay size={20} aria-hidden />} onClick={() => setDialog('start')} data-testid="start-evacuation">
                {t('evacuation.start')}
              </Button>
              <Button variant="light" size="lg" leftSection={<IconPlus size={20} aria-hidden />} onClick={() => setDialog('add')} data-testid="add-objects">
                {t('evacuation.addObjects')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {active && (
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          {scanLink('pack', <IconPackage size={20} aria-hidden />, 'yellow.7')}
          {scanLink('load', <IconTruck size={20} aria-hidden />, 'orange')}
          {scanLink('receive', <IconTruckDelivery size={20} aria-hidden />, 'teal')}
        </SimpleGrid>
      )}
      {e.status !== 'planned' && <ProgressSummary progress={e.progress} />}
      {active && (
        <Group gap="sm" wrap="wrap">
          {e.status === 'under_way' && (
            <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog('add')} data-testid="add-objects">
              {t('evacuation.addObjects')}
            </Button>
          )}
          {e.status === 'returning' && <PutBackButton evacuationId={e.id} />}
          <Button variant="outline" color="teal" leftSection={<IconFlagCheck size={16} aria-hidden />} onClick={() => setDialog('close')} data-testid="close-evacuation">
            {e.status === 'returning' ? t('evacuation.closeReturn') : t('evacuation.close')}
          </Button>
        </Group>
      )}
      {e.status === 'completed' && (
        <Alert color="teal" variant="light" title={t('evacuation.completedTitle')}>
          <Stack gap="sm">
            <Text size="sm">{t('evacuation.completedBody')}</Text>
            <Button variant="white" color="teal" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => setDialog('return')} style={{ alignSelf: 'flex-start' }} data-testid="start-return">
              {t('evacuation.startReturn')}
            </Button>
          </Stack>
        </Alert>
      )}

      <Tabs value={tab} onChange={(v) => setParams(v && v !== 'plan' ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List className="evac-tabs">
          <Tabs.Tab value="plan">{t('evacuation.tabs.plan')}</Tabs.Tab>
          <Tabs.Tab value="list" leftSection={<IconListCheck size={16} aria-hidden />}>
            {t('evacuation.tabs.list', { count: e.progress.total })}
          </Tabs.Tab>
          <Tabs.Tab value="boxes">{t('evacuation.tabs.boxes', { count: e.progress.boxes.total })}</Tabs.Tab>
          <Tabs.Tab value="reconcile" color={e.progress.unaccounted > 0 ? 'red' : undefined}>
            {t('evacuation.tabs.reconcile')}
            {e.progress.unaccounted > 0 ? ` (${e.progress.unaccounted})` : ''}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="plan" pt="md">
          <Plan e={e} />
        </Tabs.Panel>
        <Tabs.Panel value="list" pt="md">
          <Stack gap="sm">
            {(e.status === 'planned' || e.status === 'under_way') && (
              <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setDialog('add')} style={{ alignSelf: 'flex-start' }}>
                {t('evacuation.addObjects')}
              </Button>
            )}
            <ItemsList evacuationId={e.id} editable={e.status === 'planned' || e.status === 'under_way'} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="boxes" pt="md">
          <BoxesList evacuationId={e.id} canCreate={active} />
        </Tabs.Panel>
        <Tabs.Panel value="reconcile" pt="md">
          <Reconciliation evacuationId={e.id} />
        </Tabs.Panel>
      </Tabs>

      {dialog === 'edit' && <EvacuationFormModal evacuation={e} onClose={() => setDialog(null)} />}
      {dialog === 'add' && <AddObjectsModal evacuationId={e.id} onClose={() => setDialog(null)} />}
      {dialog === 'start' && <StartModal e={e} onClose={() => setDialog(null)} />}
      {dialog === 'close' && <CloseModal e={e} onClose={() => setDialog(null)} />}
      {dialog === 'return' && <ReturnModal e={e} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

function Plan({ e }: { e: Detail }) {
  const { t } = useTranslation();
  const { dateTime, number } = useFormatters();
  const facts: [string, ReactNode][] = [
    [t('evacuation.plan.reason'), t(`evacuation.reasons.${e.reason}`)],
    [t('evacuation.plan.authorizedBy'), e.authorizedBy],
    [t('evacuation.plan.authorizedAt'), e.authorizedAt ? dateTime(e.authorizedAt) : ''],
    [t('evacuation.plan.authorizedObjects'), e.authorizedObjects === null ? '' : number(e.authorizedObjects)],
    [t('evacuation.plan.destination'), [e.destinationName, e.destinationAddress].filter(Boolean).join('\n')],
    [t('evacuation.plan.coordinates'), e.destinationLatitude !== null && e.destinationLongitude !== null ? `${e.destinationLatitude}, ${e.destinationLongitude}` : ''],
    [t('evacuation.plan.route'), e.route],
    [t('evacuation.plan.assemblyPoints'), e.assemblyPoints],
    [t('evacuation.plan.notes'), e.notes],
    [t('evacuation.plan.started'), e.startedAt ? dateTime(e.startedAt) : ''],
    [t('evacuation.plan.completed'), e.completedAt ? dateTime(e.completedAt) : ''],
    [t('evacuation.plan.closingNote'), e.closingNote],
    [t('evacuation.plan.returnStarted'), e.returnStartedAt ? dateTime(e.returnStartedAt) : ''],
    [t('evacuation.plan.returned'), e.returnedAt ? dateTime(e.returnedAt) : ''],
    [t('evacuation.plan.returnClosingNote'), e.returnClosingNote],
  ];
  const places = (
    [
      ['packing', e.packingLocation],
      ['transit', e.transitLocation],
      ['destinationPlace', e.destinationLocation],
      ['returnPlace', e.returnLocation],
    ] as const
  ).filter(([, place]) => place !== null);
  const team = [...e.team].sort((a, b) => TEAM_ROLES.indexOf(a.role) - TEAM_ROLES.indexOf(b.role));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Card withBorder radius="md" padding="md">
        <dl className="evac-facts">
          {facts
            .filter(([, value]) => value !== '')
            .map(([label, value]) => (
              <div key={label} style={{ display: 'contents' }}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </Card>
      <Stack gap="md">
        <Card withBorder radius="md" padding="md">
          <Text fw={700} mb="xs">
            {t('evacuation.plan.team')}
          </Text>
          {team.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('evacuation.plan.noTeam')}
            </Text>
          ) : (
            <div className="evac-team">
              {team.map((m, i) => (
                <div key={i}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                    {t(`evacuation.roles.${m.role}`)}
                  </Text>
                  <Text size="sm" fw={600}>
                    {m.name}
                  </Text>
                  {m.contact && <Text size="sm">{m.contact}</Text>}
                </div>
              ))}
            </div>
          )}
        </Card>
        {places.length > 0 && (
          <Card withBorder radius="md" padding="md">
            <Text fw={700} mb="xs">
              {t('evacuation.plan.places')}
            </Text>
            <dl className="evac-facts">
              {places.map(([key, place]) => (
                <div key={key} style={{ display: 'contents' }}>
                  <dt>{t(`evacuation.plan.${key}`)}</dt>
                  <dd>
                    <Anchor component={Link} to={`/locations/${place!.id}`} ff="monospace">
                      {place!.code}
                    </Anchor>
                  </dd>
                </div>
              ))}
            </dl>
          </Card>
        )}
      </Stack>
    </SimpleGrid>
  );
}

function StartModal({ e, onClose }: { e: Detail; onClose: () => void }) {
  const { t } = useTranslation();
  const placeNames = usePlaceNames();
  const start = useMutationProc('evacuations.start', {
    onSuccess: () => {
      notifySuccess(t('evacuation.started', { name: e.name }));
      onClose();
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Modal opened onClose={onClose} title={t('evacuation.startTitle', { name: e.name })} centered>
      <Stack gap="md">
        <Text size="sm">{t('evacuation.startBody', { count: e.progress.total })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={start.isPending} onClick={() => start.mutate({ id: e.id, placeNames: placeNames(e.name) })} data-autofocus data-testid="confirm-start">
            {t('evacuation.start')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CloseModal({ e, onClose }: { e: Detail; onClose: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const outstanding = e.progress.total - e.progress.byStatus.received - e.progress.byStatus.placed;
  const close = useMutationProc('evacuations.close', {
    onSuccess: () => {
      notifySuccess(t('evacuation.closed', { name: e.name }));
      onClose();
    },
    onError: (err) => (err instanceof ApiError && err.code === 'VALIDATION' ? setError(serverMessage(t, err)) : notifyError(t, err)),
  });
  return (
    <Modal opened onClose={onClose} title={e.status === 'returning' ? t('evacuation.closeReturnTitle') : t('evacuation.closeTitle')} centered>
      <Stack gap="md">
        {outstanding > 0 ? (
          <Alert color="red" variant="light" title={t('evacuation.closeOutstanding', { count: outstanding, formatted: number(outstanding) })}>
            {t('evacuation.closeOutstandingHelp')}
          </Alert>
        ) : (
          <Text size="sm">{t('evacuation.closeAllAccounted')}</Text>
        )}
        <Textarea
          label={t('evacuation.closeReason')}
          description={outstanding > 0 ? t('evacuation.closeReasonRequired') : t('evacuation.closeReasonOptional')}
          value={reason}
          onChange={(ev) => {
            setReason(ev.currentTarget.value);
            setError(null);
          }}
          error={error}
          required={outstanding > 0}
          autosize
          minRows={3}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="teal" loading={close.isPending} onClick={() => close.mutate({ id: e.id, ...(reason.trim() ? { reason: reason.trim() } : {}) })} data-testid="confirm-close">
            {e.status === 'returning' ? t('evacuation.closeReturn') : t('evacuation.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ReturnModal({ e, onClose }: { e: Detail; onClose: () => void }) {
  const { t } = useTranslation();
  const [locationId, setLocationId] = useState<string | null>(e.suggestedReturnLocationId);
  const navigate = useNavigate();
  const start = useMutationProc('evacuations.startReturn', {
    onSuccess: () => {
      notifySuccess(t('evacuation.returnStarted', { name: e.name }));
      onClose();
      navigate(`/evacuations/${e.id}`);
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Modal opened onClose={onClose} title={t('evacuation.startReturn')} centered>
      <Stack gap="md">
        <Text size="sm">{t('evacuation.returnBody')}</Text>
        <LocationSelect label={t('evacuation.returnLocation')} description={t('evacuation.returnLocationHelp')} value={locationId} onChange={setLocationId} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button disabled={!locationId} loading={start.isPending} onClick={() => locationId && start.mutate({ id: e.id, returnLocationId: locationId })} data-testid="confirm-return">
            {t('evacuation.startReturn')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function PutBackButton({ evacuationId }: { evacuationId: string }) {
  const { t } = useTranslation();
  const putBack = useMutationProc('evacuations.putBack', {
    onSuccess: (result) => notifySuccess(t('evacuation.putBackDone', { count: result.moved, skipped: result.skipped.length })),
    onError: (error) => notifyError(t, error),
  });
  return (
    <Button variant="light" color="green" loading={putBack.isPending} onClick={() => putBack.mutate({ evacuationId })} data-testid="put-back">
      {t('evacuation.putBack')}
    </Button>
  );
}
