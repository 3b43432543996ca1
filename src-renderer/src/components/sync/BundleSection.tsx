import { Alert, Button, Card, Group, Radio, Stack, Text } from '@mantine/core';
import type { DialogChoice, Input, Output } from '@contract';
import { IconAlertTriangle, IconDeviceFloppy, IconDownload, IconFileZip, IconFolderOpen, IconPackageExport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseWithDialog, hasNativeDialogs } from '../../api/desktop';
import { ApiError } from '../../api/errors';
import { useQueryProc } from '../../api/hooks';
import { exportUrl, useJob } from '../../api/jobs';
import { useFormatters } from '../../lib/format';
import { describeError } from '../../lib/notify';
import { SectionHeader } from '../SectionHeader';
import { SyncProgress } from './SyncProgress';

type Scope = 'everything' | 'forPeer' | 'since';
type Stage = { kind: 'choose' } | { kind: 'running' } | { kind: 'done'; result: Output<'sync.bundle'> } | { kind: 'failed'; error: unknown };

/**
 * "Make a bundle for another copy": one file with this copy's changes and photos, to merge on another laptop. In a
 * browser it is downloaded; on the desktop it is saved where the user says, and may hold only what another copy lacks
 * (known by its folder, or by the last bundle it sent).
 */
export function BundleSection() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const job = useJob();
  const info = useQueryProc('catalogue.info', {});
  const [scope, setScope] = useState<Scope>('everything');
  const [peer, setPeer] = useState<DialogChoice | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });

  const choosePeer = async (next: Exclude<Scope, 'everything'>) => {
    try {
      const choice = await chooseWithDialog({ dialog: next === 'forPeer' ? 'syncFolder' : 'syncBundle' });
      if (choice) {
        setScope(next);
        setPeer(choice);
      }
    } catch (error) {
      setStage({ kind: 'failed', error });
    }
  };

  async function make() {
    let input: Omit<Input<'sync.bundle'>, 'jobId'> = {};
    if (hasNativeDialogs) {
      let target: DialogChoice | null;
      try {
        const today = new Date().toISOString().slice(0, 10);
        target = await chooseWithDialog({ dialog: 'saveBundle', defaultName: `${info.data?.name ?? 'Storeroom'} ${today}.storeroom-sync` });
      } catch (error) {
        return setStage({ kind: 'failed', error });
      }
      if (!target) return;
      input = { path: target.path, ...(scope === 'forPeer' && peer ? { forPeer: peer.path } : {}), ...(scope === 'since' && peer ? { since: peer.path } : {}) };
    }
    setStage({ kind: 'running' });
    try {
      setStage({ kind: 'done', result: await job.run('sync.bundle', input) });
    } catch (error) {
      setStage(error instanceof ApiError && error.key === 'sync.cancelled' ? { kind: 'choose' } : { kind: 'failed', error });
    }
  }

  const counts = (result: Output<'sync.bundle'>) =>
    t('sync.bundle.counts', {
      operations: t('sync.bundle.operations', { count: result.operations, formatted: number(result.operations) }),
      photos: t('sync.bundle.photos', { count: result.photos, formatted: number(result.photos) }),
    });

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="sync-bundle" data-testid="sync-bundle">
      <Stack gap="md">
        <SectionHeader id="sync-bundle" title={t('sync.bundle.title')} help={t('sync.bundle.help')} />
        {stage.kind === 'running' ? (
          <SyncProgress
            label={t('sync.bundle.running')}
            progress={job.progress}
            onCancel={async () => {
              await job.cancel();
            }}
          />
        ) : stage.kind === 'done' ? (
          <Stack gap="sm" data-testid="sync-bundle-done">
            <Alert color="teal" variant="light" icon={<IconFileZip aria-hidden />} title={t('sync.bundle.ready')}>
              <Stack gap={4}>
                <Text size="sm" ff="monospace" className="sync-file" data-testid="sync-bundle-file">
                  {stage.result.file ?? stage.result.fileName}
                </Text>
                <Text size="sm">{counts(stage.result)}</Text>
              </Stack>
            </Alert>
            <Text size="sm" c="dimmed">
              {t('sync.bundle.next')}
            </Text>
            <Group justify="flex-end" gap="sm" wrap="wrap">
              <Button variant="default" onClick={() => setStage({ kind: 'choose' })} className="sync-action">
                {t('sync.bundle.another')}
              </Button>
              {stage.result.exportId && (
                <Button
                  component="a"
                  href={exportUrl(stage.result.exportId)}
                  download={stage.result.fileName}
                  leftSection={<IconDownload size={16} aria-hidden />}
                  data-testid="sync-bundle-download"
                  className="sync-action"
                >
                  {t('sync.bundle.download')}
                </Button>
              )}
            </Group>
          </Stack>
        ) : (
          <Stack gap="md">
            {stage.kind === 'failed' && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={describeError(t, stage.error).title} role="alert" data-testid="sync-bundle-error">
                {describeError(t, stage.error).detail}
              </Alert>
            )}
            {hasNativeDialogs && (
              <Radio.Group value={scope} onChange={(value) => (value === 'everything' ? setScope('everything') : void choosePeer(value as Exclude<Scope, 'everything'>))} label={t('sync.bundle.what')}>
                <Stack gap="sm" mt={6}>
                  <Radio value="everything" label={t('sync.bundle.everything')} description={t('sync.bundle.everythingHelp')} />
                  <Radio value="forPeer" label={t('sync.bundle.forPeer')} description={scope === 'forPeer' && peer ? t('sync.bundle.chosen', { name: peer.path }) : t('sync.bundle.forPeerHelp')} />
                  <Radio value="since" label={t('sync.bundle.since')} description={scope === 'since' && peer ? t('sync.bundle.chosen', { name: peer.path }) : t('sync.bundle.sinceHelp')} />
                </Stack>
              </Radio.Group>
            )}
            {hasNativeDialogs && scope !== 'everything' && (
              <Group>
                <Button variant="subtle" leftSection={<IconFolderOpen size={16} aria-hidden />} onClick={() => void choosePeer(scope)} className="sync-action">
                  {scope === 'forPeer' ? t('sync.bundle.chooseFolder') : t('sync.bundle.chooseSince')}
                </Button>
              </Group>
            )}
            <Group justify="flex-end">
              <Button
                leftSection={hasNativeDialogs ? <IconDeviceFloppy size={16} aria-hidden /> : <IconPackageExport size={16} aria-hidden />}
                onClick={() => void make()}
                data-testid="sync-bundle-make"
                className="sync-action"
              >
                {hasNativeDialogs ? t('sync.bundle.save') : t('sync.bundle.make')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
