import { ActionIcon, Alert, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Skeleton, Stack, TagsInput, Text, TextInput, Tooltip } from '@mantine/core';
import { CUSTOM_FIELD_KINDS, type CustomField } from '@contract';
import { IconAlertTriangle, IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { SectionHeader } from '../components/SectionHeader';
import '../components/objects/objects.css';
import { describeError, notifySuccess } from '../lib/notify';

type Kind = (typeof CUSTOM_FIELD_KINDS)[number];

/** The catalogue's name and its own lists: categories, condition terms (best to worst) and custom fields. */
export function SettingsPage() {
  const { t } = useTranslation();
  const vocabularies = useQueryProc('vocabularies.get', {});
  return (
    <Stack gap="lg" maw={1100} className="settings-page">
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <CatalogueName />
      {vocabularies.isError ? (
        <ErrorState error={vocabularies.error} onRetry={() => void vocabularies.refetch()} />
      ) : vocabularies.isPending ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Skeleton h={260} />
          <Skeleton h={260} />
        </SimpleGrid>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <TermList vocabulary="category" terms={vocabularies.data.categories} />
            <TermList vocabulary="condition" terms={vocabularies.data.conditions} />
          </SimpleGrid>
          <CustomFields fields={vocabularies.data.customFields} />
        </>
      )}
    </Stack>
  );
}

/** The name the catalogue goes by on its window, its reports and its exports. */
function CatalogueName() {
  const { t } = useTranslation();
  const info = useQueryProc('catalogue.info', {});
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rename = useMutationProc('catalogue.rename', {
    onSuccess: ({ name }) => {
      setDraft(null);
      notifySuccess(t('settings.catalogue.saved', { name }));
    },
    onError: (failure) => setError(describeError(t, failure).detail),
  });
  const value = draft ?? info.data?.name ?? '';
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) return setError(t('settings.catalogue.required'));
    setError(null);
    rename.mutate({ name: value.trim() });
  };
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="catalogue-title">
      <form onSubmit={save}>
        <Stack gap="sm">
          <SectionHeader id="catalogue-title" title={t('settings.catalogue.title')} help={t('settings.catalogue.help')} />
          <Group align="flex-start" gap="sm">
            <TextInput
              label={t('settings.catalogue.name')}
              value={value}
              onChange={(event) => setDraft(event.currentTarget.value)}
              error={error}
              maxLength={120}
              disabled={!info.data}
              style={{ flex: 1, maxWidth: 520 }}
            />
            <Button type="submit" mt={25} loading={rename.isPending} disabled={!info.data || draft === null || draft.trim() === info.data.name}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** An ordered list of terms. Each change is saved at once; a term still in use cannot be removed, and the server says why. */
function TermList({ vocabulary, terms }: { vocabulary: 'category' | 'condition'; terms: string[] }) {
  const { t } = useTranslation();
  const key = vocabulary === 'category' ? 'categories' : 'conditions';
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ title: string; detail: string } | null>(null);
  const save = useMutationProc('vocabularies.setTerms', {
    onSuccess: () => setFailure(null),
    onError: (error) => setFailure(describeError(t, error)),
  });
  const apply = (next: string[]) => {
    setFailure(null);
    save.mutate({ vocabulary, terms: next });
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const term = draft.trim();
    if (!term) return setDraftError(t('settings.termRequired'));
    if (terms.some((existing) => existing.toLowerCase() === term.toLowerCase())) return setDraftError(t('settings.termExists', { term }));
    setDraftError(null);
    setDraft('');
    apply([...terms, term]);
  };
  const move = (index: number, by: number) => {
    const next = [...terms];
    const [term] = next.splice(index, 1);
    next.splice(index + by, 0, term!);
    apply(next);
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={`${key}-title`}>
      <Stack gap="sm">
        <SectionHeader
          id={`${key}-title`}
          title={t(`settings.${key}.title`)}
          help={t(`settings.${key}.help`)}
          badge={
            <Badge variant="light" color="gray">
              {terms.length}
            </Badge>
          }
        />
        {failure && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={failure.title} role="alert" withCloseButton onClose={() => setFailure(null)}>
            {failure.detail}
          </Alert>
        )}
        {terms.length === 0 ? (
          <Text size="sm" c="dimmed" fs="italic" py="sm">
            {t(`settings.${key}.empty`)}
          </Text>
        ) : (
          <Stack gap={4} component="ol" className="term-list" aria-label={t(`settings.${key}.title`)}>
            {terms.map((term, index) => (
              <Group key={term} component="li" gap="xs" wrap="nowrap" className="term-row" justify="space-between">
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  {vocabulary === 'condition' && (
                    <Text size="xs" c="dimmed" w={18} ta="end">
                      {index + 1}
                    </Text>
                  )}
                  <Text size="sm" truncate>
                    {term}
                  </Text>
                </Group>
                <Group gap={2} wrap="nowrap">
                  <Tooltip label={t('settings.moveUp', { term })} openDelay={400}>
                    <ActionIcon variant="subtle" color="gray" disabled={index === 0 || save.isPending} onClick={() => move(index, -1)} aria-label={t('settings.moveUp', { term })}>
                      <IconArrowUp size={15} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t('settings.moveDown', { term })} openDelay={400}>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      disabled={index === terms.length - 1 || save.isPending}
                      onClick={() => move(index, 1)}
                      aria-label={t('settings.moveDown', { term })}
                    >
                      <IconArrowDown size={15} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t('settings.remove', { term })} openDelay={400}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      disabled={save.isPending}
                      onClick={() => apply(terms.filter((_, i) => i !== index))}
                      aria-label={t('settings.remove', { term })}
                    >
                      <IconTrash size={15} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Group>
            ))}
          </Stack>
        )}
        <form onSubmit={add} noValidate>
          <Group gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              aria-label={t(`settings.${key}.new`)}
              placeholder={t(`settings.${key}.placeholder`)}
              value={draft}
              onChange={(e) => setDraft(e.currentTarget.value)}
              error={draftError}
              maxLength={100}
            />
            <Button type="submit" variant="light" leftSection={<IconPlus size={16} />} loading={save.isPending}>
              {t('settings.add')}
            </Button>
          </Group>
        </form>
      </Stack>
    </Card>
  );
}

function CustomFields({ fields }: { fields: CustomField[] }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<CustomField | 'new' | null>(null);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="custom-fields-title">
      <Stack gap="sm">
        <SectionHeader id="custom-fields-title" title={t('settings.custom.title')} help={t('settings.custom.help')}>
          <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('settings.custom.add')}
          </Button>
        </SectionHeader>
        {fields.length === 0 ? (
          <Text size="sm" c="dimmed" fs="italic" py="sm">
            {t('settings.custom.empty')}
          </Text>
        ) : (
          <Stack gap={4} component="ul" className="term-list" aria-label={t('settings.custom.title')}>
            {fields.map((field) => (
              <Group key={field.id} component="li" gap="sm" wrap="nowrap" className="term-row" justify="space-between">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500} truncate>
                      {field.name}
                    </Text>
                    <Badge size="sm" variant="light" color="gray" tt="none">
                      {t(`objectsUi.customKinds.${field.kind}`)}
                    </Badge>
                  </Group>
                  {field.kind === 'choice' && (
                    <Text size="xs" c="dimmed" lineClamp={2}>
                      {field.choices.join(' · ')}
                    </Text>
                  )}
                </Stack>
                <Tooltip label={t('settings.custom.edit', { name: field.name })} openDelay={400}>
                  <ActionIcon variant="subtle" color="gray" onClick={() => setEditing(field)} aria-label={t('settings.custom.edit', { name: field.name })}>
                    <IconPencil size={15} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
      {editing && <CustomFieldModal field={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}

function CustomFieldModal({ field, onClose }: { field: CustomField | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(field?.name ?? '');
  const [kind, setKind] = useState<Kind>(field?.kind ?? 'text');
  const [choices, setChoices] = useState<string[]>(field?.choices ?? []);
  const [errors, setErrors] = useState<{ name?: string; choices?: string }>({});
  const [failure, setFailure] = useState<{ title: string; detail: string } | null>(null);
  const onError = (error: unknown) => setFailure(describeError(t, error));
  const create = useMutationProc('customFields.create', {
    onSuccess: (created) => {
      notifySuccess(t('settings.custom.created', { name: created.name }));
      onClose();
    },
    onError,
  });
  const update = useMutationProc('customFields.update', {
    onSuccess: (updated) => {
      notifySuccess(t('settings.custom.updated', { name: updated.name }));
      onClose();
    },
    onError,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!name.trim()) next.name = t('settings.custom.nameRequired');
    if (kind === 'choice' && choices.length === 0) next.choices = t('settings.custom.choicesRequired');
    setErrors(next);
    setFailure(null);
    if (Object.keys(next).length) return;
    if (field) update.mutate({ id: field.id, name: name.trim(), ...(field.kind === 'choice' ? { choices } : {}) });
    else create.mutate({ name: name.trim(), kind, ...(kind === 'choice' ? { choices } : {}) });
  };
  return (
    <Modal opened onClose={onClose} title={field ? t('settings.custom.editTitle', { name: field.name }) : t('settings.custom.newTitle')} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('settings.custom.name')}
            placeholder={t('settings.custom.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            required
            maxLength={80}
            data-autofocus
          />
          <Select
            label={t('settings.custom.kind')}
            description={field ? t('settings.custom.kindFixed') : undefined}
            data={CUSTOM_FIELD_KINDS.map((value) => ({ value, label: t(`objectsUi.customKinds.${value}`) }))}
            value={kind}
            onChange={(v) => v && setKind(v as Kind)}
            allowDeselect={false}
            disabled={field !== null}
          />
          {kind === 'choice' && (
            <TagsInput
              label={t('settings.custom.choices')}
              description={t('settings.custom.choicesHelp')}
              placeholder={t('settings.custom.choicesPlaceholder')}
              value={choices}
              onChange={setChoices}
              error={errors.choices}
              maxTags={200}
              clearable
            />
          )}
          {failure && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={failure.title} role="alert">
              {failure.detail}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {field ? t('common.save') : t('settings.custom.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
