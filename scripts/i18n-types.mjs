// Writes src-main/contract/message-params.ts: the {{params}} of each server message, from its English in
// resources/locales/en/server.json, so that AppError.of and keyedMessage are checked by TypeScript.
// `node scripts/i18n-types.mjs --check` exits non-zero when the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}src-main/contract/message-params.ts`;

export function messageParamsSource() {
  const { serverErrors } = JSON.parse(readFileSync(`${root}resources/locales/en/server.json`, 'utf8'));
  const lines = [];
  for (const [group, texts] of Object.entries(serverErrors)) {
    for (const [name, text] of Object.entries(texts)) {
      const params = [...new Set([...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]))].sort();
      lines.push(`  '${group}.${name}': ${params.length ? params.map((p) => `'${p}'`).join(' | ') : 'never'};`);
    }
  }
  return [
    '// Made by `npm run i18n:types` from resources/locales/en/server.json: do not edit.',
    '',
    '/** The names of each server message’s {{params}}, by key. */',
    'export interface MessageParamNames {',
    ...lines,
    '}',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const source = messageParamsSource();
  if (process.argv.includes('--check')) {
    if (readFileSync(target, 'utf8') !== source) {
      console.error('src-main/contract/message-params.ts is out of date: run npm run i18n:types');
      process.exit(1);
    }
  } else {
    writeFileSync(target, source);
  }
}
