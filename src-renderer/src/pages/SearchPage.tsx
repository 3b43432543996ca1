import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { CatalogueObject } from '@contract';
import { IconPlus, IconSearch, IconZoomQuestion } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { call } from '../api/client';
import { ObjectFormModal } from '../components/ObjectFormModal';
import { ObjectCardList } from '../components/objects/ObjectCardList';
import { CameraScanner, ScanButton } from '../components/scan/CameraScanner';
import { describeError } from '../lib/notify';

/**
 * Finding an object on a phone: type words, or scan a label. A label's number opens its object at once (a location's
 * code, its location); a number that matches nothing says so, with a way to record the object.
 */
export function SearchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 250);
  const [camera, setCamera] = useState(false);
  const [notFound, setNotFound] = useState<string | null>(null);
  const [several, setSeveral] = useState<CatalogueObject[] | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [recording, setRecording] = useState<string | null>(null);

  /** A scanned or entered number or code: the one object (or location) it names, or why not. */
  const lookUp = async (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    setNotFound(null);
    setSeveral(null);
    setLookupError(null);
    setText(code);
    try {
      const { items } = await call('objects.findByNumber', { number: code });
      if (items.length === 1) return navigate(`/objects/${items[0]!.id}`);
      if (items.length > 1) return setSeveral(items);
      const { locations } = await call('locations.tree', {});
      const location = locations.find((l) => l.code.toLowerCase() === code.toLowerCase());
      if (location) return navigate(`/locations/${location.id}`);
      setNotFound(code);
    } catch (error) {
      setLookupError(describeError(t, error).detail);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void lookUp(text);
  };

  return (
    <Stack gap="md" className="search-page">
      <Title order={1} size="h3">
        {t('workshop.search.title')}
      </Title>
      <form onSubmit={submit}>
        <TextInput
          size="lg"
          type="search"
          leftSection={<IconSearch size={22} aria-hidden />}
          aria-label={t('workshop.search.label')}
          placeholder={t('workshop.search.placeholder')}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setNotFound(null);
            setSeveral(null);
          }}
          enterKeyHint="search"
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          maxLength={200}
          autoFocus
        />
      </form>
      {camera ? <CameraScanner onCode={(code) => void lookUp(code)} onClose={() => setCamera(false)} hint={t('workshop.search.cameraHint')} /> : <ScanButton onClick={() => setCamera(true)} />}
      {notFound && (
        <Alert color="yellow" variant="light" icon={<IconZoomQuestion aria-hidden />} title={t('workshop.search.notFound', { number: notFound })} role="alert" data-testid="not-found">
          <Stack gap="sm">
            <Text size="sm">{t('workshop.search.notFoundHelp')}</Text>
            <Group>
              <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setRecording(notFound)}>
                {t('workshop.search.record', { number: notFound })}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {lookupError && (
        <Alert color="red" variant="light" role="alert">
          {lookupError}
        </Alert>
      )}
      {several && (
        <Stack gap="xs">
          <Text fw={700}>{t('workshop.search.several', { count: several.length })}</Text>
          <ObjectCardList filter={{ query: several[0]!.displayNumber }} onOpen={(object) => navigate(`/objects/${object.id}`)} />
        </Stack>
      )}
      {!several && query && <ObjectCardList filter={{ query }} onOpen={(object) => navigate(`/objects/${object.id}`)} empty={<Text c="dimmed">{t('common.nothingFound')}</Text>} />}
      {!query && !notFound && (
        <Text size="sm" c="dimmed">
          {t('workshop.search.help')}
        </Text>
      )}
      {recording !== null && <ObjectFormModal initialNumber={recording} onClose={() => setRecording(null)} onCreated={(object) => navigate(`/objects/${object.id}`)} />}
    </Stack>
  );
}
