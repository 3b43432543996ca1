import {
  Alert,
  Box,
  Button,
  Chip,
  Group,
  Loader,
  Modal,
  NumberInput,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { LOCATION_TYPES, type CustomLabelTemplate, type ProgressEvent, type LabelTemplateName, type Input, type LabelCode, type LabelTemplate, type Output } from '@contract';
import { IconAlertTriangle, IconDownload, IconInfoCircle, IconPrinter } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useQueryProc } from '../../api/hooks';
import { exportUrl, isDesktop, useJob } from '../../api/jobs';
import { useFormatters } from '../../lib/format';
import { subtreeIds, typeLabel } from '../../lib/locations';
import { describeError } from '../../lib/notify';
import { serverMessage } from '../../lib/serverMessages';
import { JobProgressPanel } from '../JobProgressPanel';
import './labels.css';

type Filter = Extract<Input<'labels.preview'>['source'], { kind: 'search' }>['filter'];

/** Where "Print labels…" was chosen: a selection of objects, the list on screen, or a location. */
export interface LabelsContext {
  objectIds?: string[];
  filter?: Filter;
  locationId?: string;
  locationCode?: string;
  /** What to offer first. */
  initial?: What;
}

type What = 'selection' | 'filtered' | 'contents' | 'locations' | 'calibration';
type Stage = { kind: 'choose' } | { kind: 'running' } | { kind: 'done'; result: Output<'labels.create'> } | { kind: 'failed'; error: unknown };

const CUSTOM = 'custom';
/** A custom sheet starts as Avery L7160's geometry, to adjust. */
const CUSTOM_START: CustomLabelTemplate = {
  pageWidth: 210,
  pageHeight: 297,
  rows: 7,
  columns: 3,
  labelWidth: 63.5,
  labelHeight: 38.1,
  marginTop: 15.15,
  marginLeft: 7.21,
  pitchX: 66.04,
  pitchY: 38.1,
};

/**
 * Print labels: what to print (the selection, the list, a location's objects or its locations, or a calibration
 * page), on which template, with which code, from which label of a partly used sheet, with the printer's offset.
 * The first sheet is previewed as it will print; the PDF is made as a job with progress and Cancel, then downloaded
 * (saved where the reader chooses, in the desktop app).
 */
export function LabelsDialog({ context, onClose }: { context: LabelsContext; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { number } = useFormatters();
  const job = useJob();
  const settings = useQueryProc('labels.settings', {});
  const templates = useQueryProc('labels.templates', {});
  const tree = useQueryProc('locations.tree', {}, { enabled: Boolean(context.locationId) });

  const choices: What[] = [
    ...(context.objectIds?.length ? (['selection'] as const) : []),
    ...(context.filter ? (['filtered'] as const) : []),
    ...(context.locationId ? (['contents', 'locations'] as const) : []),
    'calibration',
  ];
  const [what, setWhat] = useState<What>(context.initial && choices.includes(context.initial) ? context.initial : choices[0]!);
  const [template, setTemplate] = useState<string>('avery-l7160');
  const [custom, setCustom] = useState<CustomLabelTemplate>(CUSTOM_START);
  const [code, setCode] = useState<LabelCode>('qr');
  const [start, setStart] = useState(1);
  const [offset, setOffset] = useState({ x: 0, y: 0 });
  const [types, setTypes] = useState<string[]>([]);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  // The catalogue's saved choices, once they arrive.
  const [applied, setApplied] = useState(false);
  if (!applied && settings.data) {
    setApplied(true);
    if (settings.data.template) setTemplate(settings.data.template);
    if (settings.data.code) setCode(settings.data.code);
    setOffset(settings.data.offset);
  }

  const chosenTemplate: LabelTemplate | undefined = templates.data?.templates.find((x) => x.name === template);
  const perSheet = template === CUSTOM ? custom.rows * custom.columns : (chosenTemplate?.rows ?? 1) * (chosenTemplate?.columns ?? 1);
  const isRoll = chosenTemplate?.kind === 'roll';

  // The location types found below the location, for "only units, shelves or boxes".
  const subtreeTypes = useMemo(() => {
    if (!context.locationId || !tree.data) return [];
    const ids = subtreeIds(tree.data.locations, context.locationId);
    const found = new Set(tree.data.locations.filter((l) => ids.has(l.id) && !l.archived).map((l) => l.type));
    return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }, [context.locationId, tree.data]);

  const typeNames = useMemo(() => Object.fromEntries(LOCATION_TYPES.map((type) => [type, t(`locationTypes.${type}`)])), [t]);
  const source: Input<'labels.preview'>['source'] =
    what === 'selection'
      ? { kind: 'objects', ids: context.objectIds ?? [] }
      : what === 'filtered'
        ? { kind: 'search', filter: context.filter ?? {} }
        : what === 'contents'
          ? { kind: 'contents', locationId: context.locationId! }
          : what === 'locations'
            ? { kind: 'locations', locationId: context.locationId!, ...(types.length ? { types } : {}) }
            : { kind: 'calibration' };
  const options: Input<'labels.preview'> = {
    source,
    template: template === CUSTOM ? custom : template,
    code,
    start: Math.min(Math.max(1, start || 1), Math.max(1, perSheet)),
    offset,
    locationTypeNames: typeNames,
  };
  const [debounced] = useDebouncedValue(options, 300);
  const preview = useQueryProc('labels.preview', debounced, { placeholderData: keepPreviousData, retry: false, enabled: applied || settings.isError });
  const svgUrl = useMemo(() => (preview.data ? URL.createObjectURL(new Blob([preview.data.svg], { type: 'image/svg+xml' })) : null), [preview.data]);
  useEffect(() => () => void (svgUrl && URL.revokeObjectURL(svgUrl)), [svgUrl]);

  async function print() {
    setStage({ kind: 'running' });
    try {
      // What worked is kept for this catalogue: the printer's offset above all.
      await call('labels.saveSettings', { offset, code, ...(template !== CUSTOM ? { template: template as LabelTemplateName } : {}) }).catch(() => undefined);
      // The PDF's file name is in the reader's language.
      const result = await job.run('labels.create', { ...options, language: i18n.resolvedLanguage ?? 'en' });
      setStage(result.cancelled ? { kind: 'choose' } : { kind: 'done', result });
    } catch (error) {
      setStage({ kind: 'failed', error });
    }
  }

  const templateData = useMemo(() => {
    const list = templates.data?.templates ?? [];
    const item = (x: LabelTemplate) => ({
      value: x.name,
      label: t('labels.templateOption', { title: x.title, width: number(x.labelWidth), height: number(x.labelHeight), perSheet: x.rows * x.columns }),
    });
    return [
      { group: t('labels.groups.a4'), items: list.filter((x) => x.kind === 'sheet' && x.pageWidth === 210).map(item) },
      { group: t('labels.groups.letter'), items: list.filter((x) => x.kind === 'sheet' && x.pageWidth !== 210).map(item) },
      { group: t('labels.groups.rolls'), items: list.filter((x) => x.kind === 'roll').map((x) => ({ value: x.name, label: t('labels.rollOption', { title: x.title, width: number(x.labelWidth), height: number(x.labelHeight) }) })) },
      { group: t('labels.groups.other'), items: [{ value: CUSTOM, label: t('labels.custom') }] },
    ];
  }, [templates.data, t, number]);

  const whatLabel = (w: What) =>
    w === 'selection'
      ? t('labels.what.selection', { count: context.objectIds?.length ?? 0, formatted: number(context.objectIds?.length ?? 0) })
      : w === 'filtered'
        ? t('labels.what.filtered')
        : w === 'contents'
          ? t('labels.what.contents', { location: context.locationCode ?? '' })
          : w === 'locations'
            ? t('labels.what.locations', { location: context.locationCode ?? '' })
            : t('labels.what.calibration');

  const countWords = (labels: number, pages: number) => ({
    labels: t('labels.labelCount', { count: labels, formatted: number(labels) }),
    pages: t('labels.pageCount', { count: pages, formatted: number(pages) }),
  });
  const running = stage.kind === 'running';
  return (
    <Modal opened onClose={onClose} title={t('labels.title')} size="min(1100px, 96vw)" centered closeOnClickOutside={!running} data-testid="labels-dialog">
      {running ? (
        <LabelsProgress progress={job.progress} onCancel={job.cancel} />
      ) : stage.kind === 'done' ? (
        <Stack gap="md" data-testid="labels-done">
          <Alert color="teal" variant="light" icon={<IconPrinter aria-hidden />} title={t('labels.ready')}>
            <Text size="sm" ff="monospace" className="labels-file" data-testid="labels-file">
              {stage.result.fileName}
            </Text>
            <Text size="sm" mt={4}>
              {what === 'calibration'
                ? t('labels.readyCalibration')
                : t('labels.readyCount', countWords(stage.result.labels, stage.result.pages))}
            </Text>
          </Alert>
          {stage.result.notices.map((notice) => (
            <Alert key={notice.key ?? notice.message} color="orange" variant="light" icon={<IconInfoCircle aria-hidden />}>
              {serverMessage(t, notice)}
            </Alert>
          ))}
          <Text size="xs" c="dimmed">
            {isDesktop ? t('labels.desktopHelp') : t('labels.printHelp')}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setStage({ kind: 'choose' })}>
              {t('labels.another')}
            </Button>
            <Button component="a" href={exportUrl(stage.result.exportId)} download={stage.result.fileName} leftSection={<IconDownload size={16} aria-hidden />} data-testid="labels-download">
              {t('labels.download')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="md">
            {stage.kind === 'failed' && (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={describeError(t, stage.error).title} role="alert">
                {describeError(t, stage.error).detail}
              </Alert>
            )}
            <Radio.Group value={what} onChange={(value) => setWhat(value as What)} label={t('labels.whatLabel')}>
              <Stack gap={8} mt={6}>
                {choices.map((w) => (
                  <Radio key={w} value={w} label={whatLabel(w)} data-testid={`labels-what-${w}`} />
                ))}
              </Stack>
            </Radio.Group>
            {what === 'locations' && subtreeTypes.length > 1 && (
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t('labels.onlyTypes')}
                </Text>
                <Chip.Group multiple value={types} onChange={setTypes}>
                  <Group gap={6}>
                    {subtreeTypes.map((type) => (
                      <Chip key={type} value={type} size="xs">
                        {typeLabel(t, type)}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
                <Text size="xs" c="dimmed">
                  {t('labels.onlyTypesHelp')}
                </Text>
              </Stack>
            )}
            <Select
              label={t('labels.template')}
              data={templateData}
              value={template}
              onChange={(value) => value && setTemplate(value)}
              allowDeselect={false}
              searchable
              data-testid="labels-template"
              comboboxProps={{ withinPortal: true }}
            />
            {template === CUSTOM && <CustomTemplateFields value={custom} onChange={setCustom} />}
            {what !== 'calibration' && (
              <Stack gap={6}>
                <Text size="sm" fw={500}>
                  {t('labels.code')}
                </Text>
                <SegmentedControl
                  value={code}
                  onChange={(value) => setCode(value as LabelCode)}
                  data={[
                    { value: 'qr', label: t('labels.codes.qr') },
                    { value: 'datamatrix', label: t('labels.codes.datamatrix') },
                    { value: 'code128', label: t('labels.codes.code128') },
                  ]}
                  aria-label={t('labels.code')}
                />
                <Text size="xs" c="dimmed">
                  {t(`labels.codeHelp.${code}`)}
                </Text>
              </Stack>
            )}
            {/* Side by side where there is room; one under the other on a phone, where "Desplaçament horitzontal" would not fit. */}
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              {!isRoll && what !== 'calibration' && (
                <NumberInput
                  label={t('labels.start')}
                  description={t('labels.startHelp', { perSheet })}
                  min={1}
                  max={Math.max(1, perSheet)}
                  value={start}
                  onChange={(value) => setStart(typeof value === 'number' ? value : 1)}
                  allowDecimal={false}
                  data-testid="labels-start"
                />
              )}
              <NumberInput
                label={t('labels.offsetX')}
                description={t('labels.offsetXHelp')}
                value={offset.x}
                onChange={(value) => setOffset((o) => ({ ...o, x: typeof value === 'number' ? value : 0 }))}
                min={-20}
                max={20}
                step={0.5}
                decimalScale={1}
                suffix=" mm"
                data-testid="labels-offset-x"
              />
              <NumberInput
                label={t('labels.offsetY')}
                description={t('labels.offsetYHelp')}
                value={offset.y}
                onChange={(value) => setOffset((o) => ({ ...o, y: typeof value === 'number' ? value : 0 }))}
                min={-20}
                max={20}
                step={0.5}
                decimalScale={1}
                suffix=" mm"
                data-testid="labels-offset-y"
              />
            </SimpleGrid>
            <Text size="xs" c="dimmed">
              {t('labels.offsetHelp')}
            </Text>
          </Stack>
          <Stack gap="xs">
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={500}>
                {isRoll ? t('labels.previewRoll') : t('labels.preview')}
              </Text>
              <Text size="sm" c="dimmed" aria-live="polite" data-testid="labels-count">
                {preview.data && what !== 'calibration'
                  ? t('labels.count', countWords(preview.data.labels, preview.data.pages))
                  : ''}
              </Text>
            </Group>
            <Box className="labels-preview" data-testid="labels-preview">
              {preview.error ? (
                <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={describeError(t, preview.error).title} role="alert" m="sm">
                  {describeError(t, preview.error).detail}
                </Alert>
              ) : svgUrl ? (
                <img src={svgUrl} alt={t('labels.previewAlt')} className={preview.isFetching ? 'labels-preview-image is-stale' : 'labels-preview-image'} />
              ) : (
                <Group justify="center" p="xl">
                  <Loader size="sm" aria-label={t('common.loading')} />
                </Group>
              )}
            </Box>
            {!preview.error &&
              preview.data?.notices.map((notice) => (
                <Text key={notice.key ?? notice.message} size="xs" c="orange.8">
                  {serverMessage(t, notice)}
                </Text>
              ))}
            <Group justify="flex-end" gap="sm" mt="auto">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => void print()} disabled={Boolean(preview.error) || !preview.data} data-testid="labels-start-job">
                {what === 'calibration' ? t('labels.makeCalibration') : t('labels.make')}
              </Button>
            </Group>
          </Stack>
        </SimpleGrid>
      )}
    </Modal>
  );
}

/** Containers last, rooms first: the order a registrar thinks of them in. */
const rank = (type: string) => {
  const i = (LOCATION_TYPES as readonly string[]).indexOf(type.toLowerCase());
  return i < 0 ? LOCATION_TYPES.length : i;
};

function CustomTemplateFields({ value, onChange }: { value: CustomLabelTemplate; onChange: (v: CustomLabelTemplate) => void }) {
  const { t } = useTranslation();
  const field = (key: keyof CustomLabelTemplate, whole = false) => (
    <NumberInput
      key={key}
      label={t(`labels.customFields.${key}`)}
      value={value[key]}
      onChange={(v) => typeof v === 'number' && onChange({ ...value, [key]: v })}
      min={whole ? 1 : 0}
      max={whole ? 100 : 1000}
      step={whole ? 1 : 0.5}
      decimalScale={whole ? 0 : 2}
      allowDecimal={!whole}
      suffix={whole ? undefined : ' mm'}
      size="xs"
    />
  );
  return (
    <Stack gap={6} className="labels-custom" data-testid="labels-custom">
      <Group gap="xs" align="center">
        <Text size="xs" fw={500}>
          {t('labels.customFields.page')}
        </Text>
        <SegmentedControl
          size="xs"
          value={value.pageWidth === 210 && value.pageHeight === 297 ? 'a4' : value.pageWidth === 215.9 && value.pageHeight === 279.4 ? 'letter' : 'other'}
          onChange={(page) =>
            page === 'a4' ? onChange({ ...value, pageWidth: 210, pageHeight: 297 }) : page === 'letter' ? onChange({ ...value, pageWidth: 215.9, pageHeight: 279.4 }) : undefined
          }
          data={[
            { value: 'a4', label: 'A4' },
            { value: 'letter', label: 'US Letter' },
            { value: 'other', label: t('labels.customFields.otherPage') },
          ]}
        />
      </Group>
      <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="xs" verticalSpacing={4}>
        {field('pageWidth')}
        {field('pageHeight')}
        {field('columns', true)}
        {field('rows', true)}
        {field('labelWidth')}
        {field('labelHeight')}
        {field('marginLeft')}
        {field('marginTop')}
        {field('pitchX')}
        {field('pitchY')}
      </SimpleGrid>
    </Stack>
  );
}

/** The bar while the PDF is made: how many labels are drawn, and the one being drawn; Cancel leaves no file. */
function LabelsProgress({ progress, onCancel }: { progress: ProgressEvent | null; onCancel: () => Promise<void> }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const known = progress !== null && progress.total > 1;
  const percent = known ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 100;
  return (
    <JobProgressPanel title={t('labels.running')} percent={percent} indeterminate={!known} barLabel={t('labels.running')} onCancel={onCancel} testId="labels-progress">
      <Text size="xs" c="dimmed" truncate>
        {known ? t('labels.progress', { done: number(progress.done), total: number(progress.total) }) + (progress.current ? ` · ${progress.current}` : '') : t('exchange.job.starting')}
      </Text>
    </JobProgressPanel>
  );
}
