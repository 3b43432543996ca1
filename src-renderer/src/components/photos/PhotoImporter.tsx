import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { PHOTO_ROLES, type Output } from '@contract';
import { IconCamera, IconDeviceComputerCamera, IconFolderOpen, IconPhotoPlus, IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { notifyError } from '../../lib/notify';
import { FilenameReview } from './FilenameReview';
import { pickedFromDrop, pickedFromInput, type Picked } from './files';
import { PhotoImportProgress } from './PhotoImportProgress';
import { PhotoImportResult } from './PhotoImportResult';
import { usePhotoImport, type AttachTarget, type ImportSummary, type PhotoRole } from './usePhotoImport';
import { WebcamCapture } from './WebcamCapture';
import './photos.css';

type Match = Output<'photos.matchFilenames'>['matches'][number];

/** A phone or tablet: "Take a photo" opens its camera. */
const coarsePointer = () => typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches === true;

interface Props {
  /** Attach every photo here (an object or a location); without it, photos are assigned by file name. */
  target?: AttachTarget;
  /** What the target is called, for labels ("2019.3.12", "R2-A"). */
  targetLabel?: string;
  /** A slim drop zone, for a page that already shows photos. */
  compact?: boolean;
  onFinished?: (summary: ImportSummary) => void;
}

/**
 * Where photos come in: drop files or folders, choose files or a folder, take a photo on a phone, or capture
 * from the webcam. Attached to the target in a chosen role, or, without a target, to the objects whose numbers
 * their file names carry, after the user has reviewed the matches.
 */
export function PhotoImporter({ target, targetLabel, compact = false, onFinished }: Props) {
  const { t } = useTranslation();
  const importer = usePhotoImport();
  const [role, setRole] = useState<PhotoRole>('general');
  const [dragging, setDragging] = useState(false);
  const [webcam, setWebcam] = useState(false);
  const [review, setReview] = useState<(Picked & { matches: Match[] }) | null>(null);
  const [matching, setMatching] = useState(false);
  const [phone] = useState(coarsePointer);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const cameraInput = useRef<HTMLInputElement>(null);
  const byFilename = !target;
  const busy = importer.state.phase === 'uploading' || importer.state.phase === 'importing';

  async function begin(picked: Picked) {
    if (picked.files.length === 0) {
      notifyError(t, new Error(picked.skipped > 0 ? t('photos.import.nothingButSkipped', { count: picked.skipped }) : t('photos.import.nothing')));
      return;
    }
    if (byFilename) {
      setMatching(true);
      try {
        const { matches } = await call('photos.matchFilenames', { names: picked.files.map((f) => f.name.slice(0, 255) || 'photo') });
        setReview({ ...picked, matches });
      } catch (error) {
        notifyError(t, error);
      } finally {
        setMatching(false);
      }
      return;
    }
    const summary = await importer.start(picked.files, { attachTo: target, role }, picked.skipped);
    onFinished?.(summary);
  }

  async function confirmReview() {
    if (!review) return;
    const matched = new Set(review.matches.filter((m) => m.status === 'match').map((m) => m.name));
    const files = review.files.filter((f) => matched.has(f.name));
    const left = review.files.length - files.length;
    setReview(null);
    const summary = await importer.start(files, { byFilename: true, role }, review.skipped + left);
    onFinished?.(summary);
  }

  const fromInput = (input: HTMLInputElement) => {
    const picked = pickedFromInput(input.files);
    input.value = '';
    void begin(picked);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (busy || review) return;
    void pickedFromDrop(event.dataTransfer).then(begin);
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!Array.from(event.dataTransfer.types).includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    if (!dragging) setDragging(true);
  };

  const roleSelect = (
    <Select
      size="xs"
      w={170}
      label={t('photos.import.role')}
      data={PHOTO_ROLES.map((r) => ({ value: r, label: t(`photos.roles.${r}`) }))}
      value={role}
      onChange={(value) => value && setRole(value as PhotoRole)}
      allowDeselect={false}
      disabled={busy}
      comboboxProps={{ withinPortal: true }}
    />
  );

  if (review) {
    return <FilenameReview matches={review.matches} skipped={review.skipped} onConfirm={() => void confirmReview()} onCancel={() => setReview(null)} />;
  }

  return (
    <Stack gap="sm" className="photo-importer">
      {importer.state.phase === 'done' ? (
        <PhotoImportResult summary={importer.state.summary} byFilename={byFilename} onMore={importer.reset} />
      ) : busy ? (
        <PhotoImportProgress state={importer.state} progress={importer.progress} onCancel={importer.cancel} />
      ) : (
        <div
          className="photo-dropzone"
          data-compact={compact || undefined}
          data-dragging={dragging || undefined}
          data-testid="photo-dropzone"
          onDragOver={onDragOver}
          onDragEnter={onDragOver}
          onDragLeave={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={onDrop}
        >
          <Group gap="sm" wrap="wrap" justify={compact ? 'space-between' : 'center'} align="flex-end" w="100%">
            {!compact && (
              <Stack gap={2} align="center" w="100%" mb={4}>
                <IconUpload size={28} aria-hidden className="photo-dropzone-icon" />
                <Text fw={600} ta="center">
                  {dragging ? t('photos.import.dropNow') : byFilename ? t('photos.import.dropByName') : t('photos.import.drop', { target: targetLabel ?? '' })}
                </Text>
                <Text size="xs" c="dimmed" ta="center">
                  {t('photos.import.formats')}
                </Text>
              </Stack>
            )}
            {compact && (
              <Text size="sm" c="dimmed" className="photo-dropzone-hint">
                {dragging ? t('photos.import.dropNow') : t('photos.import.dropShort')}
              </Text>
            )}
            <Group gap="xs" wrap="wrap" align="flex-end" justify="center">
              {roleSelect}
              {phone && (
                <Button size="xs" leftSection={<IconCamera size={14} aria-hidden />} onClick={() => cameraInput.current?.click()} loading={matching}>
                  {t('photos.import.takePhoto')}
                </Button>
              )}
              <Button size="xs" variant={phone ? 'default' : 'filled'} leftSection={<IconPhotoPlus size={14} aria-hidden />} onClick={() => filesInput.current?.click()} loading={matching}>
                {t('photos.import.chooseFiles')}
              </Button>
              {!phone && (
                <Button size="xs" variant="default" leftSection={<IconFolderOpen size={14} aria-hidden />} onClick={() => folderInput.current?.click()} disabled={matching}>
                  {t('photos.import.chooseFolder')}
                </Button>
              )}
              {!phone && (
                <Button size="xs" variant="default" leftSection={<IconDeviceComputerCamera size={14} aria-hidden />} onClick={() => setWebcam(true)} disabled={matching}>
                  {t('photos.import.webcam')}
                </Button>
              )}
            </Group>
          </Group>
        </div>
      )}
      <input
        ref={filesInput}
        type="file"
        multiple
        accept="image/*,.heic,.heif"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden
        data-testid="photo-files-input"
        onChange={(e) => fromInput(e.currentTarget)}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        // A folder picker: every file in the folder and below.
        {...{ webkitdirectory: '', directory: '' }}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden
        data-testid="photo-folder-input"
        onChange={(e) => fromInput(e.currentTarget)}
      />
      <input
        ref={cameraInput}
        type="file"
        accept="image/*"
        capture="environment"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden
        data-testid="photo-camera-input"
        onChange={(e) => fromInput(e.currentTarget)}
      />
      {webcam && (
        <WebcamCapture
          onClose={() => setWebcam(false)}
          onDone={(files) => {
            setWebcam(false);
            void begin({ files, skipped: 0 });
          }}
        />
      )}
    </Stack>
  );
}
