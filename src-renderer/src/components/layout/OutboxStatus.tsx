import { Badge, Tooltip } from '@mantine/core';
import { IconCloudOff, IconCloudUpload } from '@tabler/icons-react';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { outbox, transport } from '../../api/client';

const subscribe = (listener: () => void) => outbox?.subscribe(listener) ?? (() => {});

/** The number of changes this device has not sent yet (0 in the desktop app, which has no network between). */
export function usePendingChanges(): number {
  return useSyncExternalStore(subscribe, () => outbox?.pending() ?? 0);
}

const subscribeOnline = (listener: () => void) => {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
};

/**
 * Whether this device cannot reach the server now: the browser says it is offline, a change could not be sent, or
 * the live connection is down (after a moment's grace at start).
 */
export function useOffline(): boolean {
  const [connected, setConnected] = useState(transport.connected());
  const [grace, setGrace] = useState(true);
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);
  const stalled = useSyncExternalStore(subscribe, () => outbox?.stalled() ?? false);
  useEffect(() => transport.onConnection(setConnected), []);
  useEffect(() => {
    const timer = setTimeout(() => setGrace(false), 4000);
    return () => clearTimeout(timer);
  }, []);
  return transport.kind === 'http' && (!online || stalled || (!connected && !grace));
}

/** "3 not sent yet" while changes wait for the network, and "Offline" while the connection is down. */
export function OutboxStatus() {
  const { t } = useTranslation();
  const pending = usePendingChanges();
  const offline = useOffline();
  if (pending === 0 && !offline) return null;
  return (
    <Tooltip label={pending > 0 ? t('workshop.outbox.help') : t('workshop.outbox.offlineHelp')} multiline w={260} openDelay={200}>
      <Badge
        size="lg"
        color={pending > 0 ? 'yellow' : 'gray'}
        variant="light"
        leftSection={offline ? <IconCloudOff size={16} aria-hidden /> : <IconCloudUpload size={16} aria-hidden />}
        className="outbox-status"
        role="status"
        data-testid="outbox-status"
      >
        {pending > 0 ? t('workshop.outbox.pending', { count: pending }) : t('workshop.outbox.offline')}
      </Badge>
    </Tooltip>
  );
}
