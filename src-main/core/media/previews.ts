import { rm, stat } from 'node:fs/promises';
import type { Catalogue } from '../catalogue';
import { decodeImage, unreadable, type DecodedImage } from './decode';
import { derivedPath, originalPath, place, tmpPath } from './store';

export const SIZES = { thumb: 256, preview: 1600 } as const;

/** A derivative: the image scaled to fit `size`, the right way up, on white, as JPEG. */
export async function writeDerivative(image: DecodedImage, variant: keyof typeof SIZES, file: string): Promise<void> {
  const size = SIZES[variant];
  await image
    .pipeline()
    .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: variant === 'thumb' ? 80 : 82 })
    .toFile(file)
    .catch((error: unknown) => {
      throw unreadable(error);
    });
}

const making = new Map<string, Promise<string>>();

/**
 * The 1600 px preview of a photo, made from its original the first time it is needed. An import makes
 * thumbnails only, so a thousand photos show in the grid quickly; previews follow in the background.
 */
export function ensurePreview(catalogue: Catalogue, sha256: string, extension: string): Promise<string> {
  const target = derivedPath(catalogue.mediaDir, sha256, 'preview');
  const pending = making.get(target);
  if (pending) return pending;
  const work = (async () => {
    if (await stat(target).then(() => true, () => false)) return target;
    const tmp = tmpPath(catalogue.mediaDir);
    catalogue.mediaInFlight.add(sha256);
    try {
      await writeDerivative(await decodeImage(originalPath(catalogue.mediaDir, sha256, extension)), 'preview', tmp);
      await place(tmp, target);
      return target;
    } finally {
      catalogue.mediaInFlight.delete(sha256);
      await rm(tmp, { force: true });
    }
  })().finally(() => making.delete(target));
  making.set(target, work);
  return work;
}

const queues = new WeakMap<Catalogue, Promise<void>>();

/** Makes the previews of these photos, one at a time, after whatever is queued already. */
export function queuePreviews(catalogue: Catalogue, photos: { sha256: string; extension: string }[]): void {
  const previous = queues.get(catalogue) ?? Promise.resolve();
  const next = previous.then(async () => {
    for (const photo of photos) {
      if (!catalogue.db.open) return;
      await ensurePreview(catalogue, photo.sha256, photo.extension).catch((error: unknown) => {
        if (catalogue.db.open) console.error(`Storeroom could not make a preview of ${photo.sha256}:`, (error as Error).message);
      });
    }
  });
  queues.set(catalogue, next);
}

/** Settles when the queued previews are made. */
export const previewsSettled = (catalogue: Catalogue): Promise<void> => queues.get(catalogue) ?? Promise.resolve();
