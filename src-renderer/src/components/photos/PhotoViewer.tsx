import { ActionIcon, Anchor, Badge, DataList, Group, Loader, Modal, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconChevronLeft,
  IconChevronRight,
  IconDownload,
  IconInfoCircle,
  IconMaximize,
  IconX,
  IconZoomIn,
  IconZoomOut,
} from '@tabler/icons-react';
import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { mediaUrl } from '../../api/client';
import { useQueryProc } from '../../api/hooks';
import { logicalArrow, useRtl } from '../../lib/direction';
import { useFormatters } from '../../lib/format';
import { formatBytes } from './format';

export interface ViewerPhoto {
  id: string;
  /** Shown above the photo: a caption, or the file name. */
  title?: string;
  role?: string;
  primary?: boolean;
}

interface View {
  scale: number;
  x: number;
  y: number;
}

const FIT: View = { scale: 1, x: 0, y: 0 };
const MAX_SCALE = 8;
const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(1, s));

/**
 * A photo full screen, with the next and previous ones a key away: zoom (wheel, buttons, pinch, double-click),
 * pan (drag), arrow keys for previous and next, Escape to close; and what the original says about itself.
 */
export function PhotoViewer({ photos, index, onIndex, onClose }: { photos: ViewerPhoto[]; index: number; onIndex: (index: number) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const rtl = useRtl();
  const photo = photos[index];
  const [view, setView] = useState<View>(FIT);
  const [shownIndex, setShownIndex] = useState(index);
  const [loaded, setLoaded] = useState<string | null>(null);
  const [info, setInfo] = useState(() => window.matchMedia?.('(min-width: 48em)').matches ?? true);
  const stage = useRef<HTMLDivElement>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const gesture = useRef<{ view: View; points: { x: number; y: number }[]; moved: boolean } | null>(null);
  if (shownIndex !== index) {
    setShownIndex(index);
    setView(FIT);
  }

  const count = photos.length;
  const go = (delta: number) => count > 1 && onIndex((index + delta + count) % count);

  /** Zooms by a factor, keeping the point under (px, py) — relative to the stage's centre — where it is. */
  const zoomAt = (factor: number, px = 0, py = 0) =>
    setView((v) => {
      const scale = clampScale(v.scale * factor);
      if (scale === 1) return FIT;
      const k = scale / v.scale;
      return { scale, x: px - k * (px - v.x), y: py - k * (py - v.y) };
    });
  const fromCentre = (clientX: number, clientY: number) => {
    const box = stage.current!.getBoundingClientRect();
    return { x: clientX - box.left - box.width / 2, y: clientY - box.top - box.height / 2 };
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.altKey || event.ctrlKey || event.metaKey) return;
      const key = logicalArrow(event.key, rtl);
      if (key === 'ArrowRight') go(1);
      else if (key === 'ArrowLeft') go(-1);
      else if (event.key === '+' || event.key === '=') zoomAt(1.5);
      else if (event.key === '-') zoomAt(1 / 1.5);
      else if (event.key === '0') setView(FIT);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  // The wheel zooms; a passive React listener could not keep the page from scrolling too.
  useEffect(() => {
    const element = stage.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const p = fromCentre(event.clientX, event.clientY);
      zoomAt(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0018)), p.x, p.y);
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  });

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).closest('button, a')) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    pointers.current.set(event.pointerId, fromCentre(event.clientX, event.clientY));
    gesture.current = { view, points: [...pointers.current.values()], moved: false };
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!pointers.current.has(event.pointerId) || !gesture.current) return;
    pointers.current.set(event.pointerId, fromCentre(event.clientX, event.clientY));
    const now = [...pointers.current.values()];
    const start = gesture.current;
    if (now.length >= 2 && start.points.length >= 2) {
      // Pinch: the scale follows the fingers' distance, the image point under their midpoint stays under it.
      const [a0, b0] = start.points as [{ x: number; y: number }, { x: number; y: number }];
      const [a, b] = now as [{ x: number; y: number }, { x: number; y: number }];
      const scale = clampScale(start.view.scale * (Math.hypot(a.x - b.x, a.y - b.y) / Math.max(1, Math.hypot(a0.x - b0.x, a0.y - b0.y))));
      const mid0 = { x: (a0.x + b0.x) / 2, y: (a0.y + b0.y) / 2 };
      const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
      const k = scale / start.view.scale;
      setView(scale === 1 ? FIT : { scale, x: mid.x - k * (mid0.x - start.view.x), y: mid.y - k * (mid0.y - start.view.y) });
      start.moved = true;
    } else if (now.length === 1 && start.points.length === 1) {
      const dx = now[0]!.x - start.points[0]!.x;
      const dy = now[0]!.y - start.points[0]!.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) start.moved = true;
      if (start.view.scale > 1) setView({ ...start.view, x: start.view.x + dx, y: start.view.y + dy });
    }
  };
  const onPointerUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const start = gesture.current;
    const last = pointers.current.get(event.pointerId);
    pointers.current.delete(event.pointerId);
    // A swipe on a photo that is not zoomed goes to the next or previous one.
    if (start && last && start.points.length === 1 && start.view.scale === 1 && event.pointerType !== 'mouse') {
      const dx = last.x - start.points[0]!.x;
      if (Math.abs(dx) > 60) go(dx < 0 ? 1 : -1);
    }
    gesture.current = pointers.current.size ? { view, points: [...pointers.current.values()], moved: true } : null;
  };

  if (!photo) return null;
  const src = mediaUrl(photo.id, 'preview');
  const percent = Math.round(view.scale * 100);

  return (
    <Modal.Root opened onClose={onClose} fullScreen transitionProps={{ duration: 0 }}>
      <Modal.Content className="viewer-content" aria-label={t('photos.viewer.label', { title: photo.title ?? '' })}>
        <Modal.Body className="viewer-body" p={0}>
      <div className="viewer" data-info={info || undefined} data-testid="photo-viewer">
        <div className="viewer-main">
          <div className="viewer-bar">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <Text size="sm" c="gray.4" className="viewer-counter" aria-live="polite" data-testid="viewer-counter">
                {t('photos.viewer.counter', { n: index + 1, total: count })}
              </Text>
              <Text size="sm" c="white" fw={600} truncate>
                {photo.title}
              </Text>
              {photo.primary && (
                <Badge size="xs" color="yellow" variant="filled" tt="none">
                  {t('photos.grid.primary')}
                </Badge>
              )}
              {photo.role && photo.role !== 'general' && (
                <Badge size="xs" color="gray" variant="filled" tt="none">
                  {t(`photos.roles.${photo.role}`)}
                </Badge>
              )}
            </Group>
            <Group gap={4} wrap="nowrap">
              <Tooltip label={t('photos.viewer.zoomOut')}>
                <ActionIcon variant="subtle" color="gray.3" onClick={() => zoomAt(1 / 1.5)} disabled={view.scale <= 1} aria-label={t('photos.viewer.zoomOut')}>
                  <IconZoomOut size={18} />
                </ActionIcon>
              </Tooltip>
              <Text size="xs" c="gray.4" w={42} ta="center" aria-label={t('photos.viewer.zoomLevel', { percent })}>
                {percent}%
              </Text>
              <Tooltip label={t('photos.viewer.zoomIn')}>
                <ActionIcon variant="subtle" color="gray.3" onClick={() => zoomAt(1.5)} disabled={view.scale >= MAX_SCALE} aria-label={t('photos.viewer.zoomIn')}>
                  <IconZoomIn size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t('photos.viewer.fit')}>
                <ActionIcon variant="subtle" color="gray.3" onClick={() => setView(FIT)} disabled={view.scale === 1} aria-label={t('photos.viewer.fit')}>
                  <IconMaximize size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={info ? t('photos.viewer.hideInfo') : t('photos.viewer.showInfo')}>
                <ActionIcon variant={info ? 'light' : 'subtle'} color="gray.3" onClick={() => setInfo((v) => !v)} aria-label={t('photos.viewer.info')} aria-pressed={info}>
                  <IconInfoCircle size={18} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label={t('photos.viewer.close')}>
                <ActionIcon variant="subtle" color="gray.3" onClick={onClose} aria-label={t('photos.viewer.close')} data-autofocus>
                  <IconX size={20} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </div>
          <div
            ref={stage}
            className="viewer-stage"
            data-zoomed={view.scale > 1 || undefined}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={onPointerUp}
            onDoubleClick={(event) => {
              if (view.scale > 1) return setView(FIT);
              const p = fromCentre(event.clientX, event.clientY);
              zoomAt(2.5, p.x, p.y);
            }}
          >
            {loaded !== src && <Loader color="gray.4" className="viewer-loader" aria-label={t('common.loading')} />}
            <img
              key={src}
              src={src}
              alt={photo.title ?? ''}
              draggable={false}
              onLoad={() => setLoaded(src)}
              style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
              data-testid="viewer-image"
            />
            {count > 1 && (
              <>
                <ActionIcon className="viewer-nav viewer-prev" size={44} radius="xl" variant="filled" color="dark" onClick={() => go(-1)} aria-label={t('photos.viewer.previous')}>
                  <IconChevronLeft size={26} />
                </ActionIcon>
                <ActionIcon className="viewer-nav viewer-next" size={44} radius="xl" variant="filled" color="dark" onClick={() => go(1)} aria-label={t('photos.viewer.next')}>
                  <IconChevronRight size={26} />
                </ActionIcon>
              </>
            )}
          </div>
          <Text size="xs" c="gray.5" ta="center" className="viewer-keys">
            {t('photos.viewer.keys')}
          </Text>
        </div>
        {info && <PhotoInfo photoId={photo.id} />}
      </div>
        </Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

/** What the original says about itself, from photos.get. */
function PhotoInfo({ photoId }: { photoId: string }) {
  const { t, i18n } = useTranslation();
  const { dateTime, number } = useFormatters();
  const photo = useQueryProc('photos.get', { id: photoId });
  const none = <Text span size="sm" c="dimmed" fs="italic">{t('photos.viewer.unknown')}</Text>;
  const item = (label: string, value: ReactNode, testId?: string) => (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue data-testid={testId}>{value}</DataList.ItemValue>
    </DataList.Item>
  );
  const takenAt = (value: string) => {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? value : dateTime(value);
  };
  return (
    <aside className="viewer-info" aria-label={t('photos.viewer.info')} data-testid="viewer-info">
      <Text fw={700} mb="sm">
        {t('photos.viewer.original')}
      </Text>
      {photo.isPending ? (
        <Stack gap="xs">
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} h={18} />
          ))}
        </Stack>
      ) : photo.isError ? (
        <Text size="sm" c="red.7">
          {t('photos.viewer.infoFailed')}
        </Text>
      ) : (
        <Stack gap="md">
          <DataList labelWidth="120px" gap="xs" className="viewer-datalist">
            {item(t('photos.meta.fileName'), <span className="viewer-filename">{photo.data.originalName}</span>, 'meta-name')}
            {item(t('photos.meta.dimensions'), t('photos.meta.pixels', { width: number(photo.data.width), height: number(photo.data.height) }), 'meta-dimensions')}
            {item(t('photos.meta.size'), formatBytes(photo.data.byteSize, i18n.resolvedLanguage ?? 'en'))}
            {item(t('photos.meta.format'), photo.data.format.toUpperCase(), 'meta-format')}
            {item(t('photos.meta.taken'), photo.data.takenAt ? takenAt(photo.data.takenAt) : none, 'meta-taken')}
            {item(t('photos.meta.camera'), [photo.data.cameraMake, photo.data.cameraModel].filter(Boolean).join(' ') || none, 'meta-camera')}
            {item(
              t('photos.meta.gps'),
              photo.data.latitude !== null && photo.data.longitude !== null ? `${photo.data.latitude.toFixed(5)}, ${photo.data.longitude.toFixed(5)}` : none,
              'meta-gps',
            )}
            {item(t('photos.meta.imported'), photo.data.importedBy ? t('photos.meta.importedBy', { date: dateTime(photo.data.importedAt), name: photo.data.importedBy }) : dateTime(photo.data.importedAt))}
          </DataList>
          <Anchor href={mediaUrl(photoId, 'original')} download={photo.data.originalName} target="_blank" rel="noopener" size="sm" data-testid="viewer-original">
            <Group gap={6} wrap="nowrap">
              <IconDownload size={16} aria-hidden />
              {t('photos.viewer.openOriginal')}
            </Group>
          </Anchor>
          <Text size="xs" c="dimmed">
            {t('photos.viewer.originalHelp')}
          </Text>
        </Stack>
      )}
    </aside>
  );
}
