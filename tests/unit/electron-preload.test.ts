import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../src-main/contract/transport';

// The preload runs in Electron's sandbox; here Electron's two renderer modules are stand-ins,
// to check what it exposes to the page and what it sends.
const exposed: Record<string, unknown> = {};
const ipcRenderer = {
  invoke: vi.fn(async () => ({ ok: true, data: 1 })),
  on: vi.fn(),
  removeListener: vi.fn(),
};
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
}));

describe('the preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    await import('../../src-main/electron/preload');
  });

  it('exposes window.storeroom with exactly invoke and on', () => {
    expect(Object.keys(exposed)).toEqual(['storeroom']);
    expect(Object.keys(exposed.storeroom as object).sort()).toEqual(['invoke', 'on']);
  });

  it('sends calls on the invoke channel and nothing else', async () => {
    const api = exposed.storeroom as { invoke: (p: string, i?: unknown, m?: unknown) => Promise<unknown> };
    await expect(api.invoke('objects.list', { q: 'bowl' }, { personId: 'p1' })).resolves.toEqual({ ok: true, data: 1 });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE, 'objects.list', { q: 'bowl' }, { personId: 'p1' });
  });

  it('subscribes to change events and unsubscribes the same handler', () => {
    const api = exposed.storeroom as { on: (listener: (event: unknown) => void) => () => void };
    const listener = vi.fn();
    const off = api.on(listener);
    const [channel, handler] = ipcRenderer.on.mock.calls.at(-1) as unknown as [string, (e: unknown, ev: unknown) => void];
    expect(channel).toBe(IPC_EVENT);
    handler({ sender: 'not passed on' }, { kind: 'change', procedure: 'objects.create', topics: ['objects'] });
    expect(listener).toHaveBeenCalledWith({ kind: 'change', procedure: 'objects.create', topics: ['objects'] });
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT, handler);
  });
});
