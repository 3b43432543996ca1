import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { AppError } from '../../contract';

/** Images this large are refused before decoding: a guard against decompression bombs. */
export const MAX_INPUT_PIXELS = 200_000_000;

/** The formats Storeroom takes in, by sharp's name for them, with the extension the original is stored under. */
const FORMATS: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', tiff: 'tif', gif: 'gif', heif: 'heic' };

export interface DecodedImage {
  /** A fresh pipeline on the decoded image, the right way up. */
  pipeline(): Sharp;
  format: string;
  extension: string;
  width: number;
  height: number;
}

/** Explains sharp's and libheif's failures in words a registrar can act on. */
export function unreadable(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return AppError.of('UNSUPPORTED_MEDIA', 'photos.tooManyPixels', { megapixels: MAX_INPUT_PIXELS / 1_000_000 });
  }
  if (/unsupported image format|not a HEIC|bad seek|HEIF image not found/i.test(message)) {
    return AppError.of('UNSUPPORTED_MEDIA', 'photos.notAnImage');
  }
  return AppError.of('UNSUPPORTED_MEDIA', 'photos.damaged', { reason: message.split('\n')[0]! });
}

async function isHeifContainer(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(12), 0, 12, 0);
    return buffer.toString('latin1', 4, 8) === 'ftyp';
  } finally {
    await handle.close();
  }
}

/** Opens an image file: JPEG, PNG, WebP, TIFF, GIF (first frame), AVIF, and HEIC through a WASM libheif. */
export async function decodeImage(file: string): Promise<DecodedImage> {
  const options: SharpOptions = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' };
  let meta: Metadata;
  try {
    meta = await sharp(file, options).metadata();
  } catch (error) {
    throw unreadable(error);
  }
  const format = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : (meta.format ?? 'unknown');
  const extension = format === 'avif' ? 'avif' : FORMATS[format];
  if (!extension) {
    throw AppError.of('UNSUPPORTED_MEDIA', 'photos.formatRefused', { format: format.toUpperCase() });
  }
  if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) throw unreadable(new Error('pixel limit'));

  if (format === 'heif' && (await isHeifContainer(file))) {
    // sharp's libvips reads AVIF-coded HEIF only; iPhone HEIC is HEVC-coded, so libheif decodes it, off the event loop.
    const raw = await decodeHeic(file).catch((error: unknown) => {
      throw unreadable(error);
    });
    const input = { raw: { width: raw.width, height: raw.height, channels: 4 as const } };
    return { pipeline: () => sharp(raw.data, input), format: 'heic', extension, width: raw.width, height: raw.height };
  }
  const upright = (meta.orientation ?? 1) >= 5;
  return {
    pipeline: () => sharp(file, options).rotate(),
    format,
    extension,
    width: (upright ? meta.height : meta.width) ?? 0,
    height: (upright ? meta.width : meta.height) ?? 0,
  };
}

// HEIC decoding runs in one worker thread, started on first use.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFile } = require('node:fs/promises');
const decode = require(workerData.decoder);
// libheif says what went wrong on the console and throws only "HEIF processing error": what it says is kept for the
// message, and kept off this process's output (the CLI's --json is read by programs).
let said = '';
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => {
    for (const arg of args) if (arg && typeof arg.message === 'string' && arg.message) said = arg.message.replace(/^Decoder plugin generated an error: /, '');
  };
}
const reason = (error) => said || String((error && error.message) || error);
parentPort.on('message', async ({ id, file, secondaries }) => {
  said = '';
  if (secondaries) {
    // The images after the first (depth maps, bursts, thumbnails): each decoded, to tell whether it can be read.
    let images = null;
    const damaged = [];
    try {
      images = await decode.all({ buffer: await readFile(file) });
      for (let i = 1; i < images.length; i++) {
        said = '';
        try {
          await images[i].decode();
        } catch (error) {
          damaged.push('image ' + (i + 1) + ': ' + reason(error));
        }
      }
    } catch (error) {
      damaged.push(reason(error));
    } finally {
      if (images) images.dispose();
    }
    parentPort.postMessage({ id, damaged });
    return;
  }
  try {
    const image = await decode({ buffer: await readFile(file) });
    const data = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
    parentPort.postMessage({ id, width: image.width, height: image.height, data }, [data.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: reason(error) });
  }
});`;

type HeicResult = { width: number; height: number; data: Uint8Array; damaged?: string[] };
let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, { resolve: (r: HeicResult) => void; reject: (e: Error) => void }>();

function heicWorker(): Worker {
  if (worker) return worker;
  const decoder = createRequire(import.meta.url).resolve('heic-decode');
  worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { decoder } });
  worker.unref();
  worker.on('message', (m: { id: number; error?: string } & HeicResult) => {
    const entry = waiting.get(m.id);
    waiting.delete(m.id);
    // An idle worker must not keep the process alive; a busy one must.
    if (waiting.size === 0) worker?.unref();
    if (m.error) entry?.reject(new Error(m.error));
    else entry?.resolve(m);
  });
  worker.on('error', (error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
    worker = null;
  });
  return worker;
}

function decodeHeic(file: string, secondaries = false): Promise<HeicResult> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    const w = heicWorker();
    w.ref();
    w.postMessage({ id, file, secondaries });
  });
}

/** At most this many images of one file are checked after the first. */
const MAX_SECONDARY_IMAGES = 64;

/**
 * What is damaged in a file's images after the first (the other pages of a TIFF, the other images of a HEIC), in
 * words, or null when they all read. The first image is what Storeroom shows; the file is kept whole, as the original,
 * so damage further in is said rather than found later.
 */
export async function damagedSecondaries(file: string, image: DecodedImage): Promise<string | null> {
  const damaged: string[] = [];
  if (image.format === 'tiff') {
    const options: SharpOptions = { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning' };
    const pages = (await sharp(file, options).metadata()).pages ?? 1;
    for (let page = 1; page < Math.min(pages, MAX_SECONDARY_IMAGES); page++) {
      await sharp(file, { ...options, page })
        .raw()
        .toBuffer()
        .catch((error: unknown) => damaged.push(`page ${page + 1}: ${firstLine(error)}`));
    }
  } else if (image.format === 'heic') {
    damaged.push(...((await decodeHeic(file, true)).damaged ?? []).slice(0, MAX_SECONDARY_IMAGES));
  }
  return damaged.length ? damaged.join('; ').slice(0, 500) : null;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
