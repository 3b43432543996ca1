import { Alert, Badge, Button, Card, Checkbox, Group, Popover, Radio, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IMPORT_FIELDS, type Output } from '@contract';
import { IconAlertTriangle, IconArrowLeft, IconCalendarQuestion, IconDeviceFloppy, IconEye, IconInfoCircle, IconStairs } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { columnLabel, IGNORE } from './fields';

type Inspected = Output<'imports.inspect'>;

export interface ImportChoices {
  /** Column header → field; a column left out is not imported. */
  mapping: Record<string, string>;
  createLocations: boolean;
  addTerms: boolean;
  /** Column header → how its ambiguous text dates read. */
  dateOrder: Record<string, 'dmy' | 'mdy'>;
  /** New condition term of unknown meaning → the catalogue term it ranks with ("" first). */
  termPlacement: Record<string, string>;
  /** A Storeroom workbook's movement history imported too. */
  movements: boolean;
}

/** Where a date column's answer matters: the condition's date, a custom field of dates, or a new one. */
const isDateTarget = (field: string | undefined, dateFields: Set<string>) => field === 'conditionDate' || (field !== undefined && dateFields.has(field));

/** Mantine's Select needs a value for "not imported"; the mapping simply leaves the column out. */
const IGNORE_VALUE = '-';

/** Each column with a few of its values and the field it fills, suggested from its name; saved mappings to reuse. */
export function ImportMappingStep({
  inspected,
  choices,
  onChange,
  onBack,
  onNext,
}: {
  inspected: Inspected;
  choices: ImportChoices;
  onChange: (choices: ImportChoices) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const vocabularies = useQueryProc('vocabularies.get', {});
  const saved = useQueryProc('imports.mappings', {});
  const customFields = vocabularies.data?.customFields ?? [];
  const { mapping } = choices;
  const used = new Map<string, string>();
  for (const [header, field] of Object.entries(mapping)) if (!field.startsWith('new:')) used.set(field, header);

  const setField = (header: string, field: string) => {
    const next = { ...mapping };
    if (field === IGNORE) delete next[header];
    else next[header] = field;
    onChange({ ...choices, mapping: next });
  };
  const load = (name: string) => {
    const found = saved.data?.mappings.find((m) => m.name === name);
    if (!found) return;
    const next: Record<string, string> = {};
    for (const header of inspected.headers) if (found.mapping[header]) next[header] = found.mapping[header];
    onChange({ ...choices, mapping: next });
    notifySuccess(t('exchange.mapping.loaded', { name, count: Object.keys(next).length }));
  };

  const sampleOf = (index: number) =>
    inspected.sample
      .map((row) => row[index] ?? '')
      .filter((v) => v !== '')
      .slice(0, 3);

  const optionsFor = (header: string) => [
    { group: t('exchange.mapping.groupSkip'), items: [{ value: IGNORE_VALUE, label: t('exchange.mapping.ignore') }] },
    {
      group: t('exchange.mapping.groupFields'),
      items: IMPORT_FIELDS.map((f) => ({ value: f, label: t(`exchange.fields.${f}`), disabled: used.has(f) && used.get(f) !== header })),
    },
    ...(customFields.length
      ? [
          {
            group: t('exchange.mapping.groupCustom'),
            items: customFields.map((f) => ({ value: `custom:${f.id}`, label: f.name, disabled: used.has(`custom:${f.id}`) && used.get(`custom:${f.id}`) !== header })),
          },
        ]
      : []),
    { group: t('exchange.mapping.groupNew'), items: [{ value: `new:${header.slice(0, 80)}`, label: t('exchange.mapping.newField', { name: header.slice(0, 80) }) }] },
  ];

  const mapped = Object.keys(mapping).length;
  const hasNumber = Object.values(mapping).includes('number');
  const hasName = Object.values(mapping).includes('name');
  const conditions = vocabularies.data?.conditions ?? [];
  const dateFields = new Set(customFields.filter((f) => f.kind === 'date').map((f) => `custom:${f.id}`));
  // Columns of dates that read both ways, mapped to a date: the user says how they were written.
  const dateQuestions = Object.entries(inspected.dateColumns).filter(([header, c]) => c.order === 'ambiguous' && isDateTarget(mapping[header], dateFields));
  // Condition terms of the file that the catalogue lacks and whose meaning is not known: the user places them.
  const conditionHeader = Object.entries(mapping).find(([, f]) => f === 'condition')?.[0];
  const unplaced = conditionHeader && !inspected.storeroom ? (inspected.conditionTerms[conditionHeader] ?? []).filter((term) => !term.known && term.level === null) : [];

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
          <div>
            <Text fw={700}>{t('exchange.mapping.title')}</Text>
            <Text size="sm" c="dimmed">
              {t('exchange.mapping.help', { mapped, total: inspected.headers.length })}
            </Text>
          </div>
          <Group gap="xs" align="flex-end" wrap="wrap">
            <Select
              label={t('exchange.mapping.saved')}
              placeholder={saved.data?.mappings.length ? t('exchange.mapping.loadPlaceholder') : t('exchange.mapping.noneSaved')}
              data={(saved.data?.mappings ?? []).map((m) => m.name)}
              value={null}
              onChange={(value) => value && load(value)}
              disabled={!saved.data?.mappings.length}
              w={280}
              size="sm"
            />
            <SaveMapping mapping={mapping} />
          </Group>
        </Group>

        {!hasNumber && (
          <Alert color="red" variant="filled" icon={<IconAlertTriangle aria-hidden />} title={t('exchange.mapping.noNumberTitle')} data-testid="mapping-no-number" role="alert">
            <Text size="sm">{t('exchange.mapping.noNumber')}</Text>
          </Alert>
        )}
        {hasNumber && !hasName && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} p="sm">
            <Text size="sm">{t('exchange.mapping.noName')}</Text>
          </Alert>
        )}
        {inspected.storeroom && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} p="sm" data-testid="mapping-own-workbook">
            <Text size="sm">{t('exchange.mapping.ownWorkbook')}</Text>
          </Alert>
        )}
        {dateQuestions.map(([header, column]) => (
          <DateQuestion
            key={header}
            header={header}
            examples={column.examples}
            value={choices.dateOrder[header] ?? null}
            onChange={(order) => onChange({ ...choices, dateOrder: { ...choices.dateOrder, [header]: order } })}
          />
        ))}
        {unplaced.length > 0 && (
          <Alert color="yellow" variant="light" icon={<IconStairs aria-hidden />} title={t('exchange.mapping.termsTitle')} data-testid="mapping-terms">
            <Stack gap="xs">
              <Text size="sm">{t('exchange.mapping.termsHelp')}</Text>
              {unplaced.map(({ term }) => (
                <Group key={term} gap="sm" wrap="wrap" align="center">
                  <Badge variant="white" color="dark" tt="none" size="lg">
                    <bdi>{term}</bdi>
                  </Badge>
                  <Select
                    size="xs"
                    w={260}
                    aria-label={t('exchange.mapping.termFor', { term })}
                    placeholder={t('exchange.mapping.termLast')}
                    value={choices.termPlacement[term] ?? null}
                    onChange={(value) => {
                      const next = { ...choices.termPlacement };
                      if (value === null) delete next[term];
                      else next[term] = value;
                      onChange({ ...choices, termPlacement: next });
                    }}
                    clearable
                    data={[{ value: '', label: t('exchange.mapping.termFirst') }, ...conditions.map((c) => ({ value: c, label: t('exchange.mapping.termAfter', { term: c }) }))]}
                    comboboxProps={{ withinPortal: true }}
                  />
                </Group>
              ))}
            </Stack>
          </Alert>
        )}

        <Table verticalSpacing={6} className="mapping-table" data-testid="mapping-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="28%">{t('exchange.mapping.column')}</Table.Th>
                <Table.Th>{t('exchange.mapping.values')}</Table.Th>
                <Table.Th w={300}>{t('exchange.mapping.field')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {inspected.headers.map((header, index) => {
                const field = mapping[header];
                const suggested = inspected.suggestedMapping[header];
                return (
                  <Table.Tr key={header} data-mapped={field ? true : undefined}>
                    <Table.Td>
                      <Text size="sm" fw={600} className="mapping-header">
                        {columnLabel(t, header)}
                      </Text>
                      {suggested && suggested === field && (
                        <Badge size="xs" variant="light" color="teal" tt="none" mt={2}>
                          {t('exchange.mapping.suggested')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed" lineClamp={2} className="mapping-values">
                        {sampleOf(index).join(' · ') || t('exchange.mapping.noValues')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Select
                        size="sm"
                        data={optionsFor(header)}
                        value={field ?? IGNORE_VALUE}
                        onChange={(value) => setField(header, !value || value === IGNORE_VALUE ? IGNORE : value)}
                        allowDeselect={false}
                        searchable
                        aria-label={t('exchange.mapping.fieldFor', { column: columnLabel(t, header) })}
                        data-ignored={!field || undefined}
                        className="mapping-select"
                        maxDropdownHeight={320}
                        comboboxProps={{ withinPortal: true }}
                      />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
        </Table>

        <Stack gap={6}>
          <Checkbox
            checked={choices.createLocations}
            onChange={(e) => onChange({ ...choices, createLocations: e.currentTarget.checked })}
            label={t('exchange.mapping.createLocations')}
            description={t('exchange.mapping.createLocationsHelp')}
          />
          <Checkbox
            checked={choices.addTerms}
            onChange={(e) => onChange({ ...choices, addTerms: e.currentTarget.checked })}
            label={t('exchange.mapping.addTerms')}
            description={t('exchange.mapping.addTermsHelp')}
          />
          {inspected.movementsSheet && (
            <Checkbox
              checked={choices.movements}
              onChange={(e) => onChange({ ...choices, movements: e.currentTarget.checked })}
              label={t('exchange.mapping.movements', { sheet: inspected.movementsSheet })}
              description={t('exchange.mapping.movementsHelp')}
              data-testid="mapping-movements"
            />
          )}
        </Stack>

        <Group justify="space-between">
          <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onBack}>
            {t('exchange.mapping.back')}
          </Button>
          <Button leftSection={<IconEye size={16} aria-hidden />} onClick={onNext} disabled={mapped === 0} data-testid="import-preview">
            {t('exchange.mapping.preview')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** A column whose every date reads both ways (03/04/2024): two of its rows, and the two readings to choose from. */
function DateQuestion({ header, examples, value, onChange }: { header: string; examples: { row: number; value: string }[]; value: 'dmy' | 'mdy' | null; onChange: (order: 'dmy' | 'mdy') => void }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const reading = (text: string, order: 'dmy' | 'mdy') => {
    const [a, b, y] = text.split(/[/-]/).map(Number) as [number, number, number];
    const year = y < 100 ? y + (y < 50 ? 2000 : 1900) : y;
    const [day, month] = order === 'dmy' ? [a, b] : [b, a];
    return date(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00:00Z`);
  };
  return (
    <Alert color="yellow" variant="light" icon={<IconCalendarQuestion aria-hidden />} title={t('exchange.mapping.dateTitle', { column: header })} data-testid="mapping-date-question">
      <Stack gap="xs">
        <Text size="sm">{t('exchange.mapping.dateHelp')}</Text>
        <Radio.Group value={value} onChange={(v) => onChange(v as 'dmy' | 'mdy')} aria-label={t('exchange.mapping.dateTitle', { column: header })}>
          <Stack gap={6}>
            {(['dmy', 'mdy'] as const).map((order) => (
              <Radio
                key={order}
                value={order}
                label={
                  <Stack gap={0}>
                    <Text size="sm" fw={600}>
                      {t(`exchange.mapping.${order}`)}
                    </Text>
                    {examples.map((e) => (
                      <Text key={e.row} size="xs" c="dimmed">
                        {t('exchange.mapping.dateExample', { row: e.row, value: e.value, date: reading(e.value, order) })}
                      </Text>
                    ))}
                  </Stack>
                }
              />
            ))}
          </Stack>
        </Radio.Group>
      </Stack>
    </Alert>
  );
}

function SaveMapping({ mapping }: { mapping: Record<string, string> }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [name, setName] = useState('');
  const save = useMutationProc('imports.saveMapping', {
    onSuccess: (result) => {
      setOpened(false);
      notifySuccess(t('exchange.mapping.savedAs', { name: result.name }));
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus shadow="md">
      <Popover.Target>
        <Button variant="default" leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => setOpened((o) => !o)} disabled={Object.keys(mapping).length === 0}>
          {t('exchange.mapping.save')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) save.mutate({ name: name.trim(), mapping });
          }}
        >
          <Stack gap="xs" w={260}>
            <TextInput label={t('exchange.mapping.saveName')} placeholder={t('exchange.mapping.saveNamePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={100} data-autofocus />
            <Button type="submit" size="xs" loading={save.isPending} disabled={!name.trim()}>
              {t('exchange.mapping.saveConfirm')}
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
