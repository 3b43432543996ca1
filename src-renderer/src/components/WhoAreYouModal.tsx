import { Button, Divider, Group, Modal, ScrollArea, Skeleton, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconCheck, IconUser } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldIssues } from '../api/errors';
import { useMutationProc, useQueryProc } from '../api/hooks';
import { setPersonId, usePersonId } from '../api/person';
import { notifyError, notifySuccess } from '../lib/notify';
import { ErrorState } from './ErrorState';
import { LanguagePicker } from './LanguagePicker';

/** Asks once per device who is working, so every change records its author. */
export function WhoAreYouModal({ opened, required, onClose }: { opened: boolean; required: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const personId = usePersonId();
  const people = useQueryProc('people.list', {});
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const create = useMutationProc('people.create', {
    onSuccess: (person) => {
      setPersonId(person.id);
      setName('');
      notifySuccess(t('who.welcome', { name: person.name }));
      onClose();
    },
    onError: (error) => {
      const issue = fieldIssues(error).find((i) => i.field === 'name');
      if (issue) setNameError(t('errors.fieldInvalid', { detail: issue.message }));
      else notifyError(t, error);
    },
  });

  const choose = (id: string) => {
    setPersonId(id);
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setNameError(t('who.nameRequired'));
      return;
    }
    setNameError(null);
    create.mutate({ name: name.trim() });
  };

  const list = people.data ?? [];
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('who.title')}
      withCloseButton={!required}
      closeOnClickOutside={!required}
      closeOnEscape={!required}
      centered
      size="md"
    >
      <Stack gap="md">
        <Group align="flex-start" justify="space-between" wrap="nowrap" gap="md">
          <Text size="sm" c="dimmed" style={{ flex: 1 }}>
            {t('who.explanation')}
          </Text>
          <div style={{ flex: 'none' }}>
            <LanguagePicker />
          </div>
        </Group>
        {people.isPending && <Skeleton h={80} />}
        {people.isError && <ErrorState error={people.error} onRetry={() => void people.refetch()} />}
        {list.length > 0 && (
          <ScrollArea.Autosize mah={260} type="auto">
            <Stack gap={6} role="group" aria-label={t('who.teamList')}>
              {list.map((person) => (
                <UnstyledButton
                  key={person.id}
                  className="person-choice"
                  data-active={person.id === personId || undefined}
                  onClick={() => choose(person.id)}
                >
                  <Group gap="sm" wrap="nowrap">
                    <IconUser size={18} aria-hidden />
                    <Text fw={500} style={{ flex: 1 }}>
                      {person.name}
                    </Text>
                    {person.id === personId && <IconCheck size={18} aria-label={t('who.current')} />}
                  </Group>
                </UnstyledButton>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
        {list.length > 0 && <Divider label={t('who.orNew')} labelPosition="center" />}
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput
              label={list.length > 0 ? t('who.newName') : t('who.firstName')}
              placeholder={t('who.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
              data-autofocus
              maxLength={120}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={create.isPending}>
                {t('who.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
