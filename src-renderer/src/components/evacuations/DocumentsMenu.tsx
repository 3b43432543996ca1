import { Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { type EvacuationDocument, type Output } from '@contract';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileText, IconListCheck, IconPrinter, IconRoute, IconTags } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportUrl, isDesktop, useJob } from '../../api/jobs';
import { describeError } from '../../lib/notify';
import { JobProgressPanel } from '../JobProgressPanel';
import { LabelsDialog } from '../labels/LabelsDialog';

type Stage = { kind: 'running'; document: EvacuationDocument } | { kind: 'done'; result: Output<'evacuations.document'> } | { kind: 'failed'; error: unknown } | null;

/** Makes one of an evacuation's documents as a job, with progress and Cancel, then offers it to download. */
export function useEvacuationDocument(evacuationId: string) {
  const { t, i18n } = useTranslation();
  const job = useJob();
  const [stage, setStage] = useState<Stage>(null);
  const make = async (document: EvacuationDocument, options: { boxId?: string; maxPriority?: number } = {}) => {
    setStage({ kind: 'running', document });
    try {
      const result = await job.run('evacuations.document', { evacuationId, document, language: i18n.resolvedLanguage ?? 'en', ...options });
      setStage(result.cancelled ? null : { kind: 'done', result });
    } catch (error) {
      setStage({ kind: 'failed', error });
    }
  };
  const dialog = stage && (
    <Modal opened onClose={() => stage.kind !== 'running' && setStage(null)} title={t('evacuation.documents.title')} centered>
      {stage.kind === 'running' ? (
        <JobProgressPanel
          title={t(`evacuation.documents.${stage.document}`)}
          percent={job.progress && job.progress.total > 0 ? (job.progress.done / job.progress.total) * 100 : 0}
          indeterminate={!job.progress || job.progress.total === 0}
          barLabel={t('evacuation.documents.progress')}
          onCancel={job.cancel}
          testId="document-progress"
        >
          <Text size="xs" c="dimmed">
            {t('evacuation.documents.making')}
          </Text>
        </JobProgressPanel>
      ) : stage.kind === 'done' ? (
        <Stack gap="md" data-testid="document-done">
          <Text size="sm">{t('evacuation.documents.ready', { file: stage.result.fileName })}</Text>
          {isDesktop && (
            <Text size="xs" c="dimmed">
              {t('labels.desktopHelp')}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStage(null)}>
              {t('moves.close')}
            </Button>
            <Button component="a" href={exportUrl(stage.result.exportId)} download={stage.result.fileName} leftSection={<IconDownload size={16} aria-hidden />} data-testid="document-download">
              {t('evacuation.documents.download')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm" c="red.8" fw={600}>
            {describeError(t, stage.error).title}
          </Text>
          <Text size="sm">{describeError(t, stage.error).detail}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStage(null)}>
              {t('moves.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
  return { make, dialog, busy: stage?.kind === 'running' };
}

/** The evacuation's documents: grab list, box labels, packing lists, tracking forms, report and inventory. */
export function DocumentsMenu({ evacuationId, packingLocation }: { evacuationId: string; packingLocation: { id: string; code: string } | null }) {
  const { t } = useTranslation();
  const { make, dialog, busy } = useEvacuationDocument(evacuationId);
  const [labels, setLabels] = useState(false);
  return (
    <>
      <Menu position="bottom-end" shadow="md" width={280}>
        <Menu.Target>
          <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />} loading={busy} data-testid="documents-menu">
            {t('evacuation.documents.menu')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconListCheck size={16} />} onClick={() => void make('grabList')}>
            {t('evacuation.documents.grabList')}
          </Menu.Item>
          <Menu.Item leftSection={<IconListCheck size={16} />} onClick={() => void make('grabList', { maxPriority: 1 })}>
            {t('evacuation.documents.grabListP1')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconTags size={16} />} disabled={!packingLocation} onClick={() => setLabels(true)}>
            {t('evacuation.documents.labels')}
          </Menu.Item>
          <Menu.Item leftSection={<IconFileText size={16} />} onClick={() => void make('packingList')}>
            {t('evacuation.documents.packingLists')}
          </Menu.Item>
          <Menu.Item leftSection={<IconRoute size={16} />} onClick={() => void make('trackingForm')}>
            {t('evacuation.documents.trackingForms')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item leftSection={<IconFileText size={16} />} onClick={() => void make('summary')}>
            {t('evacuation.documents.summary')}
          </Menu.Item>
          <Menu.Item leftSection={<IconFileSpreadsheet size={16} />} onClick={() => void make('inventory')}>
            {t('evacuation.documents.inventory')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {dialog}
      {labels && packingLocation && <LabelsDialog context={{ locationId: packingLocation.id, locationCode: packingLocation.code, initial: 'locations' }} onClose={() => setLabels(false)} />}
    </>
  );
}
