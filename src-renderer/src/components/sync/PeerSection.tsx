import { Alert, Button, Card, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import type { Output } from '@contract';
import { IconAlertTriangle, IconArrowsExchange, IconCertificate, IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/errors';
import { useJob } from '../../api/jobs';
import { useFormatters } from '../../lib/format';
import { describeError } from '../../lib/notify';
import { CertificateFingerprint } from '../CertificateFingerprint';
import { SectionHeader } from '../SectionHeader';
import { SyncProgress } from './SyncProgress';
import { SyncWarnings } from './SyncSummaryView';

type Stage =
  | { kind: 'choose' }
  | { kind: 'running'; url: string }
  | { kind: 'confirm'; fingerprint: string }
  | { kind: 'done'; result: Output<'sync.withPeer'> }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: unknown };

const PHASES = ['connect', 'pull', 'apply', 'push', 'done'] as const;

/**
 * "Sync with another laptop": both ways, directly, with another laptop holding a copy of this catalogue whose workshop
 * is open on this network. Its address (or the link for a laptop from its Workshop page) and its code; its
 * certificate is trusted only once its fingerprint is confirmed here, and remembered with the key it gives.
 * The desktop menu's File › Sync with a Workshop… lands here (`focus`).
 */
export function PeerSection({ focus }: { focus: string | null }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const job = useJob();
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const input = useRef<HTMLInputElement>(null);
  const card = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!focus) return;
    card.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
    input.current?.focus();
  }, [focus]);

  async function sync(fingerprint?: string) {
    const address = url.trim();
    if (!address) return input.current?.focus();
    setStage({ kind: 'running', url: address });
    try {
      const result = await job.run('sync.withPeer', { url: address, ...(code.trim() ? { code: code.trim() } : {}), ...(fingerprint ? { fingerprint } : {}) });
      setCode('');
      setStage({ kind: 'done', result });
    } catch (error) {
      if (error instanceof ApiError && error.key === 'sync.cancelled') return setStage({ kind: 'cancelled' });
      if (error instanceof ApiError && error.key === 'sync.peerFingerprintNeeded' && typeof error.params?.fingerprint === 'string') {
        return setStage({ kind: 'confirm', fingerprint: error.params.fingerprint });
      }
      setStage({ kind: 'failed', error });
    }
  }

  const phase = job.progress?.current && (PHASES as readonly string[]).includes(job.progress.current) ? job.progress.current : null;
  const conflicts = stage.kind === 'done' ? stage.result.pulled.conflicts + stage.result.pushed.conflicts : 0;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="sync-peer" data-testid="sync-peer" ref={card}>
      <Stack gap="md">
        <SectionHeader id="sync-peer" title={t('sync.peer.title')} help={t('sync.peer.help')} />
        {stage.kind === 'running' ? (
          <SyncProgress
            label={t('sync.peer.running', { url: stage.url })}
            progress={job.progress}
            note={[phase ? t(`sync.peer.phase.${phase}`) : null, t('sync.peer.allOrNothing')].filter(Boolean).join(' ')}
            onCancel={async () => {
              await job.cancel();
            }}
          />
        ) : stage.kind === 'confirm' ? (
          <Alert color="blue" variant="light" icon={<IconCertificate aria-hidden />} title={t('sync.peer.confirm.title')} data-testid="sync-peer-confirm">
            <Stack gap="sm">
              <Text size="sm">{t('sync.peer.confirm.help')}</Text>
              <CertificateFingerprint fingerprint={stage.fingerprint} label={t('workshop.fingerprintLabel')} testId="sync-peer-fingerprint" />
              <Group justify="flex-end" gap="sm">
                <Button variant="default" onClick={() => setStage({ kind: 'choose' })} className="sync-action">
                  {t('common.cancel')}
                </Button>
                <Button onClick={() => void sync(stage.fingerprint)} data-testid="sync-peer-confirm-yes" className="sync-action">
                  {t('sync.peer.confirm.yes')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : stage.kind === 'done' ? (
          <Stack gap="sm" data-testid="sync-peer-done">
            <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('sync.peer.result.title', { name: stage.result.catalogueName })}>
              <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing="sm" className="sync-peer-result">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    <Table.Th ta="end">{t('sync.peer.result.applied')}</Table.Th>
                    <Table.Th ta="end">{t('sync.peer.result.skipped')}</Table.Th>
                    <Table.Th ta="end">{t('sync.peer.result.conflicts')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(['pulled', 'pushed'] as const).map((way) => (
                    <Table.Tr key={way} data-testid={`sync-peer-${way}`}>
                      <Table.Th scope="row">{t(way === 'pulled' ? 'sync.peer.result.in' : 'sync.peer.result.out')}</Table.Th>
                      <Table.Td ta="end">{number(stage.result[way].applied)}</Table.Td>
                      <Table.Td ta="end">{number(stage.result[way].skipped)}</Table.Td>
                      <Table.Td ta="end">{number(stage.result[way].conflicts)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Alert>
            <SyncWarnings warnings={stage.result.warnings} />
            <Text size="sm" c="dimmed">
              {conflicts > 0 ? t('sync.result.conflictsHelp') : t('sync.result.noConflicts')}
            </Text>
            <Group justify="flex-end" gap="sm" wrap="wrap">
              {conflicts > 0 && (
                <Button component={Link} to="/conflicts" color="orange" variant="light" className="sync-action">
                  {t('sync.result.openConflicts')}
                </Button>
              )}
              <Button variant="default" onClick={() => setStage({ kind: 'choose' })} className="sync-action">
                {t('sync.peer.again')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="md">
            {stage.kind === 'failed' && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('sync.peer.failed')} role="alert" data-testid="sync-peer-error">
                {describeError(t, stage.error).detail || describeError(t, stage.error).title}
              </Alert>
            )}
            {stage.kind === 'cancelled' && (
              <Alert color="gray" variant="light" data-testid="sync-peer-cancelled">
                {t('sync.peer.cancelled')}
              </Alert>
            )}
            <TextInput
              ref={input}
              label={t('sync.peer.address')}
              description={t('sync.peer.addressHelp')}
              placeholder="https://192.168.1.20:5190/"
              value={url}
              onChange={(event) => setUrl(event.currentTarget.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') void sync();
              }}
              autoComplete="off"
              spellCheck={false}
              data-testid="sync-peer-url"
            />
            <TextInput
              label={t('sync.peer.code')}
              description={t('sync.peer.codeHelp')}
              placeholder="K7QX2-M9PRT"
              value={code}
              onChange={(event) => setCode(event.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
              maw={260}
              data-testid="sync-peer-code"
            />
            <Group justify="flex-end">
              <Button leftSection={<IconArrowsExchange size={16} aria-hidden />} onClick={() => void sync()} disabled={!url.trim()} data-testid="sync-peer-start" className="sync-action">
                {t('sync.peer.sync')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
