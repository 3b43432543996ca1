import type { Output, ParsedInput, Person } from '../../contract';
import type { CallContext } from '../context';

interface PersonRow {
  id: string;
  name: string;
  created_at: string;
}

const toPerson = (row: PersonRow): Person => ({ id: row.id, name: row.name, createdAt: row.created_at });

export function listPeople(ctx: CallContext): Output<'people.list'> {
  const rows = ctx.db.prepare('SELECT id, name, created_at FROM people ORDER BY name COLLATE NOCASE').all() as PersonRow[];
  return rows.map(toPerson);
}

export function createPerson(ctx: CallContext, input: ParsedInput<'people.create'>): Output<'people.create'> {
  const row: PersonRow = { id: ctx.mint.id(), name: input.name, created_at: ctx.now };
  ctx.db.prepare('INSERT INTO people (id, name, created_at) VALUES (@id, @name, @created_at)').run(row);
  ctx.touch('people', row.id);
  return toPerson(row);
}

export function personExists(ctx: Pick<CallContext, 'db'>, id: string): boolean {
  return ctx.db.prepare('SELECT 1 FROM people WHERE id = ?').get(id) !== undefined;
}
