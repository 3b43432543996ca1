import { z } from 'zod';
import { accessOf, ERROR_STATUS, isCallable, procedures, procedureNames, type Access } from '../contract';

/** The procedures a client calls; records are applied from operations only, and described apart. */
const callable = procedureNames.filter(isCallable);
const records = procedureNames.filter((name) => procedures[name].kind === 'record');
const KINDS = { query: 'Query', mutation: 'Mutation', job: 'Job', record: 'Record', admin: 'Workshop administration' } as const;
const WHO: Record<Access, string> = {
  anyone: 'Any client, before joining too.',
  member: 'Any workshop device, and the coordinator.',
  coordinator: 'The coordinator only (a member device gets `FORBIDDEN`).',
  host: 'The catalogue’s own app or command line only, never over the network.',
};

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
};

function typeName(schema: JsonSchema): string {
  if (schema.anyOf) return schema.anyOf.map(typeName).join(' or ');
  if (schema.enum) return schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ');
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.type === 'array') return `array of ${schema.items ? typeName(schema.items) : 'values'}`;
  const base = schema.format === 'uuid' ? 'id' : Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  const limits = [
    schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER && `≥ ${schema.minimum}`,
    schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER && `≤ ${schema.maximum}`,
    schema.minLength !== undefined && `${schema.minLength}–${schema.maxLength ?? '∞'} chars`,
    schema.minLength === undefined && schema.maxLength !== undefined && `≤ ${schema.maxLength} chars`,
  ].filter(Boolean);
  return limits.length ? `${base} (${limits.join(', ')})` : base;
}

/** One table row per field, nested objects and arrays of objects flattened as `a.b` and `a[].b`. */
function rows(schema: JsonSchema, prefix = ''): string[] {
  const out: string[] = [];
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = prefix + name;
    out.push(`| \`${path}\` | ${typeName(field)} | ${required.has(name) ? 'yes' : 'no'} | ${field.description ?? ''} |`);
    if (field.properties) out.push(...rows(field, `${path}.`));
    if (field.items?.properties) out.push(...rows(field.items, `${path}[].`));
  }
  return out;
}

function table(schema: JsonSchema, emptyText: string): string {
  if (schema.type === 'array' && schema.items) return `An array of:\n\n${table(schema.items, emptyText)}`;
  const body = rows(schema);
  if (body.length === 0) return emptyText;
  return ['| field | type | required | notes |', '| --- | --- | --- | --- |', ...body].join('\n');
}

const toSchema = (type: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(type, { io, unrepresentable: 'any' }) as JsonSchema;

/** The procedure reference, generated from the contract. docs/api.md is this text. */
export function apiReference(): string {
  const parts = [
    '# Storeroom API reference',
    '',
    'Generated from the contract (`src-main/contract`) by `storeroom api`; do not edit by hand.',
    '',
    'Every procedure is called the same way on every transport. Over HTTP: `POST /api/<procedure>` with a JSON body. The',
    'caller is known from its headers, before any of the body is read: the server’s own token (`Authorization: Bearer',
    '<token>`, or the HttpOnly cookie `POST /api/session` trades it for), with optionally `X-Storeroom-Person: <person id>`',
    'to record who made a change; or a workshop device’s own token, the HttpOnly cookie `devices.join` gives it, which makes',
    'every change the device’s person’s (a person header from a device is ignored). A token never travels in a URL.',
    'Inputs are strict: an unknown field is a `VALIDATION` error. Each procedure says who may call it: a member device does',
    'the catalogue work, the coordinator everything else.',
    '',
    'Every write is recorded as one operation, with an id (a UUIDv7), the device and person it comes from, a hybrid',
    'logical clock timestamp, and its input; the ids it creates follow from its timestamp. A caller may give a write its',
    'operation id as an idempotency key: over HTTP the `Idempotency-Key: <uuid>` header, over IPC and in the CLI the call',
    'metadata (`storeroom call ... --op-id <uuid>`). The same key sent again returns the first result and writes nothing;',
    'the same key with another procedure or input is a `CONFLICT`. A job (an import, a photo import) records what it',
    'writes as operations of its own, the records listed at the end.',
    '',
    'A result is `{ "ok": true, "data": ... }` or `{ "ok": false, "error": { "code", "message", "key", "params", "details" } }`.',
    'The `message` is in English. Its `key` and `params`, when present, name it in the catalogue of messages',
    '(`src-main/contract/messages.ts`, English templates with `{{param}}` values), so that a client can say it in its own language.',
    '',
    '| error code | HTTP status |',
    '| --- | --- |',
    ...Object.entries(ERROR_STATUS).map(([code, status]) => `| \`${code}\` | ${status} |`),
    '',
    'Changes are pushed to clients as server-sent events on `GET /api/events` (authenticated as the calls are),',
    'and as IPC events in the desktop app: `{ "kind": "change", "seq", "procedure", "topics", "entities", "truncated" }`, what',
    'one operation touched, with its place in the log (`seq`) as the event id. A client that reconnects with `Last-Event-ID`',
    '(or `?since=<seq>`) first receives every change it missed, or one `{ "kind": "reload", "seq" }` when it missed over',
    'a thousand. A Last-Event-ID that is not a seq of this catalogue is a `VALIDATION` error (400).',
    '',
    '## Procedures',
    '',
    ...callable.map((name) => `- [\`${name}\`](#${name.replace('.', '')}) — ${procedures[name].summary}`),
    '',
    '## Records',
    '',
    'Operations that jobs record, applied again at a replay or on another device; no client calls them.',
    '',
    ...records.map((name) => `- [\`${name}\`](#${name.replace('.', '')}) — ${procedures[name].summary}`),
  ];
  for (const name of [...callable, ...records]) {
    const def = procedures[name];
    parts.push(
      '',
      `### ${name}`,
      '',
      `${KINDS[def.kind]}. ${def.summary}`,
      '',
      ...(def.kind === 'record' ? [] : [`Who: ${WHO[accessOf(name)]}`, '']),
      '**Input**',
      '',
      table(toSchema(def.input, 'input'), 'No fields: send `{}`.'),
      '',
      '**Output**',
      '',
      table(toSchema(def.output, 'output'), 'Nothing.'),
    );
  }
  return parts.join('\n') + '\n';
}

/** The contract as JSON Schemas, for `storeroom api --json`. */
export function apiSchemas() {
  return Object.fromEntries(
    procedureNames.map((name) => {
      const def = procedures[name];
      return [name, { kind: def.kind, summary: def.summary, input: toSchema(def.input, 'input'), output: toSchema(def.output, 'output') }];
    }),
  );
}
