import { Alert, Button, Group, List, ScrollArea, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCopy, IconPhotoPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import { serverMessage } from '../../lib/serverMessages';
import type { ImportSummary } from './usePhotoImport';

/** What an import did: photos added, those already in the catalogue, and each file that failed and why. */
export function PhotoImportResult({ summary, byFilename, onMore }: { summary: ImportSummary; byFilename?: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const { added, duplicates, errors, warnings = [], cancelled, notProcessed, skipped } = summary;
  const color = errors.length > 0 || warnings.length > 0 || cancelled ? 'orange' : 'teal';
  const title = cancelled
    ? t('photos.result.cancelledTitle')
    : added.length + duplicates.length === 0
      ? t('photos.result.noneTitle')
      : t('photos.result.title', { count: added.length + duplicates.length, formatted: number(added.length + duplicates.length) });
  const unassigned = byFilename ? [...added, ...duplicates].filter((a) => a.attachedTo === null) : [];

  return (
    <Alert
      color={color}
      variant="light"
      icon={errors.length > 0 || warnings.length > 0 || cancelled ? <IconAlertTriangle aria-hidden /> : <IconCircleCheck aria-hidden />}
      title={title}
      data-testid="photo-result"
    >
      <Stack gap="xs">
        <Group gap="lg" wrap="wrap">
          <Text size="sm" data-testid="photo-result-added">
            {t('photos.result.added', { count: added.length, formatted: number(added.length) })}
          </Text>
          {duplicates.length > 0 && (
            <Text size="sm" data-testid="photo-result-duplicates">
              <IconCopy size={13} aria-hidden style={{ verticalAlign: -2, marginInlineEnd: 4 }} />
              {t('photos.result.duplicates', { count: duplicates.length, formatted: number(duplicates.length) })}
            </Text>
          )}
          {errors.length > 0 && (
            <Text size="sm" c="red.8" fw={600}>
              {t('photos.result.failed', { count: errors.length, formatted: number(errors.length) })}
            </Text>
          )}
          {cancelled && notProcessed > 0 && <Text size="sm">{t('photos.result.notProcessed', { count: notProcessed, formatted: number(notProcessed) })}</Text>}
          {skipped > 0 && (
            <Text size="sm" c="dimmed">
              {t('photos.result.skipped', { count: skipped, formatted: number(skipped) })}
            </Text>
          )}
        </Group>
        {duplicates.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('photos.result.duplicatesHelp')}
          </Text>
        )}
        {errors.length > 0 && (
          <ScrollArea.Autosize mah={180} type="auto">
            <List size="sm" spacing={2} className="photo-errors" aria-label={t('photos.result.errorsLabel')}>
              {errors.map((error, i) => (
                <List.Item key={`${error.file}-${i}`}>
                  <Text span fw={600} size="sm">
                    {error.file}
                  </Text>
                  <Text span size="sm">
                    {' — '}
                    {serverMessage(t, error)}
                  </Text>
                </List.Item>
              ))}
            </List>
          </ScrollArea.Autosize>
        )}
        {warnings.length > 0 && (
          <ScrollArea.Autosize mah={140} type="auto">
            <List size="sm" spacing={2} aria-label={t('photos.result.damagedLabel')} data-testid="photo-result-damaged">
              {warnings.map((warning, i) => (
                <List.Item key={`${warning.file}-${i}`}>
                  <Text span fw={600} size="sm">
                    {warning.file}
                  </Text>
                  <Text span size="sm" c="orange.9">
                    {' — '}
                    {serverMessage(t, warning)}
                  </Text>
                </List.Item>
              ))}
            </List>
          </ScrollArea.Autosize>
        )}
        {byFilename && [...added, ...duplicates].some((a) => a.attachedTo) && (
          <ScrollArea.Autosize mah={160} type="auto">
            <List size="sm" spacing={2} aria-label={t('photos.result.assignedLabel')}>
              {[...added, ...duplicates]
                .filter((a) => a.attachedTo)
                .slice(0, 300)
                .map((a, i) => (
                  <List.Item key={`${a.file}-${i}`}>{t('photos.result.assignedTo', { file: a.file, number: a.attachedTo })}</List.Item>
                ))}
            </List>
          </ScrollArea.Autosize>
        )}
        {unassigned.length > 0 && (
          <Text size="sm" c="orange.8">
            {t('photos.result.unassigned', { count: unassigned.length, formatted: number(unassigned.length) })}
          </Text>
        )}
        <Group>
          <Button size="compact-sm" variant="white" leftSection={<IconPhotoPlus size={14} aria-hidden />} onClick={onMore}>
            {t('photos.result.more')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
