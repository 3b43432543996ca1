/**
 * The sandboxed preload (built as CommonJS): it exposes exactly two functions to the page,
 * `window.storeroom.invoke` and `window.storeroom.on`, and nothing of Node or Electron.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeEvent, CallMeta, Result } from '../contract';
import { IPC_EVENT, IPC_INVOKE } from '../contract/transport';

const api = {
  invoke: (procedure: string, input?: unknown, meta?: CallMeta): Promise<Result<unknown>> =>
    ipcRenderer.invoke(IPC_INVOKE, procedure, input, meta) as Promise<Result<unknown>>,
  /** Changes, progress and reloads from the catalogue, pages to show and the menu's commands to the window. */
  on(listener: (event: BridgeEvent) => void): () => void {
    const handler = (_event: IpcRendererEvent, change: BridgeEvent) => listener(change);
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
};

export type StoreroomBridge = typeof api;

contextBridge.exposeInMainWorld('storeroom', api);
