import { Center, Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter } from 'react-router';
import { useAccessLost } from '../api/access';
import { call, outbox, transport } from '../api/client';
import { ApiError } from '../api/errors';
import { queryKey } from '../api/hooks';
import { setPersonId } from '../api/person';
import { SessionContext } from '../api/session';
import { ErrorState } from '../components/ErrorState';
import { TokenMissing } from '../components/TokenMissing';
import { JoinScreen } from '../components/workshop/JoinScreen';
import { App } from './App';

/**
 * Who this client is decides what it sees: the catalogue's own app and a joined device open the app (a device as its
 * person, which it cannot switch); a browser that has not joined the workshop sees how to join; one without the
 * server's token sees how to get the link. A device revoked while in use is told so at once.
 */
export function Gate() {
  const { t } = useTranslation();
  const lost = useAccessLost();
  const current = useQuery({
    queryKey: queryKey('devices.current', {}),
    queryFn: () => call('devices.current', {}),
    staleTime: Infinity,
    retry: (failures, error) => error instanceof ApiError && error.code === 'NETWORK' && failures < 3,
  });
  const session = current.data;

  useEffect(() => {
    if (!session) return;
    // A device works as the person it joined as; the host chooses (WhoAreYouModal).
    if (session.person) setPersonId(session.person.id);
    void outbox?.start(session.catalogueId);
  }, [session]);
  useEffect(() => {
    if (lost) outbox?.stop();
  }, [lost]);

  if (transport.joinCode || lost) {
    const person = session?.person;
    return <JoinScreen code={transport.joinCode} lost={lost} current={person ? { personName: person.name } : null} />;
  }
  if (current.isPending) {
    return (
      <Center h="100dvh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (current.isError) {
    const error = current.error;
    if (error instanceof ApiError && error.code === 'UNAUTHORIZED') {
      if (error.key === 'workshop.joinRequired') return <JoinScreen code={null} lost={null} />;
      if (error.key === 'workshop.deviceRevoked') return <JoinScreen code={null} lost="revoked" />;
      if (error.key === 'workshop.deviceUnknown') return <JoinScreen code={null} lost="unknown" />;
      return <TokenMissing invalid={sessionStorageHasToken()} />;
    }
    return (
      <Center h="100dvh" p="md">
        <ErrorState error={error} onRetry={() => void current.refetch()} />
      </Center>
    );
  }
  return (
    <SessionContext.Provider value={session!}>
      <HashRouter>
        <App />
      </HashRouter>
    </SessionContext.Provider>
  );
}

function sessionStorageHasToken(): boolean {
  try {
    return sessionStorage.getItem('storeroom.token') !== null;
  } catch {
    return false;
  }
}
