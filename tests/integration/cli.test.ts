import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { procedureNames } from '../../src-main/contract';
import { apiReference } from '../../src-main/cli/api-reference';
import { tempDir } from '../support/catalogue';
import { serveProcess, storeroom } from '../support/cli';

describe('storeroom CLI', () => {
  it('prints help for the program and for each command', () => {
    const help = storeroom(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'call', 'api']) {
      expect(help.stdout).toContain(command);
      const commandHelp = storeroom([command, '--help']);
      expect(commandHelp.code).toBe(0);
      expect(commandHelp.stdout).toContain(`Usage: storeroom ${command}`);
    }
  });

  it('fails with a one-line reason and a non-zero exit on bad commands and flags', () => {
    for (const args of [['explode'], ['serve', '--port', 'eighty'], ['serve', '--bogus'], ['call'], ['call', 'objects.list', '{not json'], ['serve', '--token', 'short']]) {
      const result = storeroom(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr).toMatch(/^storeroom: /);
    }
  });

  it('with --json prints exactly one JSON result on stdout, for success and failure', () => {
    const catalogue = tempDir();
    const created = storeroom(['call', 'objects.create', '{"name":"Bowl"}', '--catalogue', catalogue, '--json']);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ ok: true, data: { name: 'Bowl', displayNumber: expect.stringMatching(/^T-[0-9A-Z]{3}-0001$/) } });

    const failed = storeroom(['call', 'objects.create', '{"name":42}', '--catalogue', catalogue, '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(failed.stderr).toMatch(/^storeroom: VALIDATION: name: /);

    const usage = storeroom(['explode', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('refuses a catalogue from a newer Storeroom with the reason', () => {
    const catalogue = tempDir();
    expect(storeroom(['call', 'objects.list', '--catalogue', catalogue]).code).toBe(0);
    const db = new Database(join(catalogue, 'catalogue.sqlite'));
    db.pragma('user_version = 999');
    db.close();
    const result = storeroom(['call', 'objects.list', '--catalogue', catalogue]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/newer version of Storeroom/);
  });

  it('opens the default catalogue in the user data folder when none is named', () => {
    const data = tempDir();
    const result = storeroom(['call', 'catalogue.info', '--json'], { STOREROOM_DATA_DIR: data });
    expect(JSON.parse(result.stdout).data.path).toBe(join(data, 'Default catalogue'));
  });

  it('generates the API reference from the contract, and docs/api.md is up to date', () => {
    const reference = apiReference();
    for (const name of procedureNames) expect(reference).toContain(`### ${name}`);
    expect(readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')).toBe(reference);
    const json = JSON.parse(storeroom(['api', '--json']).stdout);
    expect(Object.keys(json.data).sort()).toEqual([...procedureNames].sort());
  });
});

describe('storeroom serve', () => {
  it('prints one line with the URL and token, and binds to 127.0.0.1', async () => {
    const server = await serveProcess(tempDir(), 'serve-token-1');
    try {
      expect(server.output().trim().split('\n')).toHaveLength(1);
      expect(server.output()).toContain(`http://127.0.0.1:${server.port}/?token=serve-token-1`);
      expect((await server.call('catalogue.info', {})).ok).toBe(true);
    } finally {
      server.child.kill();
    }
  });

  it('keeps every acknowledged write and an intact database when killed mid-stream', async () => {
    const catalogue = tempDir();
    const server = await serveProcess(catalogue);
    let acknowledged = 0;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        const result = await server.call('objects.create', { name: `Object ${acknowledged}` }).catch(() => null);
        if (!result?.ok) break;
        acknowledged++;
      }
    })();
    while (acknowledged < 50) await new Promise((r) => setTimeout(r, 10));
    server.child.kill('SIGKILL');
    stop = true;
    await writer;
    const db = new Database(join(catalogue, 'catalogue.sqlite'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const { n } = db.prepare('SELECT count(*) AS n FROM objects').get() as { n: number };
    db.close();
    expect(n).toBeGreaterThanOrEqual(acknowledged);
  });
});
