import { Alert, Button, Checkbox, Group, Modal, Radio, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { EXPORT_SHEETS, type Input, type Output } from '@contract';
import { IconAlertTriangle, IconDownload, IconFileSpreadsheet, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportUrl, isDesktop, useJob } from '../../api/jobs';
import { useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { describeError } from '../../lib/notify';
import { languageMetas } from '../../i18n/files';
import { JobProgress } from './JobProgress';
import './exchange.css';

export type ExportFilter = NonNullable<Input<'exports.create'>['filter']>;

/** Where the export was asked for: a location (its subtree), and a filtered list, when there is one. */
export interface ExportContext {
  locationId?: string;
  locationLabel?: string;
  /** The list's words and filters (without the location), when any are set. */
  filter?: ExportFilter;
}

type Scope = 'all' | 'location' | 'filtered';
type Sheet = (typeof EXPORT_SHEETS)[number];
type Stage = { kind: 'choose' } | { kind: 'running' } | { kind: 'done'; result: Output<'exports.create'> } | { kind: 'failed'; error: unknown };

/**
 * Export to Excel or CSV: the whole catalogue, a location and everything below it, or the list on screen;
 * an Excel workbook (optionally with thumbnails) or one sheet as CSV. Progress and Cancel, then a download.
 */
export function ExportDialog({ context, onClose }: { context: ExportContext; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { number } = useFormatters();
  const job = useJob();
  const language = i18n.resolvedLanguage ?? 'en';
  // Spectrum's names in the reader's language where a published translation exists; its English names on demand.
  const ownSpectrum = language !== 'en' && Boolean(languageMetas[language]?.spectrum);
  const [englishHeaders, setEnglishHeaders] = useState(false);
  const hasFilter = context.filter !== undefined && Object.keys(context.filter).length > 0;
  const [scope, setScope] = useState<Scope>(hasFilter ? 'filtered' : context.locationId ? 'location' : 'all');
  const [format, setFormat] = useState<'xlsx' | 'csv' | 'collectionspace' | 'collectiveaccess'>('xlsx');
  const profile = format === 'collectionspace' || format === 'collectiveaccess' ? format : null;
  const [thumbnails, setThumbnails] = useState(false);
  const [sheet, setSheet] = useState<Sheet>('Objects');
  const [bom, setBom] = useState(true);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });

  const scoped = (s: Scope) => ({
    locationId: s === 'all' ? undefined : context.locationId,
    filter: s === 'filtered' ? context.filter : undefined,
  });
  const counts = {
    all: useQueryProc('objects.list', { limit: 1 }),
    location: useQueryProc('objects.list', { locationId: context.locationId, limit: 1 }, { enabled: Boolean(context.locationId) }),
    filtered: useQueryProc('objects.list', { ...context.filter, locationId: context.locationId, limit: 1 }, { enabled: hasFilter }),
  };
  const objects = (s: Scope) => {
    const total = counts[s].data?.total;
    return total === undefined ? '' : t('exchange.export.objects', { count: total, formatted: number(total) });
  };

  async function start() {
    setStage({ kind: 'running' });
    try {
      const words = { language, englishHeaders: (ownSpectrum && englishHeaders) || undefined };
      const input = profile
        ? { profile, language }
        : format === 'xlsx'
          ? { format, thumbnails: thumbnails || undefined, ...scoped(scope), ...words }
          : { format: 'csv' as const, sheet, bom: bom || undefined, ...scoped(scope), ...words };
      const result = await job.run('exports.create', input);
      setStage(result.cancelled ? { kind: 'choose' } : { kind: 'done', result });
    } catch (error) {
      setStage({ kind: 'failed', error });
    }
  }

  const scopes: { value: Scope; label: string }[] = [
    { value: 'all', label: t('exchange.export.scopeAll') },
    ...(context.locationId ? [{ value: 'location' as const, label: t('exchange.export.scopeLocation', { location: context.locationLabel ?? '' }) }] : []),
    ...(hasFilter ? [{ value: 'filtered' as const, label: t('exchange.export.scopeFiltered') }] : []),
  ];

  return (
    <Modal opened onClose={onClose} title={t('exchange.export.title')} size="lg" centered closeOnClickOutside={stage.kind !== 'running'}>
      {stage.kind === 'running' ? (
        <JobProgress
          label={t('exchange.export.running')}
          progress={job.progress}
          describe={(sheet) => t(`export.sheets.${sheet}`, { defaultValue: sheet })}
          onCancel={async () => {
            await job.cancel();
          }}
        />
      ) : stage.kind === 'done' ? (
        <Stack gap="md" data-testid="export-done">
          <Alert color="teal" variant="light" icon={<IconFileSpreadsheet aria-hidden />} title={t('exchange.export.ready')}>
            <Text size="sm" ff="monospace" className="export-file" data-testid="export-file">
              {stage.result.fileName}
            </Text>
          </Alert>
          <Table withTableBorder verticalSpacing={4} className="export-sheets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('exchange.export.sheet')}</Table.Th>
                <Table.Th ta="end">{t('exchange.export.rows')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.entries(stage.result.sheets).map(([name, rows]) => (
                <Table.Tr key={name}>
                  <Table.Td>{t(`export.sheets.${name}`, { defaultValue: name })}</Table.Td>
                  <Table.Td ta="end">{number(rows)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {isDesktop && (
            <Text size="xs" c="dimmed">
              {t('exchange.export.desktopHelp')}
            </Text>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setStage({ kind: 'choose' })}>
              {t('exchange.export.another')}
            </Button>
            <Button component="a" href={exportUrl(stage.result.exportId)} download={stage.result.fileName} leftSection={<IconDownload size={16} aria-hidden />} data-testid="export-download">
              {t('exchange.export.download')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          {stage.kind === 'failed' && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={describeError(t, stage.error).title} role="alert">
              {describeError(t, stage.error).detail}
            </Alert>
          )}
          {/* A collections system takes the whole catalogue: the other scopes wait for the other formats. */}
          <Radio.Group value={profile ? 'all' : scope} onChange={(value) => setScope(value as Scope)} label={t('exchange.export.what')}>
            <Stack gap={8} mt={6}>
              {scopes.map((s) => (
                <Radio
                  key={s.value}
                  value={s.value}
                  disabled={profile !== null && s.value !== 'all'}
                  label={
                    <Group gap={6} wrap="wrap">
                      <span>{s.label}</span>
                      <Text span size="xs" c="dimmed">
                        {objects(s.value)}
                      </Text>
                    </Group>
                  }
                />
              ))}
            </Stack>
          </Radio.Group>
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t('exchange.export.format')}
            </Text>
            <SegmentedControl
              value={profile ? 'system' : format}
              onChange={(value) => setFormat(value === 'system' ? 'collectionspace' : (value as 'xlsx' | 'csv'))}
              data={[
                { value: 'xlsx', label: t('exchange.export.xlsx') },
                { value: 'csv', label: t('exchange.export.csv') },
                { value: 'system', label: t('exchange.export.system') },
              ]}
              aria-label={t('exchange.export.format')}
              className="export-format"
            />
          </Stack>
          {profile ? (
            <Stack gap="xs" data-testid="export-profiles">
              <Radio.Group value={profile} onChange={(value) => setFormat(value as 'collectionspace' | 'collectiveaccess')}>
                <Stack gap={8}>
                  <Radio value="collectionspace" label={t('exchange.export.collectionspace')} description={t('exchange.export.collectionspaceHelp')} />
                  <Radio value="collectiveaccess" label={t('exchange.export.collectiveaccess')} description={t('exchange.export.collectiveaccessHelp')} />
                </Stack>
              </Radio.Group>
              <Text size="xs" c="dimmed">
                {t('exchange.export.systemScope')}
              </Text>
            </Stack>
          ) : format === 'xlsx' ? (
            <Stack gap={4}>
              <Text size="sm" c="dimmed">
                {t('exchange.export.xlsxHelp')}
              </Text>
              <Checkbox
                mt={6}
                checked={thumbnails}
                onChange={(e) => setThumbnails(e.currentTarget.checked)}
                label={t('exchange.export.thumbnails')}
                description={t('exchange.export.thumbnailsHelp')}
              />
            </Stack>
          ) : (
            <Stack gap="sm">
              <Select
                label={t('exchange.export.csvSheet')}
                data={EXPORT_SHEETS.filter((s) => s !== 'About').map((s) => ({ value: s, label: t(`export.sheets.${s}`) }))}
                value={sheet}
                onChange={(value) => value && setSheet(value as Sheet)}
                allowDeselect={false}
                maw={280}
              />
              <Checkbox checked={bom} onChange={(e) => setBom(e.currentTarget.checked)} label={t('exchange.export.bom')} description={t('exchange.export.bomHelp')} />
              <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />} p="xs" data-testid="export-leading-zeros">
                <Text size="xs">{t('exchange.export.leadingZeros')}</Text>
              </Alert>
            </Stack>
          )}
          {profile ? null : ownSpectrum ? (
            <Checkbox
              checked={englishHeaders}
              onChange={(e) => setEnglishHeaders(e.currentTarget.checked)}
              label={t('exchange.export.englishHeaders')}
              description={t('exchange.export.englishHeadersHelp', { source: languageMetas[language]?.spectrum ?? '' })}
            />
          ) : (
            language !== 'en' && (
              <Text size="xs" c="dimmed">
                {t('exchange.export.spectrumEnglish')}
              </Text>
            )
          )}
          {scope !== 'all' && !profile && (
            <Group gap={6} wrap="nowrap" align="flex-start">
              <IconInfoCircle size={16} aria-hidden color="var(--mantine-color-dimmed)" style={{ flex: 'none', marginTop: 2 }} />
              <Text size="xs" c="dimmed">
                {t('exchange.export.scopeHelp')}
              </Text>
            </Group>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button leftSection={<IconFileSpreadsheet size={16} aria-hidden />} onClick={() => void start()} data-testid="export-start">
              {t('exchange.export.start')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
