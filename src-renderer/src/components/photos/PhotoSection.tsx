import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconTags } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsCoordinator } from '../../api/session';
import { Link } from 'react-router';
import { useQueryProc } from '../../api/hooks';
import { ErrorState } from '../ErrorState';
import { PhotoGrid } from './PhotoGrid';
import { PhotoImporter } from './PhotoImporter';
import { PhotoViewer } from './PhotoViewer';
import type { AttachTarget } from './usePhotoImport';
import './photos.css';

/**
 * The photos of an object or a location: a place to add more (drop, choose, take, capture), the grid, and the
 * viewer. New photos appear as soon as their import finishes.
 */
export function PhotoSection({ target, label }: { target: AttachTarget; label: string }) {
  const { t } = useTranslation();
  // Photos by file name is the coordinator's import.
  const coordinator = useIsCoordinator();
  const list = useQueryProc('photos.list', { targetId: target.id });
  const [open, setOpen] = useState<number | null>(null);
  const photos = list.data?.photos ?? [];
  const headingId = `photos-heading-${target.id}`;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId} className="photo-section" data-testid="photo-section">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <Title order={2} size="h4" id={headingId}>
              {t('photos.section.title')}
            </Title>
            {photos.length > 0 && (
              <Badge variant="light" color="gray" size="md" data-testid="photo-count">
                {photos.length}
              </Badge>
            )}
          </Group>
          {coordinator && (
          <Anchor component={Link} to="/photos/import" size="xs" c="dimmed" className="touch-link">
            <Group gap={4} wrap="nowrap">
              <IconTags size={14} aria-hidden />
              {t('photos.section.byNameLink')}
            </Group>
          </Anchor>
          )}
        </Group>
        <PhotoImporter target={target} targetLabel={label} compact={photos.length > 0} />
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <PhotoGrid targetId={target.id} photos={photos} loading={list.isPending} onOpen={setOpen} />
        )}
        {list.isSuccess && photos.length === 0 && (
          <Text size="sm" c="dimmed">
            {t(target.kind === 'object' ? 'photos.section.emptyObject' : 'photos.section.emptyLocation')}
          </Text>
        )}
      </Stack>
      {open !== null && photos.length > 0 && (
        <PhotoViewer
          photos={photos.map((p) => ({ id: p.id, title: p.caption || p.originalName, role: p.role, primary: p.primary }))}
          index={Math.min(open, photos.length - 1)}
          onIndex={setOpen}
          onClose={() => setOpen(null)}
        />
      )}
    </Card>
  );
}
