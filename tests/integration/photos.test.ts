import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src-main/contract';
import { openCatalogue } from '../../src-main/core/open';
import { previewsSettled } from '../../src-main/core/media/previews';
import { derivedPath, mediaDirs, originalPath, sweepMedia } from '../../src-main/core/media/store';
import { tempDir, testCatalogue, type TestCatalogue } from '../support/catalogue';
import { storeroom } from '../support/cli';
import { colourAt, heicWithSecondImage, near, orientedJpeg, picture, pngClaiming, QUADRANTS } from '../support/images';

const HEIC = new URL('../fixtures/photos/red-blue.heic', import.meta.url).pathname;

const filesUnder = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)) : [];

async function importPaths(t: TestCatalogue, paths: string[], extra: object = {}) {
  return t.call('photos.import', { paths, ...extra });
}

/** Every photo record has its three files (once the background previews are made), and no file lacks a record. */
async function assertStoreConsistent(t: TestCatalogue) {
  await previewsSettled(t.catalogue);
  const rows = t.catalogue.db.prepare('SELECT sha256, extension FROM photos').all() as { sha256: string; extension: string }[];
  const expected = new Set(
    rows.flatMap((r) => [
      originalPath(t.catalogue.mediaDir, r.sha256, r.extension),
      derivedPath(t.catalogue.mediaDir, r.sha256, 'thumb'),
      derivedPath(t.catalogue.mediaDir, r.sha256, 'preview'),
    ]),
  );
  const dirs = mediaDirs(t.catalogue.mediaDir);
  expect(new Set([...filesUnder(dirs.originals), ...filesUnder(dirs.derived)])).toEqual(expected);
  expect(filesUnder(dirs.tmp)).toEqual([]);
}

describe('photo import', () => {
  it('stores each format, keeps the original byte for byte, and makes a thumbnail and a preview', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    const files = [
      await picture(join(dir, 'a.jpg'), 'jpeg', 2400, 1600),
      await picture(join(dir, 'b.png'), 'png'),
      await picture(join(dir, 'c.webp'), 'webp'),
      await picture(join(dir, 'd.tif'), 'tiff'),
      await picture(join(dir, 'e.gif'), 'gif'),
      await picture(join(dir, 'f.avif'), 'avif'),
      HEIC,
    ];
    const result = await importPaths(t, files);
    expect(result.errors).toEqual([]);
    // Every image of each file reads (the HEIC's too): nothing to warn about.
    expect(result.warnings).toEqual([]);
    expect(result.added.map((a) => a.duplicate)).toEqual(files.map(() => false));
    const photos = result.added.map((a) => t.catalogue.db.prepare('SELECT format, width, height, sha256, extension FROM photos WHERE id = ?').get(a.photoId) as { format: string; width: number; height: number; sha256: string; extension: string });
    expect(photos.map((p) => p.format)).toEqual(['jpeg', 'png', 'webp', 'tiff', 'gif', 'avif', 'heic']);
    expect(photos[0]).toMatchObject({ width: 2400, height: 1600 });
    expect(photos[6]).toMatchObject({ width: 96, height: 64, extension: 'heic' });
    for (const [i, p] of photos.entries()) {
      expect(readFileSync(originalPath(t.catalogue.mediaDir, p.sha256, p.extension)).equals(readFileSync(files[i]!))).toBe(true);
      const thumb = await sharp(derivedPath(t.catalogue.mediaDir, p.sha256, 'thumb')).metadata();
      expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(256);
      expect(thumb.format).toBe('jpeg');
    }
    await previewsSettled(t.catalogue);
    const preview = await sharp(derivedPath(t.catalogue.mediaDir, photos[0]!.sha256, 'preview')).metadata();
    expect([preview.width, preview.height]).toEqual([1600, 1067]);
    // The HEIC decoded for real: red on the left, blue on the right.
    const heicThumb = derivedPath(t.catalogue.mediaDir, photos[6]!.sha256, 'thumb');
    expect(near(await colourAt(heicThumb, 0.2, 0.5), [220, 30, 30])).toBe(true);
    expect(near(await colourAt(heicThumb, 0.8, 0.5), [30, 60, 220])).toBe(true);
    await assertStoreConsistent(t);
  });

  it('applies EXIF orientations 1 to 8: every derivative is the right way up, pixel for pixel', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    const files = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((o) => orientedJpeg(dir, o)));
    const result = await importPaths(t, files);
    expect(result.errors).toEqual([]);
    await previewsSettled(t.catalogue);
    for (const [i, added] of result.added.entries()) {
      const row = t.catalogue.db.prepare('SELECT sha256, width, height FROM photos WHERE id = ?').get(added.photoId) as { sha256: string; width: number; height: number };
      expect([row.width, row.height], `orientation ${i + 1}`).toEqual([120, 80]);
      for (const variant of ['thumb', 'preview'] as const) {
        const file = derivedPath(t.catalogue.mediaDir, row.sha256, variant);
        const corners = await Promise.all([
          colourAt(file, 0.25, 0.25),
          colourAt(file, 0.75, 0.25),
          colourAt(file, 0.25, 0.75),
          colourAt(file, 0.75, 0.75),
        ]);
        corners.forEach((c, q) => expect(near(c, QUADRANTS[q]!), `orientation ${i + 1} ${variant} quadrant ${q}: ${c}`).toBe(true));
      }
    }
  });

  it('records width, height, date taken, camera and GPS from EXIF', async () => {
    const t = testCatalogue();
    const file = join(tempDir(), 'exif.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'Canon', Model: 'EOS 90D' },
        IFD2: { DateTimeOriginal: '2026:11:20 14:05:09' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '73/1 34/1 12/1' },
      })
      .toFile(file);
    const { added } = await importPaths(t, [file]);
    const photo = await t.call('photos.get', { id: added[0]!.photoId });
    expect(photo).toMatchObject({ width: 64, height: 48, format: 'jpeg', takenAt: '2026-11-20T14:05:09', cameraMake: 'Canon', cameraModel: 'EOS 90D', originalName: 'exif.jpg' });
    expect(photo.latitude).toBeCloseTo(45.5, 3);
    expect(photo.longitude).toBeCloseTo(-73.57, 2);
  });

  it('gives each bad file a clear error, goes on with the rest, and leaves nothing half-written', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    const good = await picture(join(dir, 'good.jpg'), 'jpeg');
    const empty = join(dir, 'empty.jpg');
    writeFileSync(empty, '');
    const truncated = join(dir, 'truncated.jpg');
    const whole = readFileSync(await picture(join(dir, 'whole.jpg'), 'jpeg', 800, 600));
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const text = join(dir, 'notes.jpg');
    writeFileSync(text, 'Shelf list, Room 2\n'.repeat(50));
    const svg = join(dir, 'drawing.svg');
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    const bomb = join(dir, 'bomb.png');
    pngClaiming(bomb, 30_000, 30_000);
    const missing = join(dir, 'missing.jpg');

    const result = await importPaths(t, [empty, truncated, good, text, svg, bomb, missing]);
    expect(result.added.map((a) => a.file)).toEqual([good]);
    const message = (file: string) => result.errors.find((e) => e.file === file)?.message;
    expect(message(empty)).toBe('The file is empty.');
    expect(message(truncated)).toMatch(/damaged or incomplete/);
    expect(message(text)).toMatch(/not an image Storeroom can read/);
    expect(message(svg)).toMatch(/SVG files are not taken in/);
    expect(message(bomb)).toMatch(/too large to open safely/);
    expect(message(missing)).toBe('No such file or folder.');
    expect(result.errors).toHaveLength(6);
    // Each message also travels by key, for the renderer to say in the reader's language.
    expect(Object.fromEntries(result.errors.map((e) => [e.file, e.key]))).toEqual({
      [empty]: 'photos.fileEmpty',
      [truncated]: 'photos.damaged',
      [text]: 'photos.notAnImage',
      [svg]: 'photos.formatRefused',
      [bomb]: 'photos.tooManyPixels',
      [missing]: 'photos.noSuchFile',
    });
    expect(result.errors.find((e) => e.file === svg)?.params).toEqual({ format: 'SVG' });
    await assertStoreConsistent(t);
  });

  it('a multi-page TIFF whose second page is damaged: imported from its first page, with a warning naming the damage', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    // Two pages, as a scanner writes a recto and verso; deflate-compressed, so that damaged bytes cannot decode.
    const page = (mean: number) => sharp({ create: { width: 64, height: 48, channels: 3, background: '#000', noise: { type: 'gaussian', mean, sigma: 40 } } }).png().toBuffer();
    const tiff = Buffer.from(await sharp([await page(90), await page(160)], { join: { animated: true } }).tiff({ compression: 'deflate' }).toBuffer());
    expect((await sharp(tiff).metadata()).pages).toBe(2);
    // The second page's data lies between the first directory and the second (little-endian TIFF): damage its middle.
    const first = tiff.readUInt32LE(4);
    const second = tiff.readUInt32LE(first + 2 + tiff.readUInt16LE(first) * 12);
    const intact = join(dir, 'recto-verso.tif');
    writeFileSync(intact, tiff);
    const middle = Math.floor((first + second) / 2);
    tiff.fill(0xab, middle, middle + 200);
    const damaged = join(dir, 'recto-verso-damaged.tif');
    writeFileSync(damaged, tiff);
    const result = await importPaths(t, [intact, damaged]);
    expect(result.errors).toEqual([]);
    expect(result.added).toHaveLength(2);
    expect(result.warnings).toEqual([
      expect.objectContaining({ file: damaged, key: 'photos.secondaryDamaged', params: { reason: expect.stringMatching(/^page 2: /) }, message: expect.stringContaining('page 2') }),
    ]);
    // The original is kept whole, byte for byte.
    const stored = t.catalogue.db.prepare('SELECT sha256, extension FROM photos WHERE id = ?').get(result.added[1]!.photoId) as { sha256: string; extension: string };
    expect(readFileSync(originalPath(t.catalogue.mediaDir, stored.sha256, stored.extension)).equals(tiff)).toBe(true);
  });

  it('a HEIC whose second image is cut short: imported from its first image, with a warning naming the damage; a whole one without', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    // A burst's two frames: the fixture's image, and a copy of its coded data as a second image, whole or cut short.
    const whole = join(dir, 'burst.heic');
    writeFileSync(whole, heicWithSecondImage(readFileSync(HEIC), false));
    const cut = heicWithSecondImage(readFileSync(HEIC), 40);
    const damaged = join(dir, 'burst-copied-halfway.heic');
    writeFileSync(damaged, cut);
    const result = await importPaths(t, [whole, damaged]);
    expect(result.errors).toEqual([]);
    expect(result.added).toHaveLength(2);
    expect(result.warnings).toEqual([
      expect.objectContaining({ file: damaged, key: 'photos.secondaryDamaged', params: { reason: expect.stringMatching(/^image 2: .*end of file/i) } }),
    ]);
    // The first image is what is shown (red on the left, blue on the right); the original is kept byte for byte.
    const stored = t.catalogue.db.prepare('SELECT sha256, extension FROM photos WHERE id = ?').get(result.added[1]!.photoId) as { sha256: string; extension: string };
    expect(readFileSync(originalPath(t.catalogue.mediaDir, stored.sha256, stored.extension)).equals(cut)).toBe(true);
    const thumb = derivedPath(t.catalogue.mediaDir, stored.sha256, 'thumb');
    expect(near(await colourAt(thumb, 0.2, 0.5), [220, 30, 30])).toBe(true);
    expect(near(await colourAt(thumb, 0.8, 0.5), [30, 60, 220])).toBe(true);
  });

  it('the CLI tells of a HEIC image that cannot be decoded, with --json and in words; the decoder console stays off its output', () => {
    const dir = tempDir();
    const damaged = join(dir, 'burst-copied-halfway.heic');
    writeFileSync(damaged, heicWithSecondImage(readFileSync(HEIC), 40));
    const run = storeroom(['photos', 'add', damaged, '--catalogue', join(dir, 'catalogue'), '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { added: unknown[]; warnings: { file: string; message: string }[] };
    expect(result.added).toHaveLength(1);
    expect(result.warnings).toEqual([{ file: damaged, message: expect.stringMatching(/image 2: .*end of file/i) }]);
    // Said in words without --json too.
    const said = storeroom(['photos', 'add', damaged, '--catalogue', join(dir, 'another-catalogue')]);
    expect(said.stdout).toMatch(/^warning .*burst-copied-halfway.heic: .*image 2/m);
  });

  it('stores the same file once, and says it was a duplicate', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    const a = await picture(join(dir, 'a.jpg'), 'jpeg');
    const copy = join(dir, 'copy of a.jpg');
    writeFileSync(copy, readFileSync(a));
    const first = await importPaths(t, [a]);
    const second = await importPaths(t, [copy, a]);
    expect(second.added.map((x) => [x.duplicate, x.photoId])).toEqual([
      [true, first.added[0]!.photoId],
      [true, first.added[0]!.photoId],
    ]);
    expect(filesUnder(mediaDirs(t.catalogue.mediaDir).originals)).toHaveLength(1);
  });

  it('stores a file once when the same content comes twice in one import', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    const a = await picture(join(dir, 'a.jpg'), 'jpeg', 1600, 1200);
    const copies = [a, ...[1, 2, 3].map((n) => join(dir, `copy ${n}.jpg`))];
    for (const copy of copies.slice(1)) writeFileSync(copy, readFileSync(a));
    const result = await importPaths(t, copies);
    expect(result.errors).toEqual([]);
    expect(result.added.filter((x) => !x.duplicate)).toHaveLength(1);
    expect(new Set(result.added.map((x) => x.photoId)).size).toBe(1);
    await assertStoreConsistent(t);
  });

  it('takes the image files in a folder, skipping hidden and non-image files', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    await picture(join(dir, '1.jpg'), 'jpeg');
    await picture(join(dir, '.hidden.jpg'), 'jpeg', 30, 30);
    writeFileSync(join(dir, 'Thumbs.db'), 'x');
    writeFileSync(join(dir, 'readme.txt'), 'x');
    const result = await importPaths(t, [dir]);
    expect(result.added.map((a) => a.file)).toEqual([join(dir, '1.jpg')]);
    expect(result.errors).toEqual([]);
  });

  it('reports progress and can be cancelled, keeping what it finished', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    const files = await Promise.all(Array.from({ length: 24 }, (_, i) => picture(join(dir, `${i}.jpg`), 'jpeg', 1200 + i, 900)));
    const jobId = '01900000-0000-7000-8000-00000000abcd';
    const events: ProgressEvent[] = [];
    t.catalogue.onChange((e) => {
      if (e.kind !== 'progress') return;
      events.push(e);
      if (e.done >= 3 && !e.finished) void t.dispatch('jobs.cancel', { jobId });
    });
    const result = await importPaths(t, files, { jobId });
    expect(result.cancelled).toBe(true);
    expect(result.notProcessed).toBeGreaterThan(0);
    expect(result.added.length + result.notProcessed).toBe(24);
    expect(events[0]).toMatchObject({ jobId, total: 24, done: 0 });
    expect(events.at(-1)).toMatchObject({ jobId, finished: true });
    await assertStoreConsistent(t);
    expect(await t.call('jobs.cancel', { jobId })).toEqual({ cancelled: false });
  });

  it('sweeps what a crash left: work files, and stored files with no record', async () => {
    const dir = tempDir();
    const t = testCatalogue(dir);
    const file = await picture(join(tempDir(), 'kept.jpg'), 'jpeg');
    await importPaths(t, [file]);
    const dirs = mediaDirs(t.catalogue.mediaDir);
    const orphan = originalPath(t.catalogue.mediaDir, 'ab'.repeat(32), 'jpg');
    writeFileSync(join(dirs.tmp, 'half-written'), 'x');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(orphan, '..'), { recursive: true }));
    writeFileSync(orphan, 'x');
    t.catalogue.close();
    await new Promise((r) => setTimeout(r, 20)); // debris is from an earlier session
    const reopened = openCatalogue(dir);
    await reopened.mediaSwept;
    expect(existsSync(orphan)).toBe(false);
    expect(readdirSync(dirs.tmp)).toEqual([]);
    expect(filesUnder(dirs.originals)).toHaveLength(1);
    expect(await sweepMedia(reopened, reopened.openedAt, Date.now)).toEqual({ removed: 0 });
    reopened.close();
  });
});

describe('attaching photos', () => {
  it('attaches to an object in a role; the first is primary; captions and primary can change; detach keeps the photo', async () => {
    const t = testCatalogue();
    const object = await t.call('objects.create', { number: '2019.3.12', name: 'Jug' });
    const dir = tempDir();
    const files = [await picture(join(dir, 'x.jpg'), 'jpeg'), await picture(join(dir, 'y.png'), 'png')];
    const { added } = await importPaths(t, files, { attachTo: { kind: 'object', id: object.id }, role: 'condition' });
    let { photos } = await t.call('photos.list', { targetId: object.id });
    // Files are stored in parallel: whichever was recorded first became primary, and is listed first.
    expect(photos.map((p) => [p.role, p.primary])).toEqual([
      ['condition', true],
      ['condition', false],
    ]);
    expect(photos.map((p) => p.id).sort()).toEqual(added.map((a) => a.photoId).sort());
    const [first, second] = photos.map((p) => p.id) as [string, string];
    await t.call('photos.updateLink', { photoId: second, targetId: object.id, primary: true, caption: 'Base, showing the crack' });
    ({ photos } = await t.call('photos.list', { targetId: object.id }));
    expect(photos[0]).toMatchObject({ id: second, primary: true, caption: 'Base, showing the crack' });
    expect(photos.filter((p) => p.primary)).toHaveLength(1);
    expect(await t.call('photos.detach', { photoId: first, targetId: object.id })).toEqual({ detached: true });
    expect((await t.call('photos.list', { targetId: object.id })).photos).toHaveLength(1);
    expect((await t.call('photos.get', { id: first })).id).toBe(first);
    expect((await t.fail('photos.attach', { photoIds: [first], target: { kind: 'object', id: '01900000-0000-7000-8000-000000000000' } })).code).toBe('NOT_FOUND');
  });

  it('reads object numbers from file names, previews the match, and assigns by file name', async () => {
    const t = testCatalogue();
    await t.call('objects.create', { number: '2019.3.12', name: 'Jug' });
    await t.call('objects.create', { number: '2019.3.13', name: 'Cup' });
    await t.call('objects.create', { number: '7', name: 'Bowl' });
    await t.call('objects.create', { number: '7', name: 'Plate' });
    const names = ['2019.3.12.jpg', '2019.3.12_2.jpg', '2019-3-13 (1).heic', 'IMG_0001.JPG', 'holiday.jpg', '7.jpg'];
    const { matches } = await t.call('photos.matchFilenames', { names });
    expect(matches.map((m) => [m.name, m.status, m.displayNumber])).toEqual([
      ['2019.3.12.jpg', 'match', '2019.3.12'],
      ['2019.3.12_2.jpg', 'match', '2019.3.12'],
      ['2019-3-13 (1).heic', 'match', '2019.3.13'],
      ['IMG_0001.JPG', 'unknown', null],
      ['holiday.jpg', 'no_number', null],
      ['7.jpg', 'ambiguous', null],
    ]);
    const dir = tempDir();
    const jug = await picture(join(dir, '2019.3.12_2.jpg'), 'jpeg');
    const stray = await picture(join(dir, 'holiday.jpg'), 'png');
    const result = await importPaths(t, [jug, stray], { byFilename: true });
    expect(result.added.map((a) => a.attachedTo)).toEqual(['2019.3.12', null]);
  });
});

describe('photos over HTTP and the command line', () => {
  it('uploads, imports by upload id, and serves thumbnails only with the token (a header or its cookie, never the URL) and only from media/', async () => {
    const { serveProcess } = await import('../support/cli');
    const catalogue = tempDir();
    const server = await serveProcess(catalogue, 'media-token-1');
    try {
      const object = (await server.call('objects.create', { number: '1.1', name: 'Jug' })).data as { id: string };
      const bytes = readFileSync(await picture(join(tempDir(), 'up.jpg'), 'jpeg'));
      const upload = await fetch(`${server.base}/api/upload`, { method: 'POST', headers: { authorization: 'Bearer media-token-1' }, body: bytes });
      const { data } = (await upload.json()) as { data: { uploadId: string } };
      const imported = (await server.call('photos.import', { uploads: [{ uploadId: data.uploadId, name: 'up.jpg' }], attachTo: { kind: 'object', id: object.id } })) as {
        data: { added: { photoId: string }[] };
      };
      const photoId = imported.data.added[0]!.photoId;
      const auth = { authorization: 'Bearer media-token-1' };
      const thumb = await fetch(`${server.base}/media/${photoId}/thumb`, { headers: auth });
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get('content-type')).toBe('image/jpeg');
      expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(120);
      const original = await fetch(`${server.base}/media/${photoId}/original`, { headers: auth });
      expect(Buffer.from(await original.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await fetch(`${server.base}/media/${photoId}/thumb`)).status).toBe(401);
      expect((await fetch(`${server.base}/media/${photoId}/thumb?token=media-token-1`)).status).toBe(401);
      // As an <img> asks for it: with the session cookie the token was traded for.
      const session = await fetch(`${server.base}/api/session`, { method: 'POST', headers: auth });
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      expect((await fetch(`${server.base}/media/${photoId}/thumb`, { headers: { cookie } })).status).toBe(200);
      expect((await fetch(`${server.base}/media/${photoId}/full`, { headers: auth })).status).toBe(404);
      expect((await fetch(`${server.base}/media/..%2f..%2fcatalogue.sqlite/original`, { headers: auth })).status).toBe(404);
      expect((await fetch(`${server.base}/api/upload`, { method: 'POST', body: bytes })).status).toBe(401);
      // Paths name files on the server's disk: never accepted over the network.
      const byPath = await server.call('photos.import', { paths: ['/etc/passwd'] });
      expect(byPath).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      const objects = (await server.call('objects.get', { id: object.id })) as { data: { primaryPhotoId: string } };
      expect(objects.data.primaryPhotoId).toBe(photoId);
    } finally {
      server.child.kill();
    }
  });

  it('storeroom photos add: --json prints added and errors, and exits non-zero when a file failed', async () => {
    const { storeroom } = await import('../support/cli');
    const catalogue = tempDir();
    const dir = tempDir();
    const good = await picture(join(dir, '2019.3.12.jpg'), 'jpeg');
    const bad = join(dir, 'broken.jpg');
    writeFileSync(bad, 'not a photo');
    storeroom(['call', 'objects.create', '{"number":"2019.3.12","name":"Jug"}', '--catalogue', catalogue]);
    const ok = storeroom(['photos', 'add', good, '--object', '2019.3.12', '--catalogue', catalogue, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ added: [{ file: good, photoId: expect.any(String), duplicate: false }], errors: [], warnings: [] });
    const mixed = storeroom(['photos', 'add', good, bad, '--catalogue', catalogue, '--json']);
    expect(mixed.code).toBe(1);
    const output = JSON.parse(mixed.stdout);
    expect(output.added).toEqual([{ file: good, photoId: expect.any(String), duplicate: true }]);
    expect(output.errors).toEqual([{ file: bad, message: expect.stringMatching(/not an image/) }]);
    expect(storeroom(['photos', 'add', '--catalogue', catalogue]).code).toBe(2);
    expect(storeroom(['photos', 'add', good, '--object', 'nope', '--catalogue', catalogue]).stderr).toMatch(/No object has the number nope/);
  });

  it('a crash mid-import leaves no orphan: killed with SIGKILL, then reopened', async () => {
    const { CLI } = await import('../support/cli');
    const { spawn } = await import('node:child_process');
    const catalogue = tempDir();
    const dir = tempDir();
    await Promise.all(Array.from({ length: 40 }, (_, i) => picture(join(dir, `${i}.jpg`), 'jpeg', 2000 + i, 1500)));
    const child = spawn(process.execPath, [CLI, 'photos', 'add', dir, '--catalogue', catalogue], { stdio: ['ignore', 'ignore', 'pipe'] });
    let progress = '';
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        progress += d;
        if (/\r(\d+)\//.test(progress) && Number(/\r(\d+)\/\d+[^\r]*$/.exec(progress)?.[1] ?? 0) >= 5) resolve();
      });
      child.on('exit', () => resolve());
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const reopened = testCatalogue(catalogue);
    // The sweep at open removes what the crash left, and queues the previews it never made.
    await reopened.catalogue.mediaSwept;
    const count = (reopened.catalogue.db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n;
    expect(count).toBeGreaterThanOrEqual(5);
    expect(count).toBeLessThan(40);
    await assertStoreConsistent(reopened);
    expect(reopened.catalogue.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Importing again finishes the job: the stored ones are duplicates, the rest are added.
    const again = await importPaths(reopened, [dir]);
    expect(again.added.filter((a) => a.duplicate)).toHaveLength(count);
    expect(again.added).toHaveLength(40);
  });
});
