import { Alert, Badge, Button, Checkbox, Code, Group, Modal, Paper, SegmentedControl, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { Device, QrMatrix, WorkshopStatus } from '@contract';
import { IconAlertTriangle, IconCopy, IconDeviceLaptop, IconDeviceMobile, IconPlugConnected, IconPlugConnectedX, IconShieldCheck, IconUsersGroup, IconWifi } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { transport } from '../api/client';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { CertificateFingerprint } from '../components/CertificateFingerprint';
import { ErrorState } from '../components/ErrorState';
import { useFormatters } from '../lib/format';
import { notifyError } from '../lib/notify';
import '../components/workshop/workshop.css';

/** A QR code drawn from its modules, with the quiet zone of four modules that readers need around it. */
export function QrCode({ matrix, label, size = 260 }: { matrix: QrMatrix; label: string; size?: number }) {
  const quiet = 4;
  const total = matrix.size + quiet * 2;
  const path: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (matrix.modules[row * matrix.size + col] !== '1') {
        col++;
        continue;
      }
      let end = col;
      while (end < matrix.size && matrix.modules[row * matrix.size + end] === '1') end++;
      path.push(`M${col + quiet} ${row + quiet}h${end - col}v1h${col - end}z`);
      col = end;
    }
  }
  return (
    <svg viewBox={`0 0 ${total} ${total}`} width={size} height={size} role="img" aria-label={label} className="qr-code" shapeRendering="crispEdges">
      <rect width={total} height={total} fill="#fff" />
      <path d={path.join('')} fill="#000" />
    </svg>
  );
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * The workshop, for the coordinator: open the catalogue to the team's devices on this network, show the QR code and
 * address they join with (a new one-time code as soon as one is used), say what a phone shows the first time, list
 * the devices with their person and changes, revoke one, close the workshop.
 */
export function WorkshopPage() {
  const { t } = useTranslation();
  const status = useQueryProc('workshop.status', {}, { staleTime: 0 });
  const [insecureHttp, setInsecureHttp] = useState(false);
  const desktop = transport.kind === 'ipc';
  const open = useMutationProc('workshop.open', { onError: (error) => notifyError(t, error) });
  const [closing, setClosing] = useState(false);
  const close = useMutationProc('workshop.close', { onSuccess: () => setClosing(false), onError: (error) => notifyError(t, error) });
  const code = status.data?.code;

  // A new code when this one expires (the server makes it; the page asks for it).
  useEffect(() => {
    if (!code) return;
    const wait = new Date(code.expiresAt).getTime() - Date.now() + 500;
    const timer = setTimeout(() => void status.refetch(), Math.max(1000, wait));
    return () => clearTimeout(timer);
  }, [code, status]);

  if (status.isError) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;

  return (
    <Stack gap="lg" className="workshop-page">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} size="h3">
            {t('workshop.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('workshop.subtitle')}
          </Text>
        </div>
        {status.data?.open && (
          <Group gap="sm">
            <Badge size="lg" color="teal" variant="light" leftSection={<IconPlugConnected size={16} aria-hidden />}>
              {t('workshop.connected', { count: status.data.connected })}
            </Badge>
            {desktop && (
              <Button color="red" variant="light" leftSection={<IconPlugConnectedX size={18} aria-hidden />} onClick={() => setClosing(true)}>
                {t('workshop.close')}
              </Button>
            )}
          </Group>
        )}
      </Group>

      {status.data && !status.data.open && (
        <Paper withBorder radius="lg" p="xl" className="workshop-closed">
          <Stack gap="md" maw={640}>
            <Group gap="sm" wrap="nowrap">
              <ThemeIcon size={48} radius="xl" variant="light" aria-hidden>
                <IconUsersGroup size={26} />
              </ThemeIcon>
              <Text fw={700} size="lg">
                {t('workshop.closedTitle')}
              </Text>
            </Group>
            <ol className="workshop-steps">
              <li>{t('workshop.closedStep1')}</li>
              <li>{t('workshop.closedStep2')}</li>
              <li>{t('workshop.closedStep3')}</li>
            </ol>
            {desktop ? (
              <>
                <Checkbox
                  checked={insecureHttp}
                  onChange={(e) => setInsecureHttp(e.currentTarget.checked)}
                  label={t('workshop.httpOption')}
                  description={t('workshop.httpOptionHelp')}
                />
                <Button size="lg" leftSection={<IconWifi size={22} aria-hidden />} loading={open.isPending} onClick={() => open.mutate(insecureHttp ? { insecureHttp } : {})} style={{ alignSelf: 'flex-start' }}>
                  {t('workshop.open')}
                </Button>
              </>
            ) : (
              <Alert color="gray" variant="light">
                {t('workshop.openFromDesktop')}
              </Alert>
            )}
          </Stack>
        </Paper>
      )}

      {status.data?.open && <OpenWorkshop status={status.data} />}
      {status.data?.open && status.data.https && desktop && <LaptopCode />}
      {status.data?.open && <DeviceList />}

      <Modal opened={closing} onClose={() => setClosing(false)} title={t('workshop.closeTitle')} centered>
        <Stack gap="md">
          <Text size="sm">{t('workshop.closeBody')}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setClosing(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={close.isPending} onClick={() => close.mutate({})} data-autofocus>
              {t('workshop.close')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function OpenWorkshop({ status }: { status: WorkshopStatus }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState(0);
  const address = status.addresses[Math.min(chosen, status.addresses.length - 1)]!;
  const expires = status.code ? new Date(status.code.expiresAt) : null;
  const now = useNow(15_000);
  const minutes = expires ? Math.max(1, Math.ceil((expires.getTime() - now) / 60_000)) : 0;
  const host = new URL(address.url).host;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Paper withBorder radius="lg" p="lg">
        <Stack gap="sm" align="center">
          <Text fw={700} size="lg">
            {t('workshop.scanTitle')}
          </Text>
          <QrCode matrix={address.qr} label={t('workshop.qrLabel', { address: address.url })} />
          {status.code && (
            <>
              <Text size="sm" c="dimmed">
                {t('workshop.codeLabel')}
              </Text>
              <Text ff="monospace" fw={800} className="workshop-code" data-testid="join-code">
                {status.code.value}
              </Text>
              <Text size="sm" c="dimmed" ta="center">
                {t('workshop.codeHelp', { count: minutes })}
              </Text>
            </>
          )}
        </Stack>
      </Paper>
      <Stack gap="lg">
        <Paper withBorder radius="lg" p="lg">
          <Stack gap="sm">
            <Text fw={700}>{t('workshop.typeTitle')}</Text>
            <Text size="sm">{t('workshop.typeHelp')}</Text>
            <Code block className="workshop-address" data-testid="workshop-address">
              {address.url}
            </Code>
            {status.addresses.length > 1 && (
              <>
                <Text size="sm" c="dimmed">
                  {t('workshop.otherAddresses')}
                </Text>
                <SegmentedControl
                  value={String(chosen)}
                  onChange={(value) => setChosen(Number(value))}
                  data={status.addresses.map((a, i) => ({ value: String(i), label: `${new URL(a.url).hostname} (${a.interface})` }))}
                  orientation="vertical"
                  fullWidth
                />
              </>
            )}
          </Stack>
        </Paper>
        {status.https ? (
          <Paper withBorder radius="lg" p="lg">
            <Stack gap="sm">
              <Group gap="sm" wrap="nowrap">
                <ThemeIcon variant="light" radius="xl" aria-hidden>
                  <IconShieldCheck size={18} />
                </ThemeIcon>
                <Text fw={700}>{t('workshop.firstTimeTitle')}</Text>
              </Group>
              <Text size="sm">{t('workshop.firstTimeWarning')}</Text>
              <Text size="sm">{t('workshop.firstTimeAndroid', { host })}</Text>
              <Text size="sm">{t('workshop.firstTimeIphone')}</Text>
              <Text size="sm">{t('workshop.firstTimeFingerprint')}</Text>
              <CertificateFingerprint fingerprint={status.fingerprint ?? ''} label={t('workshop.fingerprintLabel')} testId="fingerprint" />
            </Stack>
          </Paper>
        ) : (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('workshop.httpTitle')}>
            {t('workshop.httpBody')}
          </Alert>
        )}
      </Stack>
    </SimpleGrid>
  );
}

/**
 * A code for another laptop with a copy of this catalogue, to sync with this one directly (Field copies and merging ›
 * Sync with another laptop, on it): a link that carries the code and the certificate's fingerprint.
 */
function LaptopCode() {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const peerCode = useMutationProc('workshop.peerCode', { onError: (error) => notifyError(t, error) });
  const issued = peerCode.data;
  return (
    <Paper withBorder radius="lg" p="lg" data-testid="workshop-laptop">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon variant="light" radius="xl" aria-hidden>
            <IconDeviceLaptop size={18} />
          </ThemeIcon>
          <Text fw={700}>{t('workshop.laptop.title')}</Text>
        </Group>
        <Text size="sm">{t('workshop.laptop.help')}</Text>
        {issued && (
          <Stack gap={6}>
            <Text size="sm" c="dimmed">
              {t('workshop.laptop.link')}
            </Text>
            <Code block className="workshop-address" data-testid="workshop-laptop-link">
              {issued.link}
            </Code>
            <Group gap="sm" wrap="wrap">
              <Text size="sm">{t('workshop.laptop.code')}</Text>
              <Text ff="monospace" fw={800} data-testid="workshop-laptop-code">
                {issued.code.value}
              </Text>
              <Text size="sm" c="dimmed">
                {t('workshop.laptop.expires', { time: dateTime(issued.code.expiresAt) })}
              </Text>
            </Group>
          </Stack>
        )}
        <Group gap="sm">
          <Button variant={issued ? 'default' : 'filled'} leftSection={<IconDeviceLaptop size={18} aria-hidden />} loading={peerCode.isPending} onClick={() => peerCode.mutate({})} data-testid="workshop-laptop-make">
            {issued ? t('workshop.laptop.again') : t('workshop.laptop.make')}
          </Button>
          {issued && typeof navigator !== 'undefined' && navigator.clipboard && (
            <Button variant="subtle" leftSection={<IconCopy size={18} aria-hidden />} onClick={() => void navigator.clipboard.writeText(issued.link)}>
              {t('workshop.laptop.copy')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function DeviceList() {
  const { t } = useTranslation();
  const { dateTime, number } = useFormatters();
  // Last seen and the number of changes move all the time: read again every few seconds while the page is open.
  const devices = useQueryProc('devices.list', {}, { refetchInterval: 10_000, staleTime: 0 });
  const [revoking, setRevoking] = useState<Device | null>(null);
  const revoke = useMutationProc('devices.revoke', { onSuccess: () => setRevoking(null), onError: (error) => notifyError(t, error) });
  if (devices.isError) return <ErrorState error={devices.error} onRetry={() => void devices.refetch()} />;
  const list = devices.data?.devices ?? [];
  return (
    <Paper withBorder radius="lg" p="lg">
      <Stack gap="sm">
        <Text fw={700} size="lg">
          {t('workshop.devicesTitle')}
        </Text>
        {list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('workshop.devicesEmpty')}
          </Text>
        )}
        <Stack gap={8} component="ul" className="device-list" aria-label={t('workshop.devicesTitle')}>
          {list.map((device) => (
            <li key={device.id} className="device-row" data-revoked={device.revokedAt ? true : undefined}>
              <ThemeIcon variant="light" radius="xl" color={device.revokedAt ? 'gray' : 'teal'} aria-hidden>
                <IconDeviceMobile size={18} />
              </ThemeIcon>
              <div className="device-main">
                <Text fw={700}>{device.personName ?? t('workshop.noPerson')}</Text>
                <Text size="sm" c="dimmed">
                  {device.name}
                </Text>
              </div>
              <div className="device-facts">
                <Text size="sm">{device.revokedAt ? t('workshop.revokedAt', { when: dateTime(device.revokedAt) }) : t('workshop.lastSeen', { when: device.lastSeenAt ? dateTime(device.lastSeenAt) : '—' })}</Text>
                <Text size="sm" c="dimmed">
                  {t('workshop.changes', { count: device.changes, formatted: number(device.changes) })}
                </Text>
              </div>
              {!device.revokedAt && (
                <Button color="red" variant="light" onClick={() => setRevoking(device)} aria-label={t('workshop.revokeLabel', { device: device.name, person: device.personName ?? '' })}>
                  {t('workshop.revoke')}
                </Button>
              )}
            </li>
          ))}
        </Stack>
      </Stack>
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title={t('workshop.revokeTitle')} centered>
        <Stack gap="md">
          <Text size="sm">{t('workshop.revokeBody', { device: revoking?.name ?? '', person: revoking?.personName ?? '' })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setRevoking(null)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate({ deviceId: revoking.id })} data-autofocus>
              {t('workshop.revoke')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
