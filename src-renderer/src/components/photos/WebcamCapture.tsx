import { ActionIcon, Alert, Button, Group, Kbd, Loader, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconCameraOff, IconCapture, IconX } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

type CameraState = { kind: 'starting' } | { kind: 'live' } | { kind: 'failed'; reason: 'denied' | 'none' | 'busy' | 'insecure' | 'other'; detail?: string };

interface Frame {
  file: File;
  url: string;
}

const stamp = (date: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
};

/** Browsers give no camera API to a page served over plain http from another machine. */
const cameraApi = (): boolean => typeof (navigator as Partial<Navigator>).mediaDevices?.getUserMedia === 'function';

function reasonOf(error: unknown): CameraState {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return { kind: 'failed', reason: 'denied' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return { kind: 'failed', reason: 'none' };
  if (name === 'NotReadableError' || name === 'AbortError') return { kind: 'failed', reason: 'busy' };
  return { kind: 'failed', reason: 'other', detail: error instanceof Error ? error.message : String(error) };
}

/**
 * The laptop's camera, live: Space or Enter (or the shutter button) takes a frame. Frames collect in a strip,
 * can be removed, and are imported together as JPEG files, like photos chosen from a folder.
 */
export function WebcamCapture({ onClose, onDone }: { onClose: () => void; onDone: (files: File[]) => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [camera, setCamera] = useState<CameraState>(() =>
    cameraApi() ? { kind: 'starting' } : { kind: 'failed', reason: window.isSecureContext ? 'none' : 'insecure' },
  );
  const [frames, setFrames] = useState<Frame[]>([]);
  const [flash, setFlash] = useState(false);
  const framesRef = useRef(frames);
  useEffect(() => {
    framesRef.current = frames;
  }, [frames]);

  useEffect(() => {
    if (!cameraApi()) return;
    let stopped = false;
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 }, facingMode: 'environment' }, audio: false })
      .then((media) => {
        if (stopped) return media.getTracks().forEach((track) => track.stop());
        stream.current = media;
        if (video.current) {
          video.current.srcObject = media;
          void video.current.play().catch(() => {});
        }
        setCamera({ kind: 'live' });
      })
      .catch((error: unknown) => !stopped && setCamera(reasonOf(error)));
    return () => {
      stopped = true;
      stream.current?.getTracks().forEach((track) => track.stop());
      stream.current = null;
    };
  }, []);
  // Object URLs of frames still shown are released when the view closes.
  useEffect(() => () => framesRef.current.forEach((f) => URL.revokeObjectURL(f.url)), []);

  const shoot = useCallback(() => {
    const v = video.current;
    if (!v || camera.kind !== 'live' || v.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    setFlash(true);
    window.setTimeout(() => setFlash(false), 120);
    canvas.toBlob(
      (blob) => {
        if (!blob) return;
        setFrames((list) => {
          const file = new File([blob], `webcam-${stamp(new Date())}-${list.length + 1}.jpg`, { type: 'image/jpeg' });
          return [...list, { file, url: URL.createObjectURL(file) }];
        });
      },
      'image/jpeg',
      0.92,
    );
  }, [camera.kind]);

  // The shutter has the focus once the camera is live, so Space and Enter take a photo at once.
  const shutter = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (camera.kind === 'live') shutter.current?.focus();
  }, [camera.kind]);
  // Anywhere else that is not a control (the picture, the dialog itself), the keys work too.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if ((event.key !== ' ' && event.key !== 'Enter') || event.repeat || target?.closest('button, input, a, textarea, select, [role="option"]')) return;
      event.preventDefault();
      shoot();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shoot]);

  const remove = (index: number) =>
    setFrames((list) => {
      URL.revokeObjectURL(list[index]!.url);
      return list.filter((_, i) => i !== index);
    });

  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={t('photos.webcam.title')}
      centered
      classNames={{ body: 'webcam-body' }}
    >
      <Stack gap="sm">
        <div className="webcam-stage" data-flash={flash || undefined}>
          <video ref={video} muted playsInline aria-label={t('photos.webcam.live')} data-live={camera.kind === 'live' || undefined} />
          {camera.kind === 'starting' && (
            <Stack className="webcam-overlay" align="center" justify="center" gap="xs">
              <Loader color="white" />
              <Text c="white" size="sm">
                {t('photos.webcam.starting')}
              </Text>
            </Stack>
          )}
          {camera.kind === 'failed' && (
            <Stack className="webcam-overlay" align="center" justify="center" p="md">
              <Alert color="orange" variant="filled" icon={<IconCameraOff aria-hidden />} title={t(`photos.webcam.failed.${camera.reason}.title`)} role="alert" maw={460}>
                {t(`photos.webcam.failed.${camera.reason}.body`)}
                {camera.detail && (
                  <Text size="xs" mt={4} ff="monospace">
                    {camera.detail}
                  </Text>
                )}
              </Alert>
            </Stack>
          )}
        </div>
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Text size="sm" c="dimmed">
            {t('photos.webcam.help')} <Kbd size="xs">{t('photos.webcam.space')}</Kbd> / <Kbd size="xs">{t('photos.webcam.enter')}</Kbd>
          </Text>
          <Button ref={shutter} size="md" leftSection={<IconCapture size={20} aria-hidden />} onClick={shoot} disabled={camera.kind !== 'live'} aria-keyshortcuts="Space Enter">
            {t('photos.webcam.shutter')}
          </Button>
        </Group>
        {frames.length > 0 && (
          <div className="webcam-strip" role="list" aria-label={t('photos.webcam.strip')}>
            {frames.map((frame, i) => (
              <div className="webcam-frame" role="listitem" key={frame.url}>
                <img src={frame.url} alt={t('photos.webcam.frameAlt', { n: i + 1 })} />
                <Tooltip label={t('photos.webcam.remove')}>
                  <ActionIcon size="sm" variant="filled" color="dark" className="webcam-remove" onClick={() => remove(i)} aria-label={t('photos.webcam.removeN', { n: i + 1 })}>
                    <IconX size={12} />
                  </ActionIcon>
                </Tooltip>
              </div>
            ))}
          </div>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => onDone(frames.map((f) => f.file))} disabled={frames.length === 0}>
            {frames.length ? t('photos.webcam.import', { count: frames.length }) : t('photos.webcam.importNone')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
