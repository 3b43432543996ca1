import { Alert, Button, Card, Code, Group, List, Stack, Text } from '@mantine/core';
import type { Output } from '@contract';
import { IconAlertTriangle, IconCircleCheck, IconCopy, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseWithDialog, hasNativeDialogs } from '../../api/desktop';
import { useQueryProc } from '../../api/hooks';
import { useJob } from '../../api/jobs';
import { describeError } from '../../lib/notify';
import { SectionHeader } from '../SectionHeader';
import { SyncProgress } from './SyncProgress';

type Stage = { kind: 'choose' } | { kind: 'running'; path: string } | { kind: 'done'; result: Output<'sync.copy'> } | { kind: 'failed'; error: unknown };

/**
 * "Take a field copy": a new catalogue folder with everything in this one and a device code of its own, for a laptop
 * that works elsewhere, offline. Desktop only (a folder on this computer); a browser is told where to do it.
 * `incoming` is a folder the desktop menu chose (File › Take a Field Copy…): the copy starts at once.
 */
export function FieldCopySection({ incoming }: { incoming: { id: string; path: string } | null }) {
  const { t } = useTranslation();
  const job = useJob();
  const info = useQueryProc('catalogue.info', {});
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const handled = useRef<string | null>(null);
  const section = useRef<HTMLElement>(null);

  async function copy(path: string) {
    setStage({ kind: 'running', path });
    try {
      setStage({ kind: 'done', result: await job.run('sync.copy', { path }) });
    } catch (error) {
      setStage({ kind: 'failed', error });
    }
  }

  async function choose() {
    try {
      const choice = await chooseWithDialog({ dialog: 'fieldCopyFolder', defaultName: t('sync.copy.defaultName', { name: info.data?.name ?? 'Storeroom' }) });
      if (choice) await copy(choice.path);
    } catch (error) {
      setStage({ kind: 'failed', error });
    }
  }

  useEffect(() => {
    if (!incoming || handled.current === incoming.id) return;
    handled.current = incoming.id;
    section.current?.scrollIntoView({ block: 'start' });
    void copy(incoming.path);
    // Only a new command from the menu starts a copy.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incoming]);

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="sync-copy" ref={section} data-testid="sync-copy">
      <Stack gap="md">
        <SectionHeader id="sync-copy" title={t('sync.copy.title')} help={t('sync.copy.help')} />
        <List size="sm" spacing={4} c="dimmed" className="sync-steps">
          <List.Item>{t('sync.copy.step1')}</List.Item>
          <List.Item>{t('sync.copy.step2')}</List.Item>
          <List.Item>{t('sync.copy.step3')}</List.Item>
        </List>
        {!hasNativeDialogs ? (
          <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />} data-testid="sync-copy-desktop-only">
            <Text size="sm">{t('sync.copy.desktopOnly')}</Text>
            <Code mt={6} block>
              storeroom sync copy FOLDER
            </Code>
          </Alert>
        ) : stage.kind === 'running' ? (
          <SyncProgress label={t('sync.copy.running', { path: stage.path })} progress={job.progress} />
        ) : stage.kind === 'done' ? (
          <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('sync.copy.done')} data-testid="sync-copy-done">
            <Stack gap={6}>
              <Text size="sm">
                {t('sync.copy.where')} <Code className="sync-file">{stage.result.path}</Code>
              </Text>
              <Text size="sm">
                {t('sync.copy.code')} <Code fw={700}>{stage.result.deviceCode}</Code>
              </Text>
              <Text size="sm">{t('sync.copy.codeHelp', { code: stage.result.deviceCode })}</Text>
              <Text size="sm">{t('sync.copy.next')}</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setStage({ kind: 'choose' })} className="sync-action">
                  {t('sync.copy.another')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Stack gap="sm">
            {stage.kind === 'failed' && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={describeError(t, stage.error).title} role="alert" data-testid="sync-copy-error">
                {describeError(t, stage.error).detail}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button leftSection={<IconCopy size={16} aria-hidden />} onClick={() => void choose()} className="sync-action">
                {t('sync.copy.take')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
