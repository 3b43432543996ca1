import { Button, Group, Modal, NumberInput, Stack, TextInput, Textarea } from '@mantine/core';
import type { CatalogueObject } from '@contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldIssues, type ApiError } from '../api/errors';
import { useMutationProc } from '../api/hooks';
import { notifyError, notifySuccess } from '../lib/notify';

type Field = 'number' | 'name' | 'count' | 'description';

/** Record a new object, or change one. Mounted fresh for each opening. */
export function ObjectFormModal({ object, onClose, onCreated }: { object?: CatalogueObject; onClose: () => void; onCreated?: (object: CatalogueObject) => void }) {
  const { t } = useTranslation();
  const [number, setNumber] = useState(object?.number ?? '');
  const [name, setName] = useState(object?.name ?? '');
  const [count, setCount] = useState<number | string>(object?.count ?? 1);
  const [description, setDescription] = useState(object?.description ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const onError = (error: ApiError) => {
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
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    const values = { name: name.trim(), count: n, description: description.trim() };
    if (object) {
      // Clearing a number the object had gives it a temporary one; leaving it empty changes nothing.
      const numberChange = number.trim() ? number.trim() : object.number === null ? undefined : null;
      update.mutate({ id: object.id, ...values, ...(numberChange === undefined ? {} : { number: numberChange }) });
    } else {
      create.mutate({ ...values, number: number.trim() || null });
    }
  };

  return (
    <Modal opened onClose={onClose} title={object ? t('objectForm.editTitle', { number: object.displayNumber }) : t('objectForm.newTitle')} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group grow align="flex-start">
            <TextInput
              label={t('objectForm.number')}
              description={object?.number === null ? t('objectForm.numberHelpTemp', { temp: object.tempNumber }) : t('objectForm.numberHelp')}
              placeholder={t('objectForm.numberPlaceholder')}
              value={number}
              onChange={(e) => setNumber(e.currentTarget.value)}
              error={errors.number}
              data-autofocus
              maxLength={80}
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
            minRows={3}
            maxRows={8}
          />
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
