import type * as NodeFs from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import { exportFile, mediaDirs } from '../../src-main/core/media/store';
import { tempDir, testCatalogue } from '../support/catalogue';
import { picture } from '../support/images';

/**
 * Issue 14: a full disk says so (DISK_FULL, "The disk is full…"), in every writer. The export and the label files are
 * tested where they are made (exchange-trust, labels); here the database and the media store.
 *
 * Media: every file the store writes goes through fs.createWriteStream; while `full` names a folder, files under it are
 * written to /dev/full instead, whose every write fails with ENOSPC as a full disk does.
 */
const full = vi.hoisted(() => ({ under: null as string | null }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const createWriteStream = ((path: string, options?: object) =>
    fs.createWriteStream(full.under && String(path).startsWith(full.under) ? '/dev/full' : path, options)) as typeof fs.createWriteStream;
  return { ...fs, default: { ...fs, createWriteStream }, createWriteStream };
});

describe('a full disk', () => {
  it('in the database (SQLITE_FULL) is DISK_FULL with a message that says so, and the catalogue goes on once there is room', async () => {
    const t = testCatalogue();
    await t.call('objects.create', { number: 'F-1', name: 'Jug' });
    const db = t.catalogue.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    // The file may not grow: as when the disk has no room left for it.
    db.pragma(`max_page_count = ${pages}`);
    try {
      const many = Array.from({ length: 400 }, (_, i) => ({ number: `F-${i + 2}`, name: `A long name to fill the pages ${'x'.repeat(150)} ${i}` }));
      let error: { code: string; message: string } | null = null;
      for (const input of many) {
        const result = await t.dispatch('objects.create', input);
        if (!result.ok) {
          error = (result as unknown as { error: { code: string; message: string } }).error;
          break;
        }
      }
      expect(error).toMatchObject({ code: 'DISK_FULL' });
      expect(error!.message).toMatch(/disk is full/i);
    } finally {
      db.pragma('max_page_count = 4294967294');
    }
    expect((await t.call('objects.create', { number: 'F-999', name: 'After' })).number).toBe('F-999');
  });

  it('in an import report, written when it is first downloaded, is DISK_FULL with no .part left; a later download writes it', async () => {
    const t = testCatalogue();
    const csv = join(tempDir(), 'list.csv');
    fs.writeFileSync(csv, 'Object number,Object name\nR-1,Jug\n');
    const { reportExportId } = await t.call('imports.preview', { source: { path: csv, name: 'list.csv' } });
    const dir = join(t.catalogue.dir, 'exports', reportExportId!);
    full.under = dir;
    try {
      await expect(exportFile(t.catalogue, reportExportId!)).rejects.toMatchObject({ code: 'DISK_FULL' });
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      full.under = null;
    }
    expect((await exportFile(t.catalogue, reportExportId!)).name).toBe('Import report - list.xlsx');
  });

  it('in the media store is said per photo ("The disk is full"), with no half-written file left, and nothing recorded', async () => {
    const t = testCatalogue();
    const dir = tempDir();
    const photo = await picture(join(dir, 'jug.jpg'), 'jpeg');
    const { tmp } = mediaDirs(t.catalogue.mediaDir);
    full.under = t.catalogue.mediaDir;
    try {
      const result = await t.call('photos.import', { paths: [photo] });
      expect(result.added).toEqual([]);
      expect(result.errors).toEqual([expect.objectContaining({ file: photo, key: 'request.diskFull', message: expect.stringMatching(/disk is full/i) })]);
    } finally {
      full.under = null;
    }
    const { readdirSync, existsSync } = await vi.importActual<typeof NodeFs>('node:fs');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);
    expect(t.catalogue.db.prepare('SELECT count(*) FROM photos').pluck().get()).toBe(0);
    // With room again, the same photo comes in.
    expect((await t.call('photos.import', { paths: [photo] })).added).toHaveLength(1);
  });
});
