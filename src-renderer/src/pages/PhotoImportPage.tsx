import { Card, Code, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BackLink } from '../components/BackLink';
import { PageHeader } from '../components/PageHeader';
import { PhotoImporter } from '../components/photos/PhotoImporter';
import { useForwardArrow } from '../lib/direction';

/** Photos named after object numbers, attached to those objects once the user has checked the matches. */
export function PhotoImportPage() {
  const { t } = useTranslation();
  const arrow = useForwardArrow();
  return (
    <Stack gap="lg" maw={900} pb="xl" className="photo-import-page">
      <BackLink />
      <PageHeader title={t('photos.byName.title')} subtitle={t('photos.byName.intro')} />
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <div>
            <Text size="sm" fw={600} mb={4}>
              {t('photos.byName.examplesTitle')}
            </Text>
            <List size="sm" spacing={2}>
              <List.Item>
                <bdi><Code>2019.3.12.jpg</Code></bdi> {arrow} <bdi>2019.3.12</bdi>
              </List.Item>
              <List.Item>
                <bdi><Code>2019.3.12_2.jpg</Code></bdi> {arrow} <bdi>2019.3.12</bdi> {t('photos.byName.secondView')}
              </List.Item>
              <List.Item>
                <bdi><Code>2019-3-12 (1).heic</Code></bdi> {arrow} <bdi>2019.3.12</bdi> {t('photos.byName.cameraCopy')}
              </List.Item>
            </List>
          </div>
          <PhotoImporter />
        </Stack>
      </Card>
    </Stack>
  );
}
