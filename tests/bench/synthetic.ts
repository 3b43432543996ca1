import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalogue } from '../../src-main/core/catalogue';
import { openCatalogue } from '../../src-main/core/open';
import { createHash } from 'node:crypto';
import { migrations } from '../../src-main/core/db/migrate';
import { numberSortKey } from '../../src-main/core/objects/objects';

/** A small, seeded PRNG (mulberry32): the same catalogue on every machine and run. */
export function random(seed: number) {
  let a = seed;
  const next = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

export const WORDS = [
  'bowl', 'jug', 'plate', 'textile', 'sampler', 'chair', 'lamp', 'basket', 'mask', 'coin', 'medal', 'print', 'drawing', 'bottle', 'vase',
  'figurine', 'spoon', 'clock', 'shawl', 'hat', 'glove', 'shoe', 'fan', 'book', 'map', 'photograph', 'tile', 'brick', 'pipe', 'doll',
  'glazed', 'painted', 'carved', 'woven', 'embroidered', 'chipped', 'cracked', 'faded', 'gilded', 'brass', 'oak', 'linen', 'silk', 'wool',
  'porcelain', 'earthenware', 'pewter', 'leather', 'paper', 'glass', 'silver', 'iron', 'blue', 'red', 'green', 'small', 'large', 'pair',
] as const;
export const CATEGORIES = ['Ceramics', 'Textiles', 'Furniture', 'Metalwork', 'Works on paper', 'Glass', 'Numismatics', 'Costume', 'Toys', 'Tools', 'Ethnography', 'Archaeology'];

/** Cached fixtures are keyed by the schema they were built with. */
export const schemaKey = (): string => createHash('sha256').update(migrations.map((m) => m.sql).join('\n')).digest('hex').slice(0, 12);

export const SIZES = { objects: 200_000, locations: 20_000, movements: 1_000_000, conditionChecks: 100_000 } as const;
const GENERATOR_VERSION = 2;

/**
 * The benchmark catalogue: 200,000 objects, 20,000 locations, 1,000,000 movements, built deterministically
 * with raw SQL (the fixture, not what is measured) and cached under .cache/bench.
 */
export function syntheticCatalogue(root: string, log: (s: string) => void = () => {}): Catalogue {
  const dir = join(root, `synthetic-v${GENERATOR_VERSION}-${schemaKey()}`);
  if (!existsSync(join(dir, 'catalogue.sqlite'))) buildSynthetic(dir, log);
  // The benchmarks write; they work on a copy, so every run starts from the same catalogue.
  const work = join(root, 'work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  copyFileSync(join(dir, 'catalogue.sqlite'), join(work, 'catalogue.sqlite'));
  return openCatalogue(work);
}

function buildSynthetic(dir: string, log: (s: string) => void): void {
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const started = performance.now();
  const catalogue = openCatalogue(building);
  const { db } = catalogue;
  const rnd = random(20261121);
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  const uuid = (kind: number, i: number) => `01900000-${kind.toString(16).padStart(4, '0')}-7000-8000-${i.toString(16).padStart(12, '0')}`;

  db.transaction(() => {
    CATEGORIES.forEach((c, i) => db.prepare(`INSERT INTO terms (vocabulary, term, position) VALUES ('category', ?, ?)`).run(c, i + 1));
    db.prepare(`INSERT INTO people (id, name, created_at) VALUES (?, 'Bench', ?)`).run(uuid(9, 1), at(0));

    const insertLocation = db.prepare(
      `INSERT INTO locations (id, parent_id, code, name, type, role, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const locationIds: string[] = [];
    const add = (parent: string | null, code: string, name: string, type: string, role: string) => {
      const id = uuid(1, locationIds.length);
      insertLocation.run(id, parent, code, name, type, role, 0, at(0), at(0));
      locationIds.push(id);
      return id;
    };
    add(null, 'H1', 'Holding area', 'room', 'holding');
    add(null, 'F1', 'Floor, Room 1', 'room', 'floor');
    for (let r = 1; locationIds.length < SIZES.locations; r++) {
      const room = add(null, `R${r}`, `Room ${r}`, 'room', 'permanent');
      for (let u = 0; u < 20 && locationIds.length < SIZES.locations; u++) {
        const unitCode = `R${r}-${String.fromCharCode(65 + u)}`;
        const unit = add(room, unitCode, `Unit ${String.fromCharCode(65 + u)}`, 'unit', 'permanent');
        for (let s = 1; s <= 8 && locationIds.length < SIZES.locations; s++) {
          const shelf = add(unit, `${unitCode}-${s}`, `Shelf ${s}`, 'shelf', 'permanent');
          for (let b = 1; b <= 10 && locationIds.length < SIZES.locations; b++) add(shelf, `${unitCode}-${s}-B${b}`, `Box ${b}`, 'box', 'permanent');
        }
      }
    }
    log(`  ${locationIds.length} locations`);

    const insertObject = db.prepare(
      `INSERT INTO objects (id, number, temp_number, sort_key, name, count, description, category, materials, tags, created_at, updated_at)
       VALUES (?, ?, NULL, ?, ?, 1, ?, ?, ?, '[]', ?, ?)`,
    );
    for (let i = 0; i < SIZES.objects; i++) {
      const number = `${1900 + (i % 120)}.${Math.floor(i / 120) % 500}.${i % 37}`;
      const name = `${rnd.pick(WORDS)} ${rnd.pick(WORDS)}`;
      const description = Array.from({ length: 6 + rnd.int(10) }, () => rnd.pick(WORDS)).join(' ');
      insertObject.run(uuid(2, i), number, numberSortKey(number), name, description, rnd.pick(CATEGORIES), rnd.pick(WORDS), at(0), at(0));
    if (i % 3 === 0) db.prepare('UPDATE objects SET reachable = ? WHERE id = ?').run(rnd.int(2), uuid(2, i));
    }
    log(`  ${SIZES.objects} objects`);

    const insertBatch = db.prepare(`INSERT INTO batches (reference, at, person_id, reason, note) VALUES (?, ?, ?, 'reorganization', '')`);
    const insertMove = db.prepare(
      `INSERT INTO movements (id, object_id, from_location_id, to_location_id, at, person_id, reason, reference, note)
       VALUES (?, ?, ?, ?, ?, ?, 'reorganization', ?, '')`,
    );
    const where = new Array<string | null>(SIZES.objects).fill(null);
    const perBatch = 100;
    let m = 0;
    let batch = 0;
    while (m < SIZES.movements) {
      const reference = `M-${String(++batch).padStart(6, '0')}`;
      insertBatch.run(reference, at(m + 1), uuid(9, 1));
      const to = locationIds[rnd.int(locationIds.length)]!;
      for (let k = 0; k < perBatch && m < SIZES.movements; k++) {
        // Every object is placed once first, then objects move at random.
        const o = m < SIZES.objects ? m : rnd.int(SIZES.objects);
        if (where[o] === to) continue;
        insertMove.run(uuid(3, m), uuid(2, o), where[o], to, at(m + 1), uuid(9, 1), reference);
        where[o] = to;
        m++;
      }
    }
    db.prepare(`INSERT INTO counters (name, value) VALUES ('movement_reference', ?)`).run(batch);

    // Condition checks through the workshop, and the two milestones: Before once everything was placed, After near the end.
    const terms = ['Good', 'Fair', 'Poor', 'Unacceptable'];
    const check = db.prepare(
      `INSERT INTO condition_checks (id, object_id, term, note, assessed_on, assessed_by, at, person_id) VALUES (?, ?, ?, '', ?, 'Bench', ?, ?)`,
    );
    for (let c = 0; c < SIZES.conditionChecks; c++) {
      const when = at(Math.floor((c / SIZES.conditionChecks) * SIZES.movements));
      check.run(uuid(4, c), uuid(2, rnd.int(SIZES.objects)), rnd.pick(terms), when.slice(0, 10), when, uuid(9, 1));
    }
    db.prepare(`UPDATE milestones SET at = ? WHERE kind = 'before'`).run(at(SIZES.objects));
    db.prepare(`INSERT INTO milestones (id, name, at, kind, created_at) VALUES (?, 'After', ?, 'after', ?)`).run(uuid(5, 1), at(SIZES.movements - 50_000), at(0));
  }).immediate();
  const { n } = db.prepare('SELECT count(*) AS n FROM movements').get() as { n: number };
  log(`  ${n} movements; built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  catalogue.close();
  renameSync(building, dir);
}
