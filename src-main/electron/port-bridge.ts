import type { CallMeta, ServerEvent, Result } from '../contract';
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

type Request = { kind: 'request'; id: number; procedure: string; input: unknown; meta: CallMeta };
type Response = { kind: 'response'; id: number; result: Result<unknown> };
type EventMessage = { kind: 'event'; event: ServerEvent };

/** Core side: answers requests with the dispatcher and forwards change events. */
export function servePort(
  port: Port,
  dispatch: (procedure: string, input: unknown, meta?: CallMeta) => Promise<Result<unknown>>,
  onChange: (listener: (event: ServerEvent) => void) => unknown,
): void {
  port.onMessage((message) => {
    const request = message as Request;
    if (request?.kind !== 'request' || typeof request.id !== 'number') return;
    void dispatch(String(request.procedure), request.input, request.meta ?? {}).then((result) =>
      port.postMessage({ kind: 'response', id: request.id, result } satisfies Response),
    );
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
  return {
    invoke(procedure: string, input: unknown, meta: CallMeta = {}): Promise<Result<unknown>> {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        port.postMessage({ kind: 'request', id, procedure, input, meta } satisfies Request);
      });
    },
    onEvent(listener: (event: ServerEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Fails every call still waiting, e.g. when the core process has exited. */
    failPending(message: string): void {
      for (const resolve of pending.values()) resolve({ ok: false, error: new AppError('INTERNAL', message).toBody() });
      pending.clear();
    },
  };
}
