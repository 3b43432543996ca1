/** Choosing photo files: what a drop or a picker gave, folders walked, system clutter left out. */

const PHOTO_NAME = /\.(jpe?g|jfif|png|webp|tiff?|gif|avif|hei[cf])$/i;
const CLUTTER = /^(\.|thumbs\.db$|desktop\.ini$|__macosx$)/i;

/** A file that looks like a photo by its name or type (the core checks the content). */
export const looksLikePhoto = (file: File): boolean => PHOTO_NAME.test(file.name) || file.type.startsWith('image/');

/** Files a computer leaves beside photos: .DS_Store, ._copies, Thumbs.db, desktop.ini. */
export const isClutter = (name: string): boolean => CLUTTER.test(name);

export interface Picked {
  files: File[];
  /** Files left out: system clutter, and anything in a folder that is not a photo. */
  skipped: number;
}

/**
 * Keeps what should be imported. Files the user chose one by one are all sent (the import says which are not
 * photos); from a folder, only files that look like photos.
 */
export function keepPhotos(files: File[], fromFolder: boolean): Picked {
  const kept = files.filter((file) => !isClutter(file.name) && (!fromFolder || looksLikePhoto(file)));
  return { files: kept, skipped: files.length - kept.length };
}

/** A file chosen through `<input webkitdirectory>` carries the folder it came from. */
const relativePath = (file: File): string => (file as File & { webkitRelativePath?: string }).webkitRelativePath ?? '';

/** Files from an `<input type="file">`; a folder picker's files carry their relative path. */
export function pickedFromInput(list: FileList | null): Picked {
  const files = Array.from(list ?? []);
  return keepPhotos(files, files.some((file) => relativePath(file) !== ''));
}

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries answers in batches (about 100 at a time) until it answers with none.
  return new Promise((done, fail) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return done(all);
        all.push(...batch);
        next();
      }, fail);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: File[], depth: number): Promise<void> {
  if (isClutter(entry.name)) return;
  if (entry.isFile) {
    const file = await new Promise<File>((done, fail) => (entry as FileSystemFileEntry).file(done, fail)).catch(() => null);
    if (file) out.push(file);
  } else if (entry.isDirectory && depth < 20) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader()).catch(() => []);
    for (const child of children) await walk(child, out, depth + 1);
  }
}

/**
 * The files of a drop, with dropped folders walked (subfolders too). Entries must be taken while the drop
 * event is being handled, so call this from the handler itself; the walk goes on after.
 */
export function pickedFromDrop(data: DataTransfer): Promise<Picked> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  const plain = Array.from(data.files);
  if (entries.length === 0 || entries.some((entry) => entry === null)) return Promise.resolve(keepPhotos(plain, false));
  const fromFolder = entries.some((entry) => entry!.isDirectory);
  if (!fromFolder) return Promise.resolve(keepPhotos(plain, false));
  return (async () => {
    const files: File[] = [];
    for (const entry of entries) await walk(entry!, files, 0);
    return keepPhotos(files, true);
  })();
}
