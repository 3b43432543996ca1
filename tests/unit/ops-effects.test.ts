import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canonicalEffectsText, compactEffects, packEffects, unpackEffects, type Effect } from '../../src-main/core/ops/effects';

const pack = (value: unknown) => deflateRawSync(JSON.stringify(value));
const BOWL = 'c0ffee00-0000-7000-8000-000000000001';
const JUG = 'c0ffee00-0000-7000-8000-000000000002';
const UNIT = 'c0ffee00-0000-7000-8000-000000000003';

/** An object row as an operation makes it (the columns that matter here). */
const object = (id: string, values: Record<string, unknown>) => ({ id, number: null, name: '', height: null, location_id: null, condition_id: null, ...values });

describe('effects as an operation keeps them', () => {
  it('gathers the rows an operation made under column names given once, and gives them back one by one', () => {
    const list: Effect[] = [
      { t: 'locations', k: 'i', r: [UNIT], v: { id: UNIT, parent_id: null, code: 'R1-A' } },
      { t: 'objects', k: 'i', r: [BOWL], v: object(BOWL, { number: '1987.12.3', name: 'Bowl, "blue"', height: 12.5 }) },
      { t: 'terms', k: 'i', r: ['category', 'Ceramics'], v: { vocabulary: 'category', term: 'Ceramics', position: 0 } },
      { t: 'objects', k: 'i', r: [JUG], v: object(JUG, { name: 'Jug' }) },
      { t: 'objects', k: 'u', r: [BOWL], v: { name: ['Bowl, "blue"', 'Bowl'] } },
    ];
    const kept = compactEffects(list);
    expect(kept.made.map((run) => [run.t, run.ids])).toEqual([
      ['locations', [UNIT]],
      ['objects', [BOWL, JUG]],
    ]);
    // Rows keyed by what they hold (terms) and changes stay effects of their own, in order.
    expect(kept.effects.map((e) => `${e.t}:${e.k}`)).toEqual(['terms:i', 'objects:u']);
    const unpacked = unpackEffects(packEffects(kept));
    expect(unpacked).toEqual([list[0], list[1], list[3], list[2], list[4]]);
    expect(packEffects(compactEffects(unpacked))!.equals(packEffects(kept)!)).toBe(true);
  });

  it('says the same of effects kept as a plain list (values as inserted) and gathered (values as the operation left them)', () => {
    // One operation: made the bowl, then renamed and placed it (the place derived from its movement), and made a jug it deleted.
    const plain: Effect[] = [
      { t: 'objects', k: 'i', r: [BOWL], v: object(BOWL, { name: 'Bowl', height: 12 }) },
      { t: 'objects', k: 'i', r: [JUG], v: object(JUG, { name: 'Jug' }) },
      { t: 'objects', k: 'u', r: [BOWL], v: { name: ['Bowl', 'Blue bowl'] } },
      { t: 'objects', k: 'd', r: [JUG], v: object(JUG, { name: 'Jug' }) },
    ];
    const gathered = {
      // Written by SQLite: 12.0 for a whole number in a REAL column.
      made: [{ t: 'objects', c: Object.keys(object(BOWL, {})), rows: [[BOWL, null, 'Blue bowl', 12.0, UNIT, null]] }],
      effects: plain.slice(2),
    };
    const text = JSON.stringify(gathered).replace('"Blue bowl",12,', '"Blue bowl",12.0,');
    expect(text).toContain('12.0');
    const gatheredPacked = deflateRawSync(text);
    expect(canonicalEffectsText(pack(plain))).toBe(canonicalEffectsText(gatheredPacked));
    // What differs in what they say is a difference.
    const other = structuredClone(plain);
    other[2]!.v.name = ['Bowl', 'Green bowl'];
    expect(canonicalEffectsText(pack(other))).not.toBe(canonicalEffectsText(gatheredPacked));
  });

  it('refuses effects that make rows in a table this version does not share, saying which', () => {
    expect(() => unpackEffects(pack({ made: [{ t: 'shelves_v2', c: ['id'], rows: [['x']] }], effects: [] }))).toThrow(/shelves_v2/);
  });
});
