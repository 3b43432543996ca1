import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import type { Output } from '@contract';
import { IconAlertTriangle, IconArrowsJoin, IconCircleCheck, IconFileImport, IconFileZip, IconFolderOpen, IconInfoCircle, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { uploadFile } from '../../api/client';
import { chooseWithDialog, hasNativeDialogs } from '../../api/desktop';
import { useJob } from '../../api/jobs';
import { useFormatters } from '../../lib/format';
import { describeError } from '../../lib/notify';
import { SectionHeader } from '../SectionHeader';
import { SyncProgress } from './SyncProgress';
import { SyncSummaryView, SyncWarnings } from './SyncSummaryView';

/** Where the changes come from: an uploaded bundle, or (on the desktop) a bundle file or another copy's folder. */
export interface MergeSource {
  uploadId?: string;
  path?: string;
  name: string;
}

type Summary = Output<'sync.inspect'>;
type Stage =
  | { kind: 'choose' }
  | { kind: 'uploading'; name: string }
  | { kind: 'reading'; source: MergeSource }
  | { kind: 'summary'; source: MergeSource; summary: Summary; cancelled?: boolean }
  | { kind: 'applying'; source: MergeSource; summary: Summary }
  | { kind: 'done'; source: MergeSource; result: Output<'sync.apply'> }
  | { kind: 'separate'; source: MergeSource }
  | { kind: 'failed'; error: unknown; source?: MergeSource };

const isCancelled = (error: unknown) => error instanceof ApiError && error.key === 'sync.cancelled';
/** Another catalogue's folder (not a bundle file) on this computer: it can be brought in through the import instead. */
const isSeparateFolder = (error: unknown, source: MergeSource | undefined) =>
  error instanceof ApiError && error.key === 'sync.otherCatalogue' && !!source?.path && !source.path.toLowerCase().endsWith('.storeroom-sync');

/**
 * "Merge changes from another copy": choose a bundle (or, on the desktop, a copy's folder), see what it brings and from
 * whom, then merge it, all or nothing, with a progress bar and Cancel; then what was merged and the new conflicts.
 * `incoming` is a source the desktop menu chose (File › Merge Changes From…): it is read at once.
 */
export function MergeSection({ incoming }: { incoming: { id: string; source: MergeSource } | null }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const job = useJob();
  const navigate = useNavigate();
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const handled = useRef<string | null>(null);
  const section = useRef<HTMLElement>(null);

  async function read(source: MergeSource) {
    setStage({ kind: 'reading', source });
    try {
      const summary = await job.run('sync.inspect', { source });
      setStage({ kind: 'summary', source, summary });
    } catch (error) {
      setStage(isCancelled(error) ? { kind: 'choose' } : { kind: 'failed', error, source });
    }
  }

  /** A separate catalogue's folder: its objects and their locations become a workbook, imported with the import's steps. */
  async function importSeparate(source: MergeSource) {
    setStage({ kind: 'separate', source });
    try {
      const read = await job.run('imports.fromCatalogue', { path: source.path! });
      void navigate('/import', { state: { source: read.source } });
    } catch (error) {
      setStage(isCancelled(error) ? { kind: 'choose' } : { kind: 'failed', error });
    }
  }

  async function upload(file: File) {
    setStage({ kind: 'uploading', name: file.name });
    try {
      const uploadId = await uploadFile(file);
      await read({ uploadId, name: file.name });
    } catch (error) {
      setStage({ kind: 'failed', error });
    }
  }

  async function pick(dialog: 'syncBundle' | 'syncFolder') {
    try {
      const choice = await chooseWithDialog({ dialog });
      if (choice) await read({ path: choice.path, name: choice.name });
    } catch (error) {
      setStage({ kind: 'failed', error });
    }
  }

  async function apply(source: MergeSource, summary: Summary) {
    setStage({ kind: 'applying', source, summary });
    try {
      const result = await job.run('sync.apply', { source });
      setStage({ kind: 'done', source, result });
    } catch (error) {
      setStage(isCancelled(error) ? { kind: 'summary', source, summary, cancelled: true } : { kind: 'failed', error });
    }
  }

  useEffect(() => {
    if (!incoming || handled.current === incoming.id) return;
    handled.current = incoming.id;
    section.current?.scrollIntoView({ block: 'start' });
    void read(incoming.source);
    // Only a new command from the menu starts a merge.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incoming]);

  const restart = () => setStage({ kind: 'choose' });

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="sync-merge" ref={section} data-testid="sync-merge">
      <Stack gap="md">
        <SectionHeader id="sync-merge" title={t('sync.merge.title')} help={t('sync.merge.help')} />
        {stage.kind === 'choose' ? (
          <ChooseSource onFile={(file) => void upload(file)} onPick={(dialog) => void pick(dialog)} />
        ) : stage.kind === 'uploading' ? (
          <SyncProgress label={t('sync.merge.uploading', { file: stage.name })} progress={null} />
        ) : stage.kind === 'separate' ? (
          <SyncProgress label={t('sync.merge.separateReading', { name: stage.source.name })} progress={job.progress} onCancel={async () => await job.cancel()} />
        ) : stage.kind === 'reading' ? (
          <SyncProgress label={t('sync.merge.reading', { file: stage.source.name })} progress={job.progress} />
        ) : stage.kind === 'summary' ? (
          <Stack gap="md">
            <Text fw={600} className="sync-file" data-testid="sync-summary-title">
              {t('sync.summary.title', { file: stage.source.name })}
            </Text>
            {stage.cancelled && (
              <Alert color="gray" variant="light" icon={<IconInfoCircle aria-hidden />} data-testid="sync-cancelled">
                {t('sync.merge.cancelled')}
              </Alert>
            )}
            <SyncSummaryView summary={stage.summary} />
            {stage.summary.operations - stage.summary.already > 0 ? (
              <Text size="sm" c="dimmed">
                {t('sync.summary.applyHelp')}
              </Text>
            ) : (
              <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} data-testid="sync-nothing-new">
                {t('sync.summary.nothingNew')}
              </Alert>
            )}
            <Group gap="sm" justify="flex-end" wrap="wrap">
              <Button variant="default" onClick={restart} className="sync-action">
                {t('sync.merge.chooseAnother')}
              </Button>
              {stage.summary.operations - stage.summary.already > 0 && (
                <Button leftSection={<IconArrowsJoin size={16} aria-hidden />} onClick={() => void apply(stage.source, stage.summary)} data-testid="sync-apply" className="sync-action">
                  {t('sync.summary.apply')}
                </Button>
              )}
            </Group>
          </Stack>
        ) : stage.kind === 'applying' ? (
          <SyncProgress
            label={t('sync.merge.applying', { file: stage.source.name })}
            progress={job.progress}
            note={t('sync.merge.allOrNothing')}
            onCancel={async () => {
              await job.cancel();
            }}
          />
        ) : stage.kind === 'done' ? (
          <Stack gap="md" data-testid="sync-result">
            <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('sync.result.title')}>
              <Text size="sm" data-testid="sync-result-applied">
                {t('sync.result.applied', { count: stage.result.applied, formatted: number(stage.result.applied), skipped: number(stage.result.skipped) })}
              </Text>
            </Alert>
            {stage.result.conflicts > 0 ? (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('sync.result.conflictsTitle', { count: stage.result.conflicts, formatted: number(stage.result.conflicts) })} data-testid="sync-result-conflicts">
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">{t('sync.result.conflictsHelp')}</Text>
                  <Button component={Link} to="/conflicts" color="orange" className="sync-action" data-testid="sync-open-conflicts">
                    {t('sync.result.openConflicts')}
                  </Button>
                </Stack>
              </Alert>
            ) : (
              <Text size="sm" c="dimmed">
                {t('sync.result.noConflicts')}
              </Text>
            )}
            <SyncWarnings warnings={stage.result.warnings} />
            <Group justify="flex-end">
              <Button variant="default" onClick={restart} className="sync-action">
                {t('sync.result.another')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Failure error={stage.error} onRetry={restart} onSeparate={isSeparateFolder(stage.error, stage.source) ? () => void importSeparate(stage.source!) : undefined} />
        )}
      </Stack>
    </Card>
  );
}

/**
 * A failure in words (a bundle from another catalogue, a damaged file), with the way back to choosing another; for a
 * separate catalogue's folder, the way to bring it in through the import.
 */
function Failure({ error, onRetry, onSeparate }: { error: unknown; onRetry: () => void; onSeparate?: () => void }) {
  const { t } = useTranslation();
  const described = describeError(t, error);
  // A bundle or folder that cannot be merged is said so, whatever the kind of error underneath.
  const title = error instanceof ApiError && error.key?.startsWith('sync.') ? t('sync.merge.failed') : described.title;
  const { detail } = described;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={title} role="alert" data-testid="sync-error">
      <Stack gap="sm" align="flex-start">
        <Text size="sm" className="sync-error-detail">
          {detail}
        </Text>
        <Group gap="sm" wrap="wrap">
          {onSeparate && (
            <Button color="red" leftSection={<IconFileImport size={16} aria-hidden />} onClick={onSeparate} className="sync-action" data-testid="sync-separate">
              {t('sync.merge.separate')}
            </Button>
          )}
          <Button variant="white" color="red" onClick={onRetry} className="sync-action">
            {t('sync.merge.chooseAnother')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** Drop or choose a bundle; on the desktop, also pick a bundle file or another copy's folder in a native dialog. */
function ChooseSource({ onFile, onPick }: { onFile: (file: File) => void; onPick: (dialog: 'syncBundle' | 'syncFolder') => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <div
      className="sync-drop"
      data-dragging={dragging || undefined}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="sync-drop"
    >
      <Stack gap="xs" align="center">
        <IconFileZip size={36} aria-hidden className="sync-drop-icon" />
        <Text fw={600} ta="center">
          {t('sync.merge.drop')}
        </Text>
        <Text size="sm" c="dimmed" ta="center" maw={560}>
          {hasNativeDialogs ? t('sync.merge.desktopChoices') : t('sync.merge.browserChoices')}
        </Text>
        <Group gap="sm" justify="center" mt="xs">
          {hasNativeDialogs ? (
            <>
              <Button leftSection={<IconFileZip size={16} aria-hidden />} onClick={() => onPick('syncBundle')} className="sync-action">
                {t('sync.merge.chooseBundleFile')}
              </Button>
              <Button variant="default" leftSection={<IconFolderOpen size={16} aria-hidden />} onClick={() => onPick('syncFolder')} className="sync-action">
                {t('sync.merge.chooseFolder')}
              </Button>
            </>
          ) : (
            <Button leftSection={<IconUpload size={16} aria-hidden />} onClick={() => input.current?.click()} className="sync-action">
              {t('sync.merge.chooseBundle')}
            </Button>
          )}
        </Group>
      </Stack>
      <input
        ref={input}
        type="file"
        accept=".storeroom-sync"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden
        data-testid="sync-file-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </div>
  );
}
