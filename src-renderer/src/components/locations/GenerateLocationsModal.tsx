import { ActionIcon, Alert, Autocomplete, Button, Checkbox, Group, Loader, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { LOCATION_TYPES, type Input } from '@contract';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconAlertTriangle, IconCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { useMutationProc } from '../../api/hooks';
import { describeError, notifyError, notifySuccess } from '../../lib/notify';
import { useFormatters } from '../../lib/format';
import { typeFromLabel, typeLabel } from '../../lib/locations';
import { LocationSelect } from '../moves/LocationSelect';
import { ancestorIds, type TreeModel } from './treeModel';
import { revealInTree } from './treeState';
import './locations.css';
import { formatList } from '../../lib/format';

interface Level {
  key: string;
  keyTouched: boolean;
  type: string;
  values: string;
  name: string;
}

const MAX_LEVELS = 4;
const ROW = 30;

/** A level's key from its type: "Plan chest" → "plan_chest". */
function keyFromType(type: string): string {
  const slug = type
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(slug) ? slug : `level${slug ? `_${slug}` : ''}`;
}

/** Levels that usually sit below a location of this type. */
function suggestedLevels(t: TFunction, parentType: string | undefined): Level[] {
  const make = (type: string, values: string): Level => ({
    key: type,
    keyTouched: false,
    type: typeLabel(t, type),
    values,
    name: `${typeLabel(t, type)} {${type}}`,
  });
  switch (parentType?.toLowerCase()) {
    case 'unit':
      return [make('shelf', '1-6')];
    case 'shelf':
      return [make('box', '01-12')];
    case 'site':
    case 'building':
      return [make('room', '1-4')];
    default:
      return [make('unit', 'A-R'), make('shelf', '1-6')];
  }
}

function suggestedPattern(parentCode: string | undefined, levels: Level[]): string {
  return [...(parentCode ? [parentCode] : []), ...levels.map((l) => `{${l.key}}`)].join('-');
}

/**
 * Creates many locations at once (units A–R, each with shelves 1–6, ...): a live preview from the server,
 * collisions highlighted, and the Create button refused while any code is already taken.
 */
export function GenerateLocationsModal({ model, initialParentId, onClose }: { model: TreeModel; initialParentId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [parentId, setParentId] = useState<string | null>(initialParentId);
  const parent = parentId ? model.byId.get(parentId) : undefined;
  const [levels, setLevels] = useState<Level[]>(() => suggestedLevels(t, parent?.type));
  const [pattern, setPattern] = useState(() => suggestedPattern(parent?.code, levels));
  const [patternTouched, setPatternTouched] = useState(false);
  const [onlyCollisions, setOnlyCollisions] = useState(false);

  const updateLevels = (next: Level[], nextParentCode = parent?.code) => {
    setLevels(next);
    if (!patternTouched) setPattern(suggestedPattern(nextParentCode, next));
  };
  const changeLevel = (index: number, change: Partial<Level>) => {
    updateLevels(
      levels.map((level, i) => {
        if (i !== index) return level;
        const next = { ...level, ...change };
        if (change.type !== undefined && !level.keyTouched) {
          const base = keyFromType(typeFromLabel(t, change.type));
          const taken = new Set(levels.filter((_, j) => j !== index).map((l) => l.key));
          let key = base;
          for (let n = 2; taken.has(key); n++) key = `${base}${n}`;
          next.key = key;
          if (!level.name || level.name === `${level.type} {${level.key}}`) next.name = `${change.type} {${key}}`;
        }
        return next;
      }),
    );
  };

  const input: Input<'locations.generate'> = {
    parentId,
    codePattern: pattern.trim(),
    levels: levels.map((l) => ({
      key: l.key.trim(),
      type: typeFromLabel(t, l.type),
      values: l.values.trim(),
      ...(l.name.trim() ? { name: l.name.trim() } : {}),
    })),
  };
  const localProblem =
    input.codePattern === ''
      ? t('locationsUi.generator.patternRequired')
      : input.levels.some((l) => !/^[a-z][a-z0-9_]*$/.test(l.key))
        ? t('locationsUi.generator.keyFormat')
        : input.levels.some((l) => !l.type || !l.values)
          ? t('locationsUi.generator.levelIncomplete')
          : null;
  const [debounced] = useDebouncedValue(JSON.stringify(input), 350);
  const current = debounced === JSON.stringify(input);
  // The preview is a dry run of the mutation. Its key is not a procedure name on purpose: refetching it
  // whenever locations change would loop, since the server announces every dry run as a change.
  const preview = useQuery({
    queryKey: ['preview:locations.generate', debounced],
    queryFn: () => call('locations.generate', { ...(JSON.parse(debounced) as Input<'locations.generate'>), dryRun: true }),
    enabled: localProblem === null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 0,
  });

  const create = useMutationProc('locations.generate', {
    onSuccess: (result) => {
      notifySuccess(t('locationsUi.generator.created', { count: result.created, formatted: number(result.created) }));
      if (parentId) revealInTree(parentId, ancestorIds(model, parentId), true);
      onClose();
    },
    onError: (error) => notifyError(t, error),
  });

  const rows = useMemo(() => {
    const all = preview.data?.locations ?? [];
    return onlyCollisions ? all.filter((l) => l.collides) : all;
  }, [preview.data, onlyCollisions]);
  const total = preview.data?.locations.length ?? 0;
  const collisions = preview.data?.collisions ?? 0;
  const ready = localProblem === null && current && preview.isSuccess && !preview.isFetching && !preview.isPlaceholderData;
  const canCreate = ready && collisions === 0 && total > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canCreate) create.mutate(input);
  };

  const previewError = localProblem ?? (preview.isError && current ? describeError(t, preview.error).detail : null);

  return (
    <Modal opened onClose={onClose} title={t('locationsUi.generator.title')} size="xl" centered>
      <form
        onSubmit={submit}
        noValidate
        // Enter in a field does not create: making hundreds of locations takes a deliberate click.
        onKeyDown={(event) => {
          if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
        }}
      >
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('locationsUi.generator.intro')}
          </Text>
          <LocationSelect
            model={model}
            label={t('locationsUi.generator.parent')}
            placeholder={t('locationForm.topLevel')}
            value={parentId}
            onChange={(id) => {
              setParentId(id);
              updateLevels(levels, id ? model.byId.get(id)?.code : undefined);
            }}
            clearable
          />
          <div className="generator-levels" role="group" aria-label={t('locationsUi.generator.levels')}>
            <div className="generator-level generator-level-head" aria-hidden>
              <span />
              <Text size="xs" fw={700} c="dimmed">
                {t('locationsUi.generator.type')}
              </Text>
              <Text size="xs" fw={700} c="dimmed">
                {t('locationsUi.generator.values')}
              </Text>
              <Text size="xs" fw={700} c="dimmed">
                {t('locationsUi.generator.key')}
              </Text>
              <Text size="xs" fw={700} c="dimmed">
                {t('locationsUi.generator.namePattern')}
              </Text>
              <span />
            </div>
            {levels.map((level, i) => (
              <div className="generator-level" key={i}>
                <Text size="sm" fw={700} c="dimmed" className="generator-level-number">
                  {i + 1}
                </Text>
                <Autocomplete
                  aria-label={t('locationsUi.generator.typeOf', { n: i + 1 })}
                  placeholder={t('locationForm.typePlaceholder')}
                  data={LOCATION_TYPES.map((value) => t(`locationTypes.${value}`))}
                  value={level.type}
                  onChange={(type) => changeLevel(i, { type })}
                  size="sm"
                  comboboxProps={{ withinPortal: true }}
                />
                <TextInput
                  aria-label={t('locationsUi.generator.valuesOf', { n: i + 1 })}
                  placeholder="A-R, 1-6, 01-12, A,B,D"
                  value={level.values}
                  onChange={(e) => changeLevel(i, { values: e.currentTarget.value })}
                  size="sm"
                  classNames={{ input: 'mono-input' }}
                />
                <TextInput
                  aria-label={t('locationsUi.generator.keyOf', { n: i + 1 })}
                  value={level.key}
                  onChange={(e) => changeLevel(i, { key: e.currentTarget.value.toLowerCase(), keyTouched: true })}
                  size="sm"
                  classNames={{ input: 'mono-input' }}
                  leftSection={<Text size="xs" c="dimmed">{'{'}</Text>}
                  rightSection={<Text size="xs" c="dimmed">{'}'}</Text>}
                  leftSectionWidth={18}
                  rightSectionWidth={18}
                />
                <TextInput
                  aria-label={t('locationsUi.generator.nameOf', { n: i + 1 })}
                  placeholder={t('locationsUi.generator.namePlaceholder')}
                  value={level.name}
                  onChange={(e) => changeLevel(i, { name: e.currentTarget.value })}
                  size="sm"
                />
                <Tooltip label={t('locationsUi.generator.removeLevel', { n: i + 1 })} openDelay={300}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => updateLevels(levels.filter((_, j) => j !== i))}
                    disabled={levels.length === 1}
                    aria-label={t('locationsUi.generator.removeLevel', { n: i + 1 })}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Tooltip>
              </div>
            ))}
            <Group justify="space-between" mt={4}>
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconPlus size={14} aria-hidden />}
                disabled={levels.length >= MAX_LEVELS}
                onClick={() => {
                  const key = `level${levels.length + 1}`;
                  updateLevels([...levels, { key, keyTouched: false, type: '', values: '', name: '' }]);
                }}
              >
                {t('locationsUi.generator.addLevel')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('locationsUi.generator.valuesHelp')}
              </Text>
            </Group>
          </div>
          <TextInput
            label={t('locationsUi.generator.pattern')}
            description={t('locationsUi.generator.patternHelp', { keys: formatList(levels.map((l) => `{${l.key}}`), 'enumeration') })}
            value={pattern}
            onChange={(e) => {
              setPattern(e.currentTarget.value);
              setPatternTouched(true);
            }}
            classNames={{ input: 'mono-input' }}
            maxLength={120}
          />
          <Stack gap={6}>
            <Group justify="space-between" wrap="nowrap" gap="sm" mih={28}>
              <Group gap="xs" wrap="nowrap" aria-live="polite">
                <Text fw={600} size="sm">
                  {t('locationsUi.generator.preview')}
                </Text>
                {preview.isFetching && <Loader size="xs" aria-label={t('common.loading')} />}
                {!previewError && preview.data && (
                  <Text size="sm" c={collisions > 0 ? 'red.7' : 'dimmed'} fw={collisions > 0 ? 600 : 400} data-testid="generator-summary">
                    {collisions > 0
                      ? t('locationsUi.generator.summaryCollisions', { count: total, formatted: number(total), collisions })
                      : t('locationsUi.generator.summary', { count: total, formatted: number(total) })}
                  </Text>
                )}
              </Group>
              {collisions > 0 && !previewError && (
                <Checkbox
                  size="xs"
                  label={t('locationsUi.generator.onlyCollisions')}
                  checked={onlyCollisions}
                  onChange={(e) => setOnlyCollisions(e.currentTarget.checked)}
                />
              )}
            </Group>
            {previewError ? (
              <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} py="xs" role="alert">
                {previewError}
              </Alert>
            ) : (
              <PreviewList rows={rows} loading={preview.isPending} />
            )}
          </Stack>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!canCreate} loading={create.isPending} leftSection={<IconCheck size={16} aria-hidden />}>
              {total > 0 ? t('locationsUi.generator.create', { count: total, formatted: number(total) }) : t('locationsUi.generator.createNone')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type PreviewRow = { code: string; name: string; type: string; parentCode: string | null; depth: number; collides: boolean };

/** The codes to be created, as a compact virtualized table (a preview can hold thousands). */
function PreviewList({ rows, loading }: { rows: PreviewRow[]; loading: boolean }) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 10 });
  return (
    <div className="generator-preview" role="table" aria-label={t('locationsUi.generator.preview')} aria-rowcount={rows.length + 1}>
      <div className="generator-row generator-row-head" role="row">
        <span role="columnheader">{t('locationsUi.generator.colCode')}</span>
        <span role="columnheader">{t('locationsUi.generator.colName')}</span>
        <span role="columnheader">{t('locationsUi.generator.colParent')}</span>
      </div>
      <div ref={scrollRef} className="generator-scroll">
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            {loading ? t('common.loading') : t('locationsUi.generator.nothing')}
          </Text>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="generator-row"
                  data-collides={row.collides || undefined}
                  style={{ transform: `translateY(${item.start}px)`, height: ROW }}
                >
                  <span role="cell" className="generator-code" style={{ paddingInlineStart: row.depth * 14 }}>
                    {row.collides && <IconAlertTriangle size={13} aria-hidden className="generator-collision-icon" />}
                    {row.code}
                    {row.collides && <span className="visually-hidden"> ({t('locationsUi.generator.collides')})</span>}
                  </span>
                  <span role="cell" className="generator-name">
                    {row.name}
                  </span>
                  <span role="cell" className="generator-parent">
                    {row.collides ? t('locationsUi.generator.collides') : (row.parentCode ?? '—')}
                  </span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
