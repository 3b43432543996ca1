import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ErrorBody, Input, Output, ProcedureName, Result } from '../../src-main/contract';
import type { Catalogue } from '../../src-main/core/catalogue';
import { openCatalogue } from '../../src-main/core/open';
import { createDispatcher, type Dispatch } from '../../src-main/core/dispatch';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

export function tempDir(prefix = 'storeroom-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestCatalogue {
  catalogue: Catalogue;
  dispatch: Dispatch;
  /** Calls a procedure and returns its data, failing the test on an error result. */
  call<P extends ProcedureName>(procedure: P, input: Input<P>, personId?: string | null): Promise<Output<P>>;
  /** Calls a procedure expecting an error result; returns the error. */
  fail(procedure: string, input: unknown, personId?: string | null): Promise<ErrorBody>;
}

/** A real catalogue in a fresh temp folder, closed after the test. */
export function testCatalogue(dir = tempDir()): TestCatalogue {
  const catalogue = openCatalogue(dir);
  cleanups.push(() => catalogue.close());
  const dispatch = createDispatcher(catalogue);
  return {
    catalogue,
    dispatch,
    async call(procedure, input, personId = null) {
      const result = (await dispatch(procedure, input, { personId })) as Result<never>;
      if (!result.ok) throw new Error(`${procedure} failed: ${result.error.code} ${result.error.message}`);
      return result.data;
    },
    async fail(procedure, input, personId = null) {
      const result = await dispatch(procedure, input, { personId });
      if (result.ok) throw new Error(`${procedure} was expected to fail but returned ${JSON.stringify(result.data)}`);
      return result.error;
    },
  };
}

/** A room R1 with unit R1-A, and a holding area H1. */
export async function withRooms(t: TestCatalogue) {
  const room = await t.call('locations.create', { code: 'R1', name: 'Room 1', type: 'room', role: 'permanent' });
  const unit = await t.call('locations.create', { parentId: room.id, code: 'R1-A', name: 'Unit A', type: 'unit', role: 'permanent' });
  const holding = await t.call('locations.create', { code: 'H1', name: 'Holding area', type: 'room', role: 'holding' });
  return { room, unit, holding };
}
