import { Alert, Anchor, Button, Group, Image, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { CatalogueObject } from '@contract';
import { IconCamera, IconPhotoPlus, IconSearch, IconSwitchHorizontal } from '@tabler/icons-react';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call, mediaUrl, uploadFile } from '../api/client';
import { invalidateTopics, useQueryProc } from '../api/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { CameraScanner, ScanButton } from '../components/scan/CameraScanner';
import { describeError } from '../lib/notify';

/**
 * Photographing objects on a phone: find the object (scan its label or type its number), then take photos with the
 * phone's camera; each is uploaded, kept as it was taken, and attached to the object.
 */
export function PhonePhotosPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [number, setNumber] = useState('');
  const [object, setObject] = useState<CatalogueObject | null>(null);
  const [camera, setCamera] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(0);
  const [sent, setSent] = useState(0);
  const photos = useQueryProc('photos.list', { targetId: object?.id ?? '' }, { enabled: object !== null });

  const find = async (raw: string) => {
    const code = raw.trim();
    if (!code) return;
    setError(null);
    setNumber(code);
    try {
      const { items } = await call('objects.findByNumber', { number: code });
      if (items.length === 1) {
        setObject(items[0]!);
        setCamera(false);
        setSent(0);
      } else setError(items.length === 0 ? t('workshop.search.notFound', { number: code }) : t('workshop.photos.several', { number: code }));
    } catch (failure) {
      setError(describeError(t, failure).detail);
    }
  };

  const take = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.currentTarget.files ?? [])];
    event.currentTarget.value = '';
    if (!object || files.length === 0) return;
    setError(null);
    setSending(files.length);
    try {
      const uploads = [];
      for (const file of files) uploads.push({ uploadId: await uploadFile(file), name: file.name || 'photo.jpg' });
      const result = await call('photos.import', { uploads, attachTo: { kind: 'object', id: object.id } });
      setSent((n) => n + result.added.length);
      if (result.errors.length) setError(result.errors.map((e) => `${e.file}: ${e.message}`).join('\n'));
      void invalidateTopics(client, ['photos', 'objects']);
    } catch (failure) {
      setError(describeError(t, failure).detail);
    } finally {
      setSending(0);
    }
  };

  return (
    <Stack gap="md" className="phone-photos-page">
      <Title order={1} size="h3">
        {t('workshop.photos.title')}
      </Title>
      {!object ? (
        <>
          <Text>{t('workshop.photos.findHelp')}</Text>
          <form
            onSubmit={(event: FormEvent) => {
              event.preventDefault();
              void find(number);
            }}
          >
            <Group gap="sm" wrap="nowrap" align="flex-end">
              <TextInput
                style={{ flex: 1 }}
                size="lg"
                label={t('rapid.numberLabel')}
                value={number}
                onChange={(e) => setNumber(e.currentTarget.value)}
                autoComplete="off"
                autoCorrect="off"
                spellCheck={false}
                enterKeyHint="search"
              />
              <Button type="submit" size="lg" aria-label={t('workshop.photos.find')}>
                <IconSearch size={22} aria-hidden />
              </Button>
            </Group>
          </form>
          {camera ? <CameraScanner onCode={(code) => void find(code)} onClose={() => setCamera(false)} /> : <ScanButton onClick={() => setCamera(true)} />}
        </>
      ) : (
        <Paper withBorder radius="lg" p="md">
          <Stack gap="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/objects/${object.id}`} fw={800} ff="monospace" size="lg" className="touch-link">
                  {object.displayNumber}
                </Anchor>
                <Text size="sm">{object.name}</Text>
              </div>
              <Button variant="default" leftSection={<IconSwitchHorizontal size={18} aria-hidden />} onClick={() => setObject(null)}>
                {t('workshop.photos.another')}
              </Button>
            </Group>
            <Button component="label" size="xl" leftSection={<IconCamera size={26} aria-hidden />} loading={sending > 0}>
              {t('workshop.photos.take')}
              <input type="file" accept="image/*" capture="environment" multiple className="visually-hidden" onChange={(e) => void take(e)} />
            </Button>
            <Button component="label" variant="default" size="md" leftSection={<IconPhotoPlus size={20} aria-hidden />}>
              {t('workshop.photos.choose')}
              <input type="file" accept="image/*" multiple className="visually-hidden" onChange={(e) => void take(e)} />
            </Button>
            {sent > 0 && (
              <Text size="sm" c="teal.8" role="status">
                {t('workshop.photos.sent', { count: sent })}
              </Text>
            )}
            <SimpleGrid cols={3} spacing="xs">
              {photos.data?.photos.map((photo) => (
                <Image key={photo.id} src={mediaUrl(photo.id, 'thumb')} alt={photo.caption || object.displayNumber} radius="sm" />
              ))}
            </SimpleGrid>
          </Stack>
        </Paper>
      )}
      {error && (
        <Alert color="red" variant="light" role="alert" style={{ whiteSpace: 'pre-line' }}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}
