import type { Output, ParsedInput } from '../contract';
import type { CallContext } from './context';
import { createBeforeMilestone } from './milestones/milestones';
import { seedVocabularies } from './vocabularies/seed';

/** The catalogue's name, shown on its window, reports and exports; a new catalogue is named after its folder. */
export function catalogueName(ctx: Pick<CallContext, 'db'>): string {
  return (ctx.db.prepare(`SELECT value FROM catalogue_meta WHERE key = 'name'`).get() as { value: string } | undefined)?.value ?? '';
}

export function renameCatalogue(ctx: CallContext, input: ParsedInput<'catalogue.rename'>): Output<'catalogue.rename'> {
  if (input.name === catalogueName(ctx)) return { name: input.name };
  ctx.db.prepare(`INSERT INTO catalogue_meta (key, value) VALUES ('name', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(input.name);
  ctx.touch('catalogue', 'catalogue');
  return { name: input.name };
}

/**
 * The first operation of a new catalogue: its name (after its folder), when it was made, its default vocabularies in
 * the language it was made in (carried in the input, so a replay makes the same words), and its Before milestone.
 */
export function seedCatalogue(ctx: CallContext, input: ParsedInput<'catalogue.seed'>): Output<'catalogue.seed'> {
  ctx.db.prepare(`INSERT INTO catalogue_meta (key, value) VALUES ('name', ?), ('created_at', ?)`).run(input.name, ctx.now);
  ctx.touch('catalogue', 'catalogue');
  seedVocabularies(ctx, input);
  return { beforeMilestoneId: createBeforeMilestone(ctx) };
}
