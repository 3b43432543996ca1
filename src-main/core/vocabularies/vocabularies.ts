import { AppError, LOCATION_TYPES, type CustomField, type Output, type ParsedInput } from '../../contract';
import type { CallContext } from '../context';

type Vocabulary = 'category' | 'condition';

export function terms(ctx: Pick<CallContext, 'db'>, vocabulary: Vocabulary): string[] {
  return (ctx.db.prepare('SELECT term FROM terms WHERE vocabulary = ? ORDER BY position').all(vocabulary) as { term: string }[]).map(
    (r) => r.term,
  );
}

/** The catalogue's spelling of a term, or a VALIDATION error naming the allowed ones. */
export function requireTerm(ctx: Pick<CallContext, 'db'>, vocabulary: Vocabulary, term: string): string {
  const row = ctx.db.prepare('SELECT term FROM terms WHERE vocabulary = ? AND term = ?').get(vocabulary, term) as { term: string } | undefined;
  if (row) return row.term;
  const allowed = terms(ctx, vocabulary);
  const details = { vocabulary, term, allowed };
  const category = vocabulary === 'category';
  if (allowed.length === 0) throw AppError.of('VALIDATION', category ? 'vocabularies.noCategories' : 'vocabularies.noConditionTerms', { term }, details);
  throw AppError.of('VALIDATION', category ? 'vocabularies.notACategory' : 'vocabularies.notAConditionTerm', { term, allowed: allowed.join(', ') }, details);
}

interface CustomFieldRow {
  id: string;
  name: string;
  kind: CustomField['kind'];
  choices: string;
}

const toCustomField = (row: CustomFieldRow): CustomField => ({ id: row.id, name: row.name, kind: row.kind, choices: JSON.parse(row.choices) as string[] });

export function customFields(ctx: Pick<CallContext, 'db'>): CustomField[] {
  return (ctx.db.prepare('SELECT * FROM custom_fields ORDER BY position').all() as CustomFieldRow[]).map(toCustomField);
}

function requireCustomField(ctx: Pick<CallContext, 'db'>, id: string): CustomField {
  const row = ctx.db.prepare('SELECT * FROM custom_fields WHERE id = ?').get(id) as CustomFieldRow | undefined;
  if (!row) throw AppError.of('NOT_FOUND', 'vocabularies.customFieldNotFound', { id }, { id });
  return toCustomField(row);
}

/** Checks custom values against their fields; returns the cleaned values (null clears a value). */
export function checkCustomValues(ctx: Pick<CallContext, 'db'>, values: Record<string, string | number | null>): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const [fieldId, value] of Object.entries(values)) {
    const field = requireCustomField(ctx, fieldId);
    const fail = (expected: 'vocabularies.mustBeNumber' | 'vocabularies.mustBeText' | 'vocabularies.mustBeDate') => {
      throw AppError.of('VALIDATION', expected, { field: field.name }, { fieldId, value });
    };
    const failChoice = () => {
      throw AppError.of('VALIDATION', 'vocabularies.mustBeChoice', { field: field.name, choices: field.choices.join(', ') }, { fieldId, value });
    };
    if (value === null) out[fieldId] = null;
    else if (field.kind === 'number') out[fieldId] = typeof value === 'number' && Number.isFinite(value) ? value : fail('vocabularies.mustBeNumber');
    else if (typeof value !== 'string') fail('vocabularies.mustBeText');
    else if (field.kind === 'date') out[fieldId] = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : fail('vocabularies.mustBeDate');
    else if (field.kind === 'choice') out[fieldId] = field.choices.includes(value) ? value : failChoice();
    else out[fieldId] = value.trim();
  }
  return out;
}

export function getVocabularies(ctx: CallContext): Output<'vocabularies.get'> {
  const usedTypes = (ctx.db.prepare('SELECT DISTINCT type FROM locations ORDER BY type').all() as { type: string }[]).map((r) => r.type);
  return {
    categories: terms(ctx, 'category'),
    conditions: terms(ctx, 'condition'),
    customFields: customFields(ctx),
    locationTypes: [...new Set([...LOCATION_TYPES, ...usedTypes])],
  };
}

export function setTerms(ctx: CallContext, input: ParsedInput<'vocabularies.setTerms'>): Output<'vocabularies.setTerms'> {
  const seen = new Set<string>();
  for (const term of input.terms) {
    if (seen.has(term.toLowerCase())) throw AppError.of('VALIDATION', 'vocabularies.termTwice', { term }, { term });
    seen.add(term.toLowerCase());
  }
  const removed = terms(ctx, input.vocabulary).filter((t) => !seen.has(t.toLowerCase()));
  for (const term of removed) {
    const used =
      input.vocabulary === 'category'
        ? ctx.db.prepare('SELECT count(*) AS n FROM objects WHERE category = ? COLLATE NOCASE').get(term)
        : ctx.db.prepare('SELECT count(*) AS n FROM condition_checks WHERE term = ? COLLATE NOCASE').get(term);
    const n = (used as { n: number }).n;
    if (n === 0) continue;
    const details = { term, count: n };
    throw input.vocabulary === 'category'
      ? AppError.of('CONFLICT', 'vocabularies.categoryInUse', { term, objects: n }, details)
      : AppError.of('CONFLICT', 'vocabularies.conditionTermInUse', { term, records: n }, details);
  }
  ctx.db.prepare('DELETE FROM terms WHERE vocabulary = ?').run(input.vocabulary);
  const insert = ctx.db.prepare('INSERT INTO terms (vocabulary, term, position) VALUES (?, ?, ?)');
  input.terms.forEach((term, i) => insert.run(input.vocabulary, term, i + 1));
  ctx.touch('vocabularies', `vocabulary:${input.vocabulary}`);
  return getVocabularies(ctx);
}

export function createCustomField(ctx: CallContext, input: ParsedInput<'customFields.create'>): Output<'customFields.create'> {
  if (ctx.db.prepare('SELECT 1 FROM custom_fields WHERE name = ?').get(input.name)) {
    throw AppError.of('CONFLICT', 'vocabularies.customFieldNameTaken', { name: input.name }, { name: input.name });
  }
  const choices = input.choices ?? [];
  if (input.kind === 'choice' && choices.length === 0) throw AppError.of('VALIDATION', 'vocabularies.choicesRequired');
  if (input.kind !== 'choice' && choices.length > 0) throw AppError.of('VALIDATION', 'vocabularies.choicesNotAllowed');
  const { n } = ctx.db.prepare('SELECT count(*) AS n FROM custom_fields').get() as { n: number };
  const field: CustomField = { id: ctx.mint.id(), name: input.name, kind: input.kind, choices };
  ctx.db.prepare('INSERT INTO custom_fields (id, name, kind, choices, position) VALUES (?, ?, ?, ?, ?)').run(field.id, field.name, field.kind, JSON.stringify(choices), n + 1);
  ctx.touch('vocabularies', field.id);
  return field;
}

export function updateCustomField(ctx: CallContext, input: ParsedInput<'customFields.update'>): Output<'customFields.update'> {
  const field = requireCustomField(ctx, input.id);
  if (input.name !== undefined) {
    const clash = ctx.db.prepare('SELECT id FROM custom_fields WHERE name = ?').get(input.name) as { id: string } | undefined;
    if (clash && clash.id !== field.id) throw AppError.of('CONFLICT', 'vocabularies.customFieldNameTaken', { name: input.name });
  }
  if (input.choices !== undefined) {
    if (field.kind !== 'choice') throw AppError.of('VALIDATION', 'vocabularies.choicesNotAllowed');
    const dropped = field.choices.filter((c) => !input.choices!.includes(c));
    for (const choice of dropped) {
      const { n } = ctx.db.prepare('SELECT count(*) AS n FROM objects WHERE json_extract(custom, ?) = ?').get(`$."${field.id}"`, choice) as { n: number };
      if (n > 0) throw AppError.of('CONFLICT', 'vocabularies.choiceInUse', { choice, objects: n }, { choice, count: n });
    }
  }
  const next: CustomField = { ...field, name: input.name ?? field.name, choices: input.choices ?? field.choices };
  ctx.db.prepare('UPDATE custom_fields SET name = ?, choices = ? WHERE id = ?').run(next.name, JSON.stringify(next.choices), next.id);
  ctx.touch('vocabularies', next.id);
  return next;
}
