import { Alert, Button, Group, Progress, Stack, Text, UnstyledButton } from '@mantine/core';
import type { Milestone, Output } from '@contract';
import { IconCamera, IconDeviceComputerCamera, IconPhoto, IconPhotoPlus, IconRefresh } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, mediaUrl, uploadFile } from '../../api/client';
import { ApiError } from '../../api/errors';
import { useMutationProc } from '../../api/hooks';
import { describeError, notifySuccess } from '../../lib/notify';
import { WebcamCapture } from '../photos/WebcamCapture';
import { milestoneLabel } from './milestones';

type Viewpoint = Output<'viewpoints.list'>['viewpoints'][number];

type Stage = { kind: 'idle' } | { kind: 'working'; step: 'uploading' | 'importing' | 'saving'; file: File } | { kind: 'failed'; file: File; error: unknown };

const STEP_PROGRESS = { uploading: 35, importing: 75, saving: 95 } as const;

/** The id of a slot's file input: the task list opens it from the top of the page. */
export const slotInputId = (viewpointId: string, milestoneId: string) => `vp-${viewpointId}-${milestoneId}`;

/** A phone or tablet: "take a photo" opens the camera there; elsewhere the same input chooses a file. */
const coarsePointer = () => typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches === true;
/** A laptop's camera can be used only where the browser offers one (the desktop app, localhost, https). */
const webcamApi = () => typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';

/**
 * The photo from one viewpoint at one milestone: shown when there is one, or a place to take or choose it.
 * A photo goes up, is imported (thumbnail and preview made) and is set for the milestone, with each step shown.
 */
export function PhotoSlot({ viewpoint, milestone, onOpen }: { viewpoint: Viewpoint; milestone: Milestone; onOpen?: (photoId: string) => void }) {
  const { t } = useTranslation();
  const photoId = viewpoint.photos.find((p) => p.milestoneId === milestone.id)?.photoId;
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [preview, setPreview] = useState<string | null>(null);
  const camera = useRef<HTMLInputElement>(null);
  const files = useRef<HTMLInputElement>(null);
  const [phone] = useState(coarsePointer);
  const [webcam] = useState(webcamApi);
  const [shooting, setShooting] = useState(false);
  const setPhoto = useMutationProc('viewpoints.setPhoto');
  const label = milestoneLabel(t, milestone);
  const where = t('viewpoints.slotName', { viewpoint: viewpoint.name, milestone: label });

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  async function send(file: File) {
    setPreview(URL.createObjectURL(file));
    try {
      setStage({ kind: 'working', step: 'uploading', file });
      const uploadId = await uploadFile(file);
      setStage({ kind: 'working', step: 'importing', file });
      // Imported unattached: setting it for the milestone links it to the viewpoint, in the right role.
      const result = await call('photos.import', { uploads: [{ uploadId, name: file.name || 'photo.jpg' }] });
      const failure = result.errors[0];
      if (failure) throw new ApiError('UNSUPPORTED_MEDIA', failure.message, failure);
      const added = result.added[0];
      if (!added) throw new ApiError('INTERNAL', t('viewpoints.notImported'));
      const elsewhere = viewpoint.photos.find((p) => p.photoId === added.photoId && p.milestoneId !== milestone.id);
      if (elsewhere) throw new ApiError('CONFLICT', t('viewpoints.samePhoto'));
      setStage({ kind: 'working', step: 'saving', file });
      await setPhoto.mutateAsync({ viewpointId: viewpoint.id, milestoneId: milestone.id, photoId: added.photoId });
      setStage({ kind: 'idle' });
      setPreview(null);
      notifySuccess(t('viewpoints.photoSaved', { where }));
    } catch (error) {
      setStage({ kind: 'failed', file, error });
    }
  }

  const pick = (input: HTMLInputElement | null) => {
    const file = input?.files?.[0];
    if (input) input.value = '';
    if (file) void send(file);
  };

  const working = stage.kind === 'working';
  const shown = preview ?? (photoId ? mediaUrl(photoId, 'thumb') : null);

  return (
    <div className="ba-slot" data-state={working ? 'working' : stage.kind === 'failed' ? 'failed' : photoId ? 'done' : 'missing'} data-milestone={milestone.kind}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" className="ba-slot-title">
        {label}
      </Text>
      {shown ? (
        <UnstyledButton
          className="ba-slot-image"
          onClick={() => photoId && !working && onOpen?.(photoId)}
          disabled={!photoId || working}
          aria-label={t('viewpoints.openPhoto', { where })}
        >
          <img src={shown} alt={t('viewpoints.photoAlt', { where })} loading="lazy" data-working={working || undefined} />
        </UnstyledButton>
      ) : (
        <div className="ba-slot-empty">
          <IconPhoto size={28} aria-hidden />
          <Text size="xs" c="dimmed" ta="center">
            {t('viewpoints.noPhoto', { milestone: label })}
          </Text>
        </div>
      )}

      {working ? (
        <Stack gap={4} role="status" aria-live="polite">
          <Progress value={STEP_PROGRESS[stage.step]} animated striped size="sm" aria-label={t(`viewpoints.steps.${stage.step}`)} />
          <Text size="xs" c="dimmed">
            {t(`viewpoints.steps.${stage.step}`)}
          </Text>
        </Stack>
      ) : stage.kind === 'failed' ? (
        <Alert color="red" variant="light" p="xs" role="alert" title={describeError(t, stage.error).title}>
          <Stack gap={6} align="flex-start">
            <Text size="xs">{describeError(t, stage.error).detail}</Text>
            <Group gap={6}>
              <Button size="compact-xs" variant="white" color="red" leftSection={<IconRefresh size={12} aria-hidden />} onClick={() => void send(stage.file)}>
                {t('common.retry')}
              </Button>
              <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setStage({ kind: 'idle' })}>
                {t('viewpoints.dismiss')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : (
        <Group gap={4} wrap="wrap">
          <Button
            size="compact-sm"
            variant={photoId ? 'subtle' : 'light'}
            leftSection={phone ? <IconCamera size={14} aria-hidden /> : <IconPhotoPlus size={14} aria-hidden />}
            onClick={() => camera.current?.click()}
            aria-label={t(photoId ? (phone ? 'viewpoints.retakeLabel' : 'viewpoints.replaceLabel') : phone ? 'viewpoints.takeLabel' : 'viewpoints.chooseLabel', { where })}
          >
            {t(photoId ? (phone ? 'viewpoints.retake' : 'viewpoints.replace') : phone ? 'viewpoints.take' : 'viewpoints.choose')}
          </Button>
          {phone && (
            <Button size="compact-sm" variant="subtle" color="gray" onClick={() => files.current?.click()} aria-label={t('viewpoints.fromFilesLabel', { where })}>
              {t('viewpoints.fromFiles')}
            </Button>
          )}
          {!phone && webcam && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              leftSection={<IconDeviceComputerCamera size={14} aria-hidden />}
              onClick={() => setShooting(true)}
              aria-label={t('viewpoints.webcamLabel', { where })}
            >
              {t('viewpoints.webcam')}
            </Button>
          )}
        </Group>
      )}
      {/* On a phone this input opens the camera; on a desktop it chooses a file. */}
      <input
        ref={camera}
        id={slotInputId(viewpoint.id, milestone.id)}
        type="file"
        accept="image/*"
        capture="environment"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('viewpoints.chooseLabel', { where })}
        data-testid={`photo-input-${milestone.kind}`}
        onChange={(e) => pick(e.currentTarget)}
      />
      <input ref={files} type="file" accept="image/*" className="visually-hidden" tabIndex={-1} aria-hidden onChange={(e) => pick(e.currentTarget)} />
      {shooting && (
        <WebcamCapture
          onClose={() => setShooting(false)}
          onDone={(frames) => {
            setShooting(false);
            // One photo per milestone: the last frame taken is the one kept.
            const last = frames.at(-1);
            if (last) void send(last);
          }}
        />
      )}
    </div>
  );
}
