import { Alert, Button, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCamera, IconCameraOff, IconPhotoScan, IconX } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Detector } from './detector';
import './scan.css';

type CameraState = { kind: 'starting' } | { kind: 'live' } | { kind: 'failed'; reason: 'denied' | 'none' | 'busy' | 'insecure' | 'decoder' | 'other' };

/** How often a frame is read while the camera is live. */
const FRAME_MS = 180;
/** The same code held in front of the camera is read once, not again until it has been away this long. */
const SAME_CODE_MS = 2500;

const cameraApi = (): boolean => typeof (navigator as Partial<Navigator>).mediaDevices?.getUserMedia === 'function';

function reasonOf(error: unknown): CameraState {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return { kind: 'failed', reason: 'denied' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return { kind: 'failed', reason: 'none' };
  if (name === 'NotReadableError' || name === 'AbortError') return { kind: 'failed', reason: 'busy' };
  return { kind: 'failed', reason: 'other' };
}

let detectorPromise: Promise<Detector> | null = null;
/** The decoder, loaded once, the first time a camera opens. */
const loadDetector = () => (detectorPromise ??= import('./detector').then((m) => m.createDetector()));

/**
 * The phone's camera, reading labels live: each code it reads is handed to `onCode` at once (a shelf label, then the
 * objects, with no tap in between). "Photograph the label" reads a still photo instead, for a camera that cannot
 * focus close, or a page without live camera access.
 */
export function CameraScanner({ onCode, onClose, hint }: { onCode: (text: string) => void; onClose: () => void; hint?: string }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<CameraState>(() => (cameraApi() ? { kind: 'starting' } : { kind: 'failed', reason: window.isSecureContext ? 'none' : 'insecure' }));
  const [lastRead, setLastRead] = useState<string | null>(null);
  const [photo, setPhoto] = useState<{ kind: 'reading' } | { kind: 'none' } | null>(null);
  const onCodeRef = useRef(onCode);
  useEffect(() => {
    onCodeRef.current = onCode;
  }, [onCode]);
  const recent = useRef<{ text: string; at: number } | null>(null);

  const found = (text: string, fromPhoto = false) => {
    const now = Date.now();
    if (!fromPhoto && recent.current && recent.current.text === text && now - recent.current.at < SAME_CODE_MS) {
      recent.current.at = now;
      return;
    }
    recent.current = { text, at: now };
    setLastRead(text);
    navigator.vibrate?.(60);
    onCodeRef.current(text);
  };

  useEffect(() => {
    if (!cameraApi()) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const start = async () => {
      let detector: Detector;
      try {
        detector = await loadDetector();
      } catch {
        if (!stopped) setCamera({ kind: 'failed', reason: 'decoder' });
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
      } catch (error) {
        if (!stopped) setCamera(reasonOf(error));
        return;
      }
      if (stopped) return stream.getTracks().forEach((track) => track.stop());
      const element = video.current!;
      element.srcObject = stream;
      await element.play().catch(() => {});
      setCamera({ kind: 'live' });
      const read = async () => {
        if (stopped) return;
        if (element.readyState >= 2 && element.videoWidth > 0) {
          try {
            const codes = await detector.detect(element);
            if (!stopped && codes[0]) found(codes[0].text);
          } catch {
            // A frame that cannot be read is skipped.
          }
        }
        timer = setTimeout(() => void read(), FRAME_MS);
      };
      void read();
    };
    void start();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    // `found` reads refs only; the camera starts once per scanner.
  }, []);

  const readPhoto = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    if (!file) return;
    setPhoto({ kind: 'reading' });
    try {
      const detector = await loadDetector();
      const bitmap = await createImageBitmap(file);
      const codes = await detector.detect(bitmap);
      bitmap.close();
      if (codes[0]) {
        setPhoto(null);
        found(codes[0].text, true);
      } else setPhoto({ kind: 'none' });
    } catch {
      setPhoto({ kind: 'none' });
    }
  };

  return (
    <Paper withBorder radius="lg" p="sm" className="scanner" aria-label={t('workshop.scan.cameraLabel')} role="region">
      <Stack gap="sm">
        {camera.kind !== 'failed' && (
          <div className="scanner-view" data-state={camera.kind}>
            <video ref={video} className="scanner-video" muted playsInline autoPlay aria-hidden />
            <div className="scanner-frame" aria-hidden />
            {camera.kind === 'starting' && (
              <div className="scanner-starting">
                <Loader color="white" aria-label={t('workshop.scan.starting')} />
              </div>
            )}
          </div>
        )}
        {camera.kind === 'failed' && (
          <Alert color={camera.reason === 'insecure' ? 'yellow' : 'red'} variant="light" icon={<IconCameraOff aria-hidden />} title={t('workshop.scan.noCameraTitle')}>
            {t(`workshop.scan.noCamera.${camera.reason}`)}
          </Alert>
        )}
        <Text size="sm" c="dimmed" role="status" aria-live="polite" data-testid="scanner-status">
          {lastRead ? t('workshop.scan.read', { code: lastRead }) : camera.kind === 'live' ? (hint ?? t('workshop.scan.aim')) : camera.kind === 'starting' ? t('workshop.scan.starting') : t('workshop.scan.photoInstead')}
        </Text>
        {photo?.kind === 'none' && (
          <Alert color="yellow" variant="light" role="alert">
            {t('workshop.scan.photoNoCode')}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Button component="label" variant="default" size="md" leftSection={<IconPhotoScan size={20} aria-hidden />} loading={photo?.kind === 'reading'} className="scanner-photo">
            {t('workshop.scan.photograph')}
            <input type="file" accept="image/*" capture="environment" className="visually-hidden" onChange={(e) => void readPhoto(e)} data-testid="scan-photo-input" />
          </Button>
          <Button variant="light" color="gray" size="md" leftSection={<IconX size={20} aria-hidden />} onClick={onClose}>
            {t('workshop.scan.close')}
          </Button>
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}

/** The button that opens the camera. */
export function ScanButton({ onClick, active }: { onClick: () => void; active?: boolean }) {
  const { t } = useTranslation();
  return (
    <Button size="lg" variant={active ? 'filled' : 'light'} leftSection={<IconCamera size={22} aria-hidden />} onClick={onClick} aria-pressed={active}>
      {t('workshop.scan.open')}
    </Button>
  );
}
