import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, englishMessages, keyedMessage } from '../../src-main/contract';
import { messageIn, sayIn } from '../../src-main/core/i18n/locales';
import { serverMessage } from '../../src-renderer/src/lib/serverMessages';
import { testCatalogue } from '../support/catalogue';
import { languages, readJson, rendererI18n } from '../support/locales';
// @ts-expect-error: a plain .mjs script, run by npm run i18n:types
import { messageParamsSource } from '../../scripts/i18n-types.mjs';

/** Every message of a catalogue shaped like `messages`, by its `group.name` key. */
const byKey = (catalogue: Record<string, Record<string, unknown>>) =>
  Object.fromEntries(Object.entries(catalogue).flatMap(([group, texts]) => Object.entries(texts).map(([name, text]) => [`${group}.${name}`, text])));

const paramsOf = (template: string) => [...template.matchAll(/{{(.*?)}}/g)].map((match) => match[1]).sort();

describe('the catalogue of messages', () => {
  it('says a message in English, its params filled in, and keeps its key and params for the wire', () => {
    const error = AppError.of('CONFLICT', 'locations.codeTaken', { code: 'R1', name: 'Room 1' }, { code: 'R1' });
    expect(error.message).toBe('The location code "R1" is already used by "Room 1".');
    expect(error.toBody()).toEqual({
      code: 'CONFLICT',
      message: 'The location code "R1" is already used by "Room 1".',
      key: 'locations.codeTaken',
      params: { code: 'R1', name: 'Room 1' },
      details: { code: 'R1' },
    });
  });

  it('fills numbers and values that hold braces as they are', () => {
    expect(AppError.of('VALIDATION', 'locations.tooMany', { total: 1200, max: 1000 }).message).toBe('That would create 1200 locations; at most 1000 at a time.');
    expect(AppError.of('VALIDATION', 'locations.patternMissingLevel', { placeholder: '{shelf}' }).message).toBe('The code pattern has no {shelf}.');
    expect(AppError.of('VALIDATION', 'locations.rangeEmpty', { range: '{{x}}' }).message).toBe('"{{x}}" has no values.');
  });

  it('sends a message without params with empty params, and a plain-text error without a key', () => {
    expect(AppError.of('NOT_FOUND', 'http.notFound').toBody()).toEqual({ code: 'NOT_FOUND', message: 'Not found.', key: 'http.notFound', params: {} });
    expect(new AppError('NOT_FOUND', 'Gone.').toBody()).toEqual({ code: 'NOT_FOUND', message: 'Gone.' });
  });

  it('sends a message without an error, for one row or file of a batch', () => {
    expect(keyedMessage('imports.numberRepeated', { number: 'A-2', row: 6 })).toEqual({
      message: 'Object number "A-2" is also in row 6.',
      key: 'imports.numberRepeated',
      params: { number: 'A-2', row: 6 },
    });
    expect(keyedMessage('imports.nameRequired')).toEqual({ message: 'A new object needs an object name.', key: 'imports.nameRequired', params: {} });
  });

  it('types each message’s params from its English: message-params.ts is up to date (npm run i18n:types)', () => {
    expect(readFileSync(new URL('../../src-main/contract/message-params.ts', import.meta.url), 'utf8')).toBe((messageParamsSource as () => string)());
  });

  it('writes every param as {{name}}, with no other braces', () => {
    for (const [key, template] of Object.entries(byKey(englishMessages()))) {
      expect(String(template).replace(/{{\w+}}/g, ''), key).not.toMatch(/[{}]/);
    }
  });

  it('carries the key and params of core errors through the dispatcher', async () => {
    const t = testCatalogue();
    await t.call('locations.create', { code: 'R1', name: 'Room 1', type: 'room', role: 'permanent' });
    expect(await t.fail('locations.create', { code: 'R1', name: 'Room 1 again', type: 'room', role: 'permanent' })).toMatchObject({
      code: 'CONFLICT',
      message: 'The location code "R1" is already used by "Room 1".',
      key: 'locations.codeTaken',
      params: { code: 'R1', name: 'Room 1' },
    });
    expect(await t.fail('objects.explode', {})).toMatchObject({ key: 'request.unknownProcedure', params: { procedure: 'objects.explode' } });
    // A validation error wraps zod's own words: they are its message and its one param.
    const invalid = await t.fail('objects.create', { name: 42 });
    expect(invalid).toMatchObject({ code: 'VALIDATION', key: 'request.invalid' });
    expect(invalid.params?.issues).toBe(invalid.message);
  });
});

describe('the server’s messages in every language', () => {
  it.each(languages())('has every message in %s, with the same params', (language) => {
    const english = byKey(englishMessages());
    const translated = byKey(readJson<{ serverErrors: Record<string, Record<string, unknown>> }>(language, 'server').serverErrors);
    expect(Object.keys(translated).sort()).toEqual(Object.keys(english).sort());
    for (const [key, template] of Object.entries(english)) {
      const translation = translated[key];
      expect(typeof translation === 'string' && translation.trim() !== '', key).toBe(true);
      expect(paramsOf(String(translation)), key).toEqual(paramsOf(String(template)));
    }
  });

  it('says a message in French by its key, and the server’s English for a key it does not know', async () => {
    const i18n = await rendererI18n('fr', { fallback: false, languages: ['fr'] });
    expect(serverMessage(i18n.t, keyedMessage('imports.countNotANumber', { value: 'deux' }))).toBe('Nombre d’objets : « deux » n’est pas un nombre.');
    expect(serverMessage(i18n.t, { message: 'Something new.', key: 'imports.somethingNew', params: {} })).toBe('Something new.');
  });

  it('is said in a language by the core too (the CLI’s messages, an import report)', () => {
    expect(messageIn('fr', 'imports.countNotANumber', { value: 'deux' })).toBe('Nombre d’objets : « deux » n’est pas un nombre.');
    expect(messageIn('en', 'imports.countNotANumber', { value: 'two' })).toBe('Number of objects: "two" is not a number.');
    expect(messageIn('xx', 'imports.countNotANumber', { value: 'two' })).toBe('Number of objects: "two" is not a number.');
    expect(sayIn('fr', { message: 'Typed.', key: 'imports.somethingNew', params: {} })).toBe('Typed.');
    expect(sayIn('fr', { message: 'Typed.' })).toBe('Typed.');
  });
});
