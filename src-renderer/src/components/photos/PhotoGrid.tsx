import { ActionIcon, Badge, Button, Group, Menu, Modal, Skeleton, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { PHOTO_ROLES, type Output } from '@contract';
import { IconCheck, IconDots, IconLinkOff, IconPencil, IconStar, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mediaUrl } from '../../api/client';
import { useMutationProc } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../lib/notify';

export type AttachedPhoto = Output<'photos.list'>['photos'][number];

/**
 * The photos attached to an object or a location, the primary one first: each with its role and caption, and a
 * menu to make it the primary photo, change its role or caption, or detach it (the photo itself is kept).
 */
export function PhotoGrid({ targetId, photos, loading, onOpen }: { targetId: string; photos: AttachedPhoto[]; loading: boolean; onOpen: (index: number) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [detaching, setDetaching] = useState<AttachedPhoto | null>(null);
  const update = useMutationProc('photos.updateLink', { onError: (error) => notifyError(t, error) });
  const detach = useMutationProc('photos.detach', {
    onSuccess: () => {
      setDetaching(null);
      notifySuccess(t('photos.grid.detached'));
    },
    onError: (error) => notifyError(t, error),
  });

  if (loading) {
    return (
      <div className="photo-grid">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="photo-card" h={210} />
        ))}
      </div>
    );
  }
  if (photos.length === 0) return null;

  return (
    <>
      <ul className="photo-grid" aria-label={t('photos.grid.label')} data-testid="photo-grid">
        {photos.map((photo, index) => {
          const name = photo.caption || photo.originalName;
          return (
            <li key={photo.id} className="photo-card" data-primary={photo.primary || undefined} data-testid="photo-card">
              <UnstyledButton className="photo-card-image" onClick={() => onOpen(index)} aria-label={t('photos.grid.open', { name })}>
                <img src={mediaUrl(photo.id, 'thumb')} alt={name} loading="lazy" decoding="async" />
              </UnstyledButton>
              <div className="photo-card-badges">
                {photo.primary && (
                  <Badge size="xs" color="yellow" variant="filled" leftSection={<IconStarFilled size={10} aria-hidden />} tt="none">
                    {t('photos.grid.primary')}
                  </Badge>
                )}
                {photo.role !== 'general' && (
                  <Badge size="xs" color="dark" variant="filled" tt="none">
                    {t(`photos.roles.${photo.role}`)}
                  </Badge>
                )}
              </div>
              <div className="photo-card-foot">
                {editing === photo.id ? (
                  <CaptionEditor
                    initial={photo.caption}
                    saving={update.isPending}
                    onCancel={() => setEditing(null)}
                    onSave={(caption) =>
                      update.mutate({ photoId: photo.id, targetId, caption }, { onSuccess: () => setEditing(null) })
                    }
                  />
                ) : (
                  <Group gap={4} wrap="nowrap" justify="space-between">
                    <UnstyledButton className="photo-caption" onClick={() => setEditing(photo.id)} aria-label={t('photos.grid.editCaptionOf', { name: photo.originalName })}>
                      {photo.caption ? (
                        <Text size="xs" lineClamp={2}>
                          {photo.caption}
                        </Text>
                      ) : (
                        <Text size="xs" c="dimmed" fs="italic" truncate>
                          {t('photos.grid.addCaption')}
                        </Text>
                      )}
                    </UnstyledButton>
                    <Menu position="bottom-end" shadow="md" width={220} withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('photos.grid.actionsFor', { name })}>
                          <IconDots size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item
                          leftSection={photo.primary ? <IconStarFilled size={14} aria-hidden /> : <IconStar size={14} aria-hidden />}
                          disabled={photo.primary}
                          onClick={() => update.mutate({ photoId: photo.id, targetId, primary: true }, { onSuccess: () => notifySuccess(t('photos.grid.madePrimary')) })}
                        >
                          {photo.primary ? t('photos.grid.isPrimary') : t('photos.grid.makePrimary')}
                        </Menu.Item>
                        <Menu.Item leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(photo.id)}>
                          {t('photos.grid.editCaption')}
                        </Menu.Item>
                        <Menu.Label>{t('photos.grid.role')}</Menu.Label>
                        {PHOTO_ROLES.map((role) => (
                          <Menu.Item
                            key={role}
                            leftSection={role === photo.role ? <IconCheck size={14} aria-hidden /> : <span style={{ width: 14 }} />}
                            onClick={() => role !== photo.role && update.mutate({ photoId: photo.id, targetId, role })}
                            aria-current={role === photo.role || undefined}
                          >
                            {t(`photos.roles.${role}`)}
                          </Menu.Item>
                        ))}
                        <Menu.Divider />
                        <Menu.Item color="red" leftSection={<IconLinkOff size={14} aria-hidden />} onClick={() => setDetaching(photo)}>
                          {t('photos.grid.detach')}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Group>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {detaching && (
        <Modal opened onClose={() => setDetaching(null)} title={t('photos.grid.detachTitle')} centered size="sm">
          <Stack gap="md">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <img src={mediaUrl(detaching.id, 'thumb')} alt="" className="photo-thumb" width={64} height={64} />
              <Text size="sm">{t('photos.grid.detachBody', { name: detaching.caption || detaching.originalName })}</Text>
            </Group>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setDetaching(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="red" loading={detach.isPending} onClick={() => detach.mutate({ photoId: detaching.id, targetId })} data-autofocus>
                {t('photos.grid.detachConfirm')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}

function CaptionEditor({ initial, saving, onSave, onCancel }: { initial: string; saving: boolean; onSave: (caption: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onSave(value.trim());
      }}
    >
      <TextInput
        size="xs"
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        placeholder={t('photos.grid.captionPlaceholder')}
        aria-label={t('photos.grid.caption')}
        maxLength={2000}
        autoFocus
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onCancel();
          }
        }}
        rightSectionWidth={52}
        rightSection={
          <Group gap={2} wrap="nowrap">
            <Tooltip label={t('photos.grid.saveCaption')}>
              <ActionIcon type="submit" size="sm" variant="subtle" loading={saving} aria-label={t('photos.grid.saveCaption')}>
                <IconCheck size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
        }
      />
    </form>
  );
}
