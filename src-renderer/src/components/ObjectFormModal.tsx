import { Anchor, Button, Divider, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { DIMENSION_UNITS, WEIGHT_UNITS, type CatalogueObject, type Input } from '@contract';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldIssues, type ApiError } from '../api/errors';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { notifyError, notifySuccess } from '../lib/notify';
import { serverMessage } from '../lib/serverMessages';
import { CustomFieldInput, type CustomValue } from './objects/CustomFieldInput';
import { LocationSelect } from './objects/LocationSelect';

type Field = 'number' | 'name' | 'count' | 'description' | 'category' | 'materials' | 'height' | 'width' | 'depth' | 'weight' | 'normalLocationId' | 'tags';
type Reachable = 'yes' | 'no' | 'unknown';
type DimensionUnit = (typeof DIMENSION_UNITS)[number];
type WeightUnit = (typeof WEIGHT_UNITS)[number];

const toReachable = (value: boolean | null | undefined): Reachable => (value === true ? 'yes' : value === false ? 'no' : 'unknown');
const fromReachable = (value: Reachable): boolean | null => (value === 'unknown' ? null : value === 'yes');
/** A measure as typed: empty means none. */
const measure = (value: number | string): number | null => (value === '' ? null : typeof value === 'number' ? value : Number(value));
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((value, i) => value === b[i]);

/**
 * Record a new object, or change one: every field of its record. Mounted fresh for each opening. `initialNumber`: a
 * new object's number as a scan read it (a label for an object not in the catalogue yet).
 */
export function ObjectFormModal({ object, initialNumber, onClose, onCreated }: { object?: CatalogueObject; initialNumber?: string; onClose: () => void; onCreated?: (object: CatalogueObject) => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 36em)');
  const vocabularies = useQueryProc('vocabularies.get', {});
  const categories = vocabularies.data?.categories ?? [];
  const customFields = vocabularies.data?.customFields ?? [];

  const [number, setNumber] = useState(object?.number ?? initialNumber ?? '');
  const [name, setName] = useState(object?.name ?? '');
  const [count, setCount] = useState<number | string>(object?.count ?? 1);
  const [description, setDescription] = useState(object?.description ?? '');
  const [category, setCategory] = useState<string | null>(object?.category ?? null);
  const [materials, setMaterials] = useState(object?.materials ?? '');
  const [height, setHeight] = useState<number | string>(object?.height ?? '');
  const [width, setWidth] = useState<number | string>(object?.width ?? '');
  const [depth, setDepth] = useState<number | string>(object?.depth ?? '');
  const [dimensionUnit, setDimensionUnit] = useState<DimensionUnit>(object?.dimensionUnit ?? 'cm');
  const [weight, setWeight] = useState<number | string>(object?.weight ?? '');
  const [weightUnit, setWeightUnit] = useState<WeightUnit>(object?.weightUnit ?? 'kg');
  const [normalLocationId, setNormalLocationId] = useState<string | null>(object?.normalLocationId ?? null);
  const [reachable, setReachable] = useState<Reachable>(toReachable(object?.reachable));
  const [tags, setTags] = useState<string[]>(object?.tags ?? []);
  const [custom, setCustom] = useState<Record<string, CustomValue>>(object?.custom ?? {});
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [customErrors, setCustomErrors] = useState<Record<string, string>>({});

  const onError = (error: ApiError) => {
    const details = error.details as { fieldId?: unknown } | undefined;
    if (error.code === 'VALIDATION' && typeof details?.fieldId === 'string') {
      setCustomErrors({ [details.fieldId]: serverMessage(t, error) });
      return;
    }
    const issues = fieldIssues(error);
    if (issues.length === 0) return notifyError(t, error);
    setErrors(Object.fromEntries(issues.map((issue) => [issue.field, t('errors.fieldInvalid', { detail: issue.message })])));
  };
  const create = useMutationProc('objects.create', {
    onSuccess: (created) => {
      notifySuccess(t('objectForm.created', { number: created.displayNumber }));
      onClose();
      onCreated?.(created);
    },
    onError,
  });
  const update = useMutationProc('objects.update', {
    onSuccess: (updated) => {
      notifySuccess(t('objectForm.updated', { number: updated.displayNumber }));
      onClose();
    },
    onError,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (!name.trim()) next.name = t('objectForm.nameRequired');
    const n = typeof count === 'number' ? count : Number.parseInt(count, 10);
    if (!Number.isInteger(n) || n < 1) next.count = t('objectForm.countInvalid');
    for (const [key, value] of [['height', height], ['width', width], ['depth', depth], ['weight', weight]] as const) {
      const m = measure(value);
      if (m !== null && !(m > 0)) next[key] = t('objectsUi.form.measurePositive');
    }
    setErrors(next);
    setCustomErrors({});
    if (Object.keys(next).length > 0) return;

    const values = {
      name: name.trim(),
      count: n,
      description: description.trim(),
      category,
      materials: materials.trim(),
      height: measure(height),
      width: measure(width),
      depth: measure(depth),
      dimensionUnit,
      weight: measure(weight),
      weightUnit,
      normalLocationId,
      reachable: fromReachable(reachable),
      tags,
    };
    const customValues: Record<string, CustomValue> = {};
    for (const field of customFields) {
      const value = custom[field.id] ?? null;
      const clean = typeof value === 'string' ? value.trim() || null : value;
      if (clean !== (object?.custom[field.id] ?? null)) customValues[field.id] = clean;
    }

    if (object) {
      // Only what changed is sent, so the object's history says exactly what was edited.
      const changed: Omit<Input<'objects.update'>, 'id'> = {};
      for (const key of Object.keys(values) as (keyof typeof values)[]) {
        const before = object[key];
        const after = values[key];
        const same = Array.isArray(before) && Array.isArray(after) ? sameList(before, after) : before === after;
        if (!same) Object.assign(changed, { [key]: after });
      }
      if (Object.keys(customValues).length > 0) changed.custom = customValues;
      // Clearing a number the object had gives it a temporary one; leaving it empty changes nothing.
      const numberChange = number.trim() ? number.trim() : object.number === null ? undefined : null;
      if (numberChange !== undefined && numberChange !== object.number) changed.number = numberChange;
      if (Object.keys(changed).length === 0) {
        onClose();
        return;
      }
      update.mutate({ id: object.id, ...changed });
    } else {
      const given = Object.fromEntries(Object.entries(customValues).filter(([, v]) => v !== null));
      create.mutate({ ...values, number: number.trim() || null, ...(Object.keys(given).length ? { custom: given } : {}) });
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={object ? t('objectForm.editTitle', { number: object.displayNumber }) : t('objectForm.newTitle')}
      size="xl"
      centered
      fullScreen={phone}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group grow align="flex-start" preventGrowOverflow={false} wrap="wrap">
            <TextInput
              label={t('objectForm.number')}
              description={object?.number === null ? t('objectForm.numberHelpTemp', { temp: object.tempNumber }) : t('objectForm.numberHelp')}
              placeholder={t('objectForm.numberPlaceholder')}
              value={number}
              onChange={(e) => setNumber(e.currentTarget.value)}
              error={errors.number}
              data-autofocus
              maxLength={80}
              miw={200}
            />
            <NumberInput
              label={t('objectForm.count')}
              description={t('objectForm.countHelp')}
              value={count}
              onChange={setCount}
              min={1}
              max={1_000_000}
              allowDecimal={false}
              allowNegative={false}
              error={errors.count}
              required
              miw={160}
            />
          </Group>
          <TextInput
            label={t('objectForm.name')}
            placeholder={t('objectForm.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            maxLength={300}
          />
          <Textarea
            label={t('objectForm.description')}
            placeholder={t('objectForm.descriptionPlaceholder')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={errors.description}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={10_000}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <Select
              label={t('objectsUi.fields.category')}
              description={
                vocabularies.isSuccess && categories.length === 0 ? (
                  <>
                    {t('objectsUi.form.noCategories')}{' '}
                    <Anchor component={Link} to="/settings" size="xs" onClick={onClose}>
                      {t('objectsUi.form.defineInSettings')}
                    </Anchor>
                  </>
                ) : (
                  t('objectsUi.form.categoryHelp')
                )
              }
              data={categories}
              value={category}
              onChange={setCategory}
              clearable
              searchable
              placeholder={t('objectsUi.form.choosePlaceholder')}
              nothingFoundMessage={t('common.nothingFound')}
              error={errors.category}
              disabled={categories.length === 0 && !category}
            />
            <TextInput
              label={t('objectsUi.fields.materials')}
              description={t('objectsUi.form.materialsHelp')}
              placeholder={t('objectsUi.form.materialsPlaceholder')}
              value={materials}
              onChange={(e) => setMaterials(e.currentTarget.value)}
              error={errors.materials}
              maxLength={2000}
            />
          </SimpleGrid>

          <Section title={t('objectsUi.form.measurements')}>
            <SimpleGrid cols={{ base: 3, sm: 4 }} spacing="sm">
              <Measure label={t('objectsUi.fields.height')} value={height} onChange={setHeight} error={errors.height} />
              <Measure label={t('objectsUi.fields.width')} value={width} onChange={setWidth} error={errors.width} />
              <Measure label={t('objectsUi.fields.depth')} value={depth} onChange={setDepth} error={errors.depth} />
              <Select
                label={t('objectsUi.fields.dimensionUnit')}
                data={DIMENSION_UNITS.map((unit) => ({ value: unit, label: t(`objectsUi.units.${unit}`) }))}
                value={dimensionUnit}
                onChange={(v) => v && setDimensionUnit(v as DimensionUnit)}
                allowDeselect={false}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 3, sm: 4 }} spacing="sm">
              <Measure label={t('objectsUi.fields.weight')} value={weight} onChange={setWeight} error={errors.weight} />
              <Select
                label={t('objectsUi.fields.weightUnit')}
                data={WEIGHT_UNITS.map((unit) => ({ value: unit, label: t(`objectsUi.units.${unit}`) }))}
                value={weightUnit}
                onChange={(v) => v && setWeightUnit(v as WeightUnit)}
                allowDeselect={false}
              />
            </SimpleGrid>
          </Section>

          <Section title={t('objectsUi.form.storage')}>
            <LocationSelect
              label={t('objectsUi.fields.normalLocation')}
              description={t('objectsUi.form.normalLocationHelp')}
              placeholder={t('objectsUi.form.normalLocationPlaceholder')}
              value={normalLocationId}
              onChange={setNormalLocationId}
              clearable
              error={errors.normalLocationId}
            />
            <div>
              <Text size="sm" fw={500} id="reachable-label">
                {t('objectsUi.fields.reachable')}
              </Text>
              <Text size="xs" c="dimmed" mb={6}>
                {t('objectsUi.form.reachableHelp')}
              </Text>
              <SegmentedControl
                aria-labelledby="reachable-label"
                value={reachable}
                onChange={(v) => setReachable(v as Reachable)}
                data={[
                  { value: 'yes', label: t('objectsUi.reachable.yes') },
                  { value: 'no', label: t('objectsUi.reachable.no') },
                  { value: 'unknown', label: t('objectsUi.reachable.unknown') },
                ]}
              />
            </div>
          </Section>

          <Section title={t('objectsUi.form.tagsAndFields')}>
            <TagsInput
              label={t('objectsUi.fields.tags')}
              description={t('objectsUi.form.tagsHelp')}
              placeholder={t('objectsUi.form.tagsPlaceholder')}
              value={tags}
              onChange={setTags}
              error={errors.tags}
              maxTags={100}
              clearable
              splitChars={[',', ';']}
            />
            {customFields.length > 0 && (
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                {customFields.map((field) => (
                  <CustomFieldInput
                    key={field.id}
                    field={field}
                    value={custom[field.id] ?? null}
                    onChange={(value) => setCustom((current) => ({ ...current, [field.id]: value }))}
                    error={customErrors[field.id]}
                  />
                ))}
              </SimpleGrid>
            )}
          </Section>

          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {object ? t('common.save') : t('objectForm.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" role="group" aria-label={title}>
      <Divider label={<span className="section-label">{title}</span>} labelPosition="left" />
      {children}
    </Stack>
  );
}

function Measure({ label, value, onChange, error }: { label: string; value: number | string; onChange: (value: number | string) => void; error?: string | undefined }) {
  return <NumberInput label={label} value={value} onChange={onChange} min={0} max={1_000_000} decimalScale={3} allowNegative={false} error={error} hideControls />;
}
