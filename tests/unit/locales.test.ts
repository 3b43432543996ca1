import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CORE_NAMESPACES, MENU_NAMESPACE, NAMESPACES, OBJECT_FIELD_KEYS, OBJECT_FIELDS, RENDERER_NAMESPACES, SPECTRUM_NAMESPACE, type LanguageMeta } from '../../src-main/contract';
import { languages, namespacesOf, readJson } from '../support/locales';

/**
 * The translations stay complete: every language has every key of the English source, with the same {{params}},
 * every plural form its language needs (CLDR, as Intl.PluralRules says), and no text left in English unless its
 * meta.json allows it (words that really are the same, such as "Code").
 */

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Params that hold the number a plural form is chosen by: a form for exactly 0, 1 or 2 may say it in words. */
const NUMBER_PARAMS = new Set(['count', 'formatted']);
// Names, the same in every language: the app's, the method's, the standard's, the codes a label carries.
const SAME_EVERYWHERE = new Set(['Storeroom', '{{catalogue}} · Storeroom', 'RE-ORG', 'Spectrum', 'ICCROM', 'DataMatrix', 'Code 128']);

type Leaves = Map<string, string>;

function leaves(node: unknown, prefix = '', into: Leaves = new Map()): Leaves {
  if (typeof node === 'string') into.set(prefix, node);
  else if (Array.isArray(node)) node.forEach((item, i) => leaves(item, `${prefix}.${i}`, into));
  else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) leaves(value, prefix ? `${prefix}.${key}` : key, into);
  else into.set(prefix, `<${typeof node}>`);
  return into;
}

const paramsOf = (text: string) => [...new Set([...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]!))].sort();
const baseKey = (key: string) => key.replace(PLURAL, '');
/** A text with no words of its own: only params, digits, symbols and punctuation. */
const wordless = (text: string) => !/\p{L}{2,}/u.test(text.replace(/{{\s*\w+\s*}}/g, '').replace(/<\/?code>/g, ''));

const english = new Map(namespacesOf('en').map((ns) => [ns, leaves(readJson('en', ns))]));
const others = languages().filter((l) => l !== 'en');

/** What a language file must hold: the English keys, plural families made of the language's own forms. */
function expectComplete(language: string, namespace: string, source: Leaves, translated: Leaves, sameAsEnglish: Set<string>) {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
  const where = (key: string) => `${language}/${namespace}.json: ${key}`;
  const families = new Map<string, string[]>();
  for (const key of source.keys()) if (PLURAL.test(key)) families.set(baseKey(key), [...(families.get(baseKey(key)) ?? []), key]);

  const problems: string[] = [];
  for (const [key, text] of source) {
    if (PLURAL.test(key)) continue;
    const translation = translated.get(key);
    if (translation === undefined) problems.push(`${where(key)} is missing`);
    else if (translation.trim() === '' && text.trim() !== '') problems.push(`${where(key)} is empty`);
    else if (paramsOf(translation).join() !== paramsOf(text).join()) problems.push(`${where(key)} has params ${paramsOf(translation)} where English has ${paramsOf(text)}`);
    else if (translation === text && text.trim() !== '' && !wordless(text) && !SAME_EVERYWHERE.has(text) && !sameAsEnglish.has(text))
      problems.push(`${where(key)} is still in English: "${text}" (if it really is the same word, add it to sameAsEnglish in ${language}/meta.json)`);
  }
  for (const [base, forms] of families) {
    const englishParams = new Set(forms.flatMap((form) => paramsOf(source.get(form)!)));
    for (const category of categories) {
      const key = `${base}_${category}`;
      const translation = translated.get(key);
      if (translation === undefined) {
        problems.push(`${where(key)} is missing (${language} needs the plural forms ${categories.join(', ')})`);
        continue;
      }
      const params = paramsOf(translation);
      const extra = params.filter((p) => !englishParams.has(p));
      const mayOmitNumber = ['zero', 'one', 'two'].includes(category);
      const lacking = [...englishParams].filter((p) => !params.includes(p) && !(mayOmitNumber && NUMBER_PARAMS.has(p)));
      if (extra.length || lacking.length) problems.push(`${where(key)} has params ${params} where English has ${[...englishParams].sort()}`);
      const englishForm = source.get(key);
      if (englishForm !== undefined && translation === englishForm && !wordless(englishForm) && !sameAsEnglish.has(englishForm))
        problems.push(`${where(key)} is still in English: "${englishForm}"`);
    }
  }
  for (const key of translated.keys()) {
    const known = PLURAL.test(key) ? families.has(baseKey(key)) && categories.includes(PLURAL.exec(key)![1]!) : source.has(key);
    if (!known) problems.push(`${where(key)} is not in English (left over, misspelt, or a plural form ${language} does not have)`);
  }
  expect(problems, problems.slice(0, 40).join('\n')).toEqual([]);
}

describe('the layout of resources/locales', () => {
  it('has English and French, and the seven languages RE-ORG is taught in', () => {
    expect(languages()).toEqual(['ar', 'ca', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pt']);
  });

  it('keeps each group of texts in one namespace, so that a key names its text without its namespace', () => {
    const owner = new Map<string, string>();
    for (const ns of namespacesOf('en')) {
      for (const group of Object.keys(readJson('en', ns))) {
        expect(owner.get(group), `the group "${group}" is in both ${owner.get(group)}.json and ${ns}.json`).toBeUndefined();
        owner.set(group, ns);
      }
    }
  });

  it('has no namespace that nothing reads, and every namespace something reads', () => {
    expect(namespacesOf('en')).toEqual([...NAMESPACES].sort());
  });

  it('loads in the renderer and the core exactly the namespaces the contract lists', () => {
    const braces = (file: string) => /\{([a-z,]+)\}\.json/.exec(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'))![1]!.split(',').sort();
    expect(braces('src-renderer/src/i18n/files.ts')).toEqual([...RENDERER_NAMESPACES].sort());
    expect(braces('src-main/core/i18n/locales.ts')).toEqual([...CORE_NAMESPACES].sort());
    expect(readFileSync(new URL('../../src-main/electron/menu-labels.ts', import.meta.url), 'utf8')).toContain(`@locales/*/${MENU_NAMESPACE}.json`);
  });

  it('names each field of the registry in the export as spectrum.json does, with its help and its import word', () => {
    const spectrum = readJson<{ spectrum: Record<string, string> }>('en', 'spectrum').spectrum;
    const help = readJson<{ export: { help: Record<string, string> } }>('en', 'export').export.help;
    const fields = readJson<{ exchange: { fields: Record<string, string> } }>('en', 'exchange').exchange.fields;
    for (const key of OBJECT_FIELD_KEYS) {
      const { importAs, spectrum: name } = OBJECT_FIELDS[key];
      expect(spectrum[importAs], `en/spectrum.json: spectrum.${importAs}`).toBe(name);
      expect(help[importAs], `en/export.json: export.help.${importAs}`).toBeTruthy();
      expect(fields[importAs], `en/exchange.json: exchange.fields.${importAs}`).toBeTruthy();
    }
  });

  it('keeps every language out of the renderer’s first bundle: each is a chunk loaded when chosen', () => {
    const html = readFileSync(new URL('../../out/renderer/index.html', import.meta.url), 'utf8');
    const entry = /<script[^>]+src="\.\/(assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect(html).not.toMatch(/locale-/);
    const code = readFileSync(new URL(`../../out/renderer/${entry}`, import.meta.url), 'utf8');
    expect(code).not.toMatch(/^import[^;]*from\s*"\.\/locale-/m);
    const chunks = readdirSync(new URL('../../out/renderer/assets/', import.meta.url));
    for (const language of languages()) expect(chunks.some((file) => file.startsWith(`locale-${language}-`)), language).toBe(true);
  });

  it.each(languages())('describes %s in its meta.json: its name in itself and its direction', (language) => {
    const meta = readJson<LanguageMeta & { sameAsEnglish?: string[] }>(language, 'meta');
    expect(meta.name.trim()).not.toBe('');
    expect(['ltr', 'rtl']).toContain(meta.dir);
    expect(Boolean(meta.spectrum), 'meta.json names the published Spectrum translation that spectrum.json follows').toBe(namespacesOf(language).includes(SPECTRUM_NAMESPACE) && language !== 'en');
    const textInfo = (new Intl.Locale(language) as Intl.Locale & { getTextInfo?: () => { direction: string } }).getTextInfo?.();
    expect(meta.dir).toBe(textInfo?.direction ?? meta.dir);
  });
});

describe.each(others)('the %s translation', (language) => {
  const meta = readJson<LanguageMeta & { sameAsEnglish?: string[] }>(language, 'meta');
  const sameAsEnglish = new Set(meta.sameAsEnglish ?? []);

  it('has every namespace of the English source (spectrum.json only where Spectrum is published in it)', () => {
    const required = namespacesOf('en').filter((ns) => ns !== SPECTRUM_NAMESPACE);
    expect(namespacesOf(language).filter((ns) => ns !== SPECTRUM_NAMESPACE)).toEqual(required);
  });

  it.each(namespacesOf('en').filter((ns) => ns !== 'import'))('has every text of %s.json, with the same params, in its own words', (namespace) => {
    const files = readdirSync(new URL(`../../resources/locales/${language}/`, import.meta.url));
    if (!files.includes(`${namespace}.json`)) {
      expect(namespace).toBe(SPECTRUM_NAMESPACE);
      return;
    }
    expectComplete(language, namespace, english.get(namespace)!, leaves(readJson(language, namespace)), sameAsEnglish);
  });

  it('gives the import its own words: yes and no, and header names only for fields the import knows', () => {
    type Words = { importWords: { yes: string[]; no: string[]; headers: Record<string, string[]> } };
    const words = readJson<Words>(language, 'import').importWords;
    const fields = Object.keys(readJson<Words>('en', 'import').importWords.headers);
    expect(words.yes.length).toBeGreaterThan(0);
    expect(words.no.length).toBeGreaterThan(0);
    for (const field of Object.keys(words.headers)) expect(fields, `${language}/import.json names the field ${field}`).toContain(field);
  });
});

describe('the tests themselves', () => {
  it('catch a missing key, a changed param, a missing plural form and a text left in English', () => {
    const source = new Map([
      ['a.title', 'Objects'],
      ['a.count_one', '{{count}} object'],
      ['a.count_other', '{{count}} objects'],
      ['a.code', 'Code'],
    ]);
    const run = (translated: [string, string][], allowed: string[] = []) => () => expectComplete('fr', 'test', source, new Map(translated), new Set(allowed));
    const complete: [string, string][] = [
      ['a.title', 'Objets'],
      ['a.count_one', '{{count}} objet'],
      ['a.count_many', '{{count}} d’objets'],
      ['a.count_other', '{{count}} objets'],
      ['a.code', 'Code'],
    ];
    expect(run(complete, ['Code'])).not.toThrow();
    expect(run(complete)).toThrow(/still in English: "Code"/);
    expect(run(complete.filter(([k]) => k !== 'a.title'), ['Code'])).toThrow(/a.title is missing/);
    expect(run(complete.filter(([k]) => k !== 'a.count_many'), ['Code'])).toThrow(/a.count_many is missing/);
    expect(run(complete.map(([k, v]): [string, string] => (k === 'a.count_other' ? [k, '{{n}} objets'] : [k, v])), ['Code'])).toThrow(/params/);
    expect(run([...complete, ['a.stale', 'Vieux']], ['Code'])).toThrow(/not in English/);
  });
});

/**
 * Each language's glossary (glossary.json, beside its translations) fixes the words for RE-ORG's and Spectrum's core
 * terms; the texts that name those concepts use them.
 */
const GLOSSARY_KEYS: Record<string, string[]> = {
  object: ['objects.json:objectForm.newTitle'],
  objectNumber: ['objects.json:objectsUi.fields.number', 'objects.json:objectForm.number', 'exchange.json:exchange.fields.number'],
  location: ['objects.json:objectsUi.table.columns.location', 'locations.json:tree.newLocation'],
  unit: ['vocabulary.json:locationTypes.unit'],
  shelf: ['vocabulary.json:locationTypes.shelf'],
  box: ['vocabulary.json:locationTypes.box'],
  holdingArea: ['vocabulary.json:roles.holding', 'vocabulary.json:reasons.to_holding_area'],
  movement: ['moves.json:history.title', 'moves.json:history.reference'],
  batch: ['moves.json:moves.undoSubmit'],
  milestone: ['beforeafter.json:milestones.addTitle'],
  before: ['beforeafter.json:milestones.before', 'export.json:export.milestones.before'],
  after: ['beforeafter.json:milestones.after', 'export.json:export.milestones.after'],
  condition: ['objects.json:objectsUi.fields.condition', 'objects.json:objectsUi.table.columns.condition'],
  viewpoint: ['beforeafter.json:viewpoints.newTitle'],
  reachable: ['objects.json:objectsUi.fields.reachableShort', 'objects.json:objectsUi.filters.chips.reachable'],
  onTheFloor: ['objects.json:objectsUi.filters.chips.role_floor', 'beforeafter.json:measures.names.onFloor'],
};

/** Text as compared with the glossary: lower case; in Arabic without the article, which joins the noun and its adjective. */
const comparable = (language: string, text: string) => {
  const lower = text.toLocaleLowerCase(language);
  return language === 'ar' ? lower.replace(/(^|[\s«(])([وفبكل]?)ال(?=\p{L})/gu, '$1$2') : lower;
};

describe.each(languages())('the %s glossary', (language) => {
  type Glossary = { sources: string[]; terms: Record<string, { term: string; source: string; note?: string }> };
  const glossary = readJson<Glossary>(language, 'glossary');

  it('names its sources and fixes a word for every core term', () => {
    expect(glossary.sources.length).toBeGreaterThan(0);
    expect(Object.keys(glossary.terms).sort()).toEqual(Object.keys(GLOSSARY_KEYS).sort());
    for (const entry of Object.values(glossary.terms)) expect(entry.term.trim()).not.toBe('');
  });

  it('is followed by the texts that name those terms', () => {
    const problems: string[] = [];
    for (const [concept, keys] of Object.entries(GLOSSARY_KEYS)) {
      const term = comparable(language, glossary.terms[concept]!.term);
      for (const where of keys) {
        const [file, key] = where.split(':') as [string, string];
        const text = leaves(readJson(language, file.replace('.json', ''))).get(key) ?? '';
        if (!comparable(language, text).includes(term)) problems.push(`${language}/${file} ${key}: "${text}" does not use the glossary's "${glossary.terms[concept]!.term}" (${concept})`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
