import { Alert, Autocomplete, Button, Group, Modal, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { LOCATION_ROLES, LOCATION_TYPES, type Location, type LocationRole, type TreeLocation } from '@contract';
import { IconTruckDelivery } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldIssues, type ApiError } from '../api/errors';
import { useMutationProc } from '../api/hooks';
import { useFormatters } from '../lib/format';
import { typeFromLabel, typeLabel } from '../lib/locations';
import { notifyError, notifySuccess } from '../lib/notify';
import { subtreeOf, type TreeModel } from './locations/treeModel';
import { LocationSelect } from './moves/LocationSelect';

export type LocationFormMode = { kind: 'create'; parentId: string | null } | { kind: 'edit'; location: TreeLocation };

type Field = 'parentId' | 'code' | 'name' | 'type' | 'role' | 'notes';

/** Create or edit one location. Mounted fresh for each opening, so its state starts from `mode`. */
export function LocationFormModal({
  mode,
  model,
  onClose,
  onSaved,
}: {
  mode: LocationFormMode;
  model: TreeModel;
  onClose: () => void;
  /** Called with the saved location (the tree reveals it). */
  onSaved?: (location: Location) => void;
}) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const editing = mode.kind === 'edit' ? mode.location : null;
  const [parentId, setParentId] = useState<string | null>(editing ? editing.parentId : mode.kind === 'create' ? mode.parentId : null);
  const [code, setCode] = useState(editing?.code ?? '');
  const [name, setName] = useState(editing?.name ?? '');
  const [type, setType] = useState(editing ? typeLabel(t, editing.type) : '');
  const [role, setRole] = useState<LocationRole>(editing?.role ?? 'permanent');
  const [notes, setNotes] = useState(editing?.notes ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const excluded = useMemo(() => (editing ? subtreeOf(model, editing.id) : undefined), [model, editing]);
  const moving = editing !== null && parentId !== editing.parentId;

  const onError = (error: ApiError) => {
    const issues = fieldIssues(error);
    if (issues.length === 0) return notifyError(t, error);
    const next: Partial<Record<Field, string>> = {};
    for (const issue of issues) {
      next[issue.field as Field] =
        error.code === 'CONFLICT' ? t('locationForm.codeTaken', { code: code.trim() }) : t('errors.fieldInvalid', { detail: issue.message });
    }
    setErrors(next);
  };
  const create = useMutationProc('locations.create', {
    onSuccess: (location) => {
      notifySuccess(t('locationForm.created', { code: location.code }));
      onSaved?.(location);
      onClose();
    },
    onError,
  });
  const update = useMutationProc('locations.update', {
    onSuccess: (location) => {
      notifySuccess(t('locationForm.updated', { code: location.code }));
      onSaved?.(location);
      onClose();
    },
    onError,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Partial<Record<Field, string>> = {};
    if (!code.trim()) next.code = t('locationForm.codeRequired');
    else if (/[\s>]/.test(code.trim())) next.code = t('locationForm.codeFormat');
    if (!name.trim()) next.name = t('locationForm.nameRequired');
    if (!type.trim()) next.type = t('locationForm.typeRequired');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const values = { parentId, code: code.trim(), name: name.trim(), type: typeFromLabel(t, type), role, notes: notes.trim() };
    if (editing) update.mutate({ id: editing.id, ...values });
    else create.mutate(values);
  };

  const title = editing
    ? t('locationForm.editTitle', { code: editing.code })
    : parentId
      ? t('locationForm.newSublocationTitle')
      : t('locationForm.newTitle');

  return (
    <Modal opened onClose={onClose} title={title} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LocationSelect
            model={model}
            label={t('locationForm.parent')}
            description={t('locationForm.parentHelp')}
            placeholder={t('locationForm.topLevel')}
            value={parentId}
            onChange={setParentId}
            exclude={excluded}
            clearable
            error={errors.parentId}
          />
          {moving && editing.subtreeObjectCount > 0 && (
            <Alert color="orange" variant="light" icon={<IconTruckDelivery size={18} aria-hidden />} py="xs">
              {t('locationsUi.reparentWarning', { count: editing.subtreeObjectCount, formatted: number(editing.subtreeObjectCount) })}
            </Alert>
          )}
          <Group grow align="flex-start">
            <TextInput
              label={t('locationForm.code')}
              description={t('locationForm.codeHelp')}
              placeholder={t('locationForm.codePlaceholder')}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={errors.code}
              required
              data-autofocus
              maxLength={60}
            />
            <Autocomplete
              label={t('locationForm.type')}
              description={t('locationForm.typeHelp')}
              placeholder={t('locationForm.typePlaceholder')}
              data={LOCATION_TYPES.map((value) => t(`locationTypes.${value}`))}
              value={type}
              onChange={setType}
              error={errors.type}
              required
              maxLength={40}
            />
          </Group>
          <TextInput
            label={t('locationForm.name')}
            placeholder={t('locationForm.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            maxLength={200}
          />
          <Radio.Group label={t('locationForm.role')} value={role} onChange={(value) => setRole(value as LocationRole)} error={errors.role}>
            <Stack gap="xs" mt={6}>
              {LOCATION_ROLES.map((value) => (
                <Radio.Card key={value} value={value} className="role-card" radius="md">
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div>
                      <Text fw={500} size="sm">
                        {t(`roles.${value}`)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`roles.${value}Help`)}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('locationForm.notes')}
            value={notes}
            onChange={(e) => setNotes(e.currentTarget.value)}
            error={errors.notes}
            autosize
            minRows={2}
            maxRows={6}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {editing ? t('common.save') : t('locationForm.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
