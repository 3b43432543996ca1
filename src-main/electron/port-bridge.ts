import { Readable } from 'node:stream';
import type { CallMeta, PhotoVariant, Result, ServerEvent } from '../contract';
import type { MediaServices } from '../core/media/store';
import { AppError } from '../contract';

/**
 * The IPC adapter between the desktop app's main process and the core, which runs off the UI thread
 * in a utility process. It speaks over any message port: Electron's MessagePortMain in the app,
 * Node's MessageChannel in the tests. No Electron import, so it is tested under plain Node.
 */
export interface Port {
  postMessage(message: unknown): void;
  onMessage(handler: (message: unknown) => void): void;
}

type Request = { kind: 'request'; id: number; procedure: string; input: unknown; meta: CallMeta; channel?: 'upload' | 'media' | 'export' };

type Response = { kind: 'response'; id: number; result: Result<unknown> };
type EventMessage = { kind: 'event'; event: ServerEvent };

/** Core side: answers requests with the dispatcher and forwards change events. */
export function servePort(
  port: Port,
  dispatch: (procedure: string, input: unknown, meta?: CallMeta) => Promise<Result<unknown>>,
  onChange: (listener: (event: ServerEvent) => void) => unknown,
  /** Besides procedures, the core serves its files: uploads from the window, photos and exports to show or save. */
  media?: MediaServices,
): void {
  const answer = async (request: Request): Promise<Result<unknown>> => {
    if (!request.channel) return dispatch(String(request.procedure), request.input, request.meta ?? {});
    try {
      if (!media) throw AppError.of('NOT_FOUND', 'desktop.noMedia');
      if (request.channel === 'upload') {
        if (!(request.input instanceof Uint8Array)) throw AppError.of('VALIDATION', 'desktop.uploadNotBytes');
        return { ok: true, data: { uploadId: await media.stageUpload(Readable.from([request.input])) } };
      }
      if (request.channel === 'export') return { ok: true, data: await media.exportFile(String(request.input)) };
      const { photoId, variant } = request.input as { photoId: string; variant: PhotoVariant };
      return { ok: true, data: await media.file(photoId, variant) };
    } catch (error) {
      return { ok: false, error: (error instanceof AppError ? error : AppError.of('INTERNAL', 'desktop.failed', { reason: (error as Error).message })).toBody() };
    }
  };
  port.onMessage((message) => {
    const request = message as Request;
    if (request?.kind !== 'request' || typeof request.id !== 'number') return;
    void answer(request).then((result) => port.postMessage({ kind: 'response', id: request.id, result } satisfies Response));
  });
  onChange((event) => port.postMessage({ kind: 'event', event } satisfies EventMessage));
}

/** Main-process side: a client that sends requests and hears events. */
export function portClient(port: Port) {
  let nextId = 1;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Set<(event: ServerEvent) => void>();
  port.onMessage((message) => {
    const m = message as Response | EventMessage;
    if (m?.kind === 'response') {
      pending.get(m.id)?.(m.result);
      pending.delete(m.id);
    } else if (m?.kind === 'event') {
      for (const listener of listeners) listener(m.event);
    }
  });
  const send = (procedure: string, input: unknown, meta: CallMeta, channel?: Request['channel']): Promise<Result<unknown>> => {
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      port.postMessage({ kind: 'request', id, procedure, input, meta, ...(channel ? { channel } : {}) } satisfies Request);
    });
  };
  return {
    invoke: (procedure: string, input: unknown, meta: CallMeta = {}) => send(procedure, input, meta),
    upload: (bytes: Uint8Array) => send('upload', bytes, {}, 'upload'),
    mediaFile: (photoId: string, variant: PhotoVariant) => send('media', { photoId, variant }, {}, 'media'),
    exportFile: (exportId: string) => send('export', exportId, {}, 'export'),
    onEvent(listener: (event: ServerEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Fails every call still waiting, e.g. when the core process has exited. */
    failPending(error: AppError): void {
      for (const resolve of pending.values()) resolve({ ok: false, error: error.toBody() });
      pending.clear();
    },
  };
}
