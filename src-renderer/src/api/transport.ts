import { PERSON_HEADER, UPLOAD_PROCEDURE, type CallMeta, type PhotoVariant, type Result, type ServerEvent } from '@contract';

/** What the desktop preload exposes; nothing else crosses the bridge. */
export interface StoreroomBridge {
  invoke(procedure: string, input: unknown, meta: CallMeta): Promise<Result<unknown>>;
  on(listener: (event: ServerEvent) => void): () => void;
}

declare global {
  interface Window {
    storeroom?: StoreroomBridge;
  }
}

export interface Transport {
  kind: 'ipc' | 'http';
  /** False only in a browser opened without the access token. */
  ready: boolean;
  invoke(procedure: string, input: unknown, meta: CallMeta): Promise<Result<unknown>>;
  subscribe(listener: (event: ServerEvent) => void): () => void;
  /** Sends a file's bytes to the catalogue, to be imported by the upload id this resolves with. */
  upload(file: Blob): Promise<Result<unknown>>;
  /** Where an <img> finds a photo: same origin as the app. */
  mediaUrl(photoId: string, variant: PhotoVariant): string;
}

const TOKEN_KEY = 'storeroom.token';

/** Takes the token from `?token=` (keeping it for this tab) and removes it from the address bar. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Without sessionStorage the token lives only in memory.
    }
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function ipcTransport(bridge: StoreroomBridge): Transport {
  return {
    kind: 'ipc',
    ready: true,
    invoke: (procedure, input, meta) => bridge.invoke(procedure, input, meta),
    subscribe: (listener) => bridge.on(listener),
    upload: async (file) => bridge.invoke(UPLOAD_PROCEDURE, new Uint8Array(await file.arrayBuffer()), {}),
    mediaUrl: (photoId, variant) => `/media/${photoId}/${variant}`,
  };
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * A server answer that is not a result. The renderer says it by its key in the reader's language: it carries no
 * English catalogue of messages (only the language in use is loaded), so the message is just the status.
 */
const noResult = (status: number): Result<never> => ({ ok: false, error: { code: 'INTERNAL', message: `HTTP ${status}`, key: 'http.noResult', params: { status } } });

function httpTransport(token: string | null): Transport {
  return {
    kind: 'http',
    ready: token !== null,
    async invoke(procedure, input, meta) {
      const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` };
      if (meta.personId) headers[PERSON_HEADER] = meta.personId;
      // A network failure rejects; the client turns it into a NETWORK error.
      const response = await fetch(`/api/${procedure}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      const body: unknown = await response.json().catch(() => null);
      if (isResult(body)) return body;
      return noResult(response.status);
    },
    async upload(file) {
      const response = await fetch(`/api/${UPLOAD_PROCEDURE}`, { method: 'POST', headers: { authorization: `Bearer ${token ?? ''}` }, body: file });
      const body: unknown = await response.json().catch(() => null);
      if (isResult(body)) return body;
      return noResult(response.status);
    },
    mediaUrl: (photoId, variant) => `/media/${photoId}/${variant}?token=${encodeURIComponent(token ?? '')}`,
    subscribe(listener) {
      if (!token) return () => {};
      // The browser reconnects by itself after a drop, sending the last event id it saw: the server then sends every
      // change missed meanwhile. When the server refuses that id (another catalogue behind the same address), the
      // stream is opened afresh and everything reloaded.
      let source: EventSource;
      let closed = false;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const open = (reloadFirst: boolean) => {
        source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
        if (reloadFirst) source.onopen = () => listener({ kind: 'reload', seq: 0 });
        source.onmessage = (message) => {
          try {
            listener(JSON.parse(message.data as string) as ServerEvent);
          } catch {
            // A malformed frame is ignored; the next change refreshes everything it touches.
          }
        };
        source.onerror = () => {
          if (closed || source.readyState !== EventSource.CLOSED) return;
          retry = setTimeout(() => open(true), 3000);
        };
      };
      open(false);
      return () => {
        closed = true;
        clearTimeout(retry);
        source.close();
      };
    },
  };
}

/** Desktop when the preload bridge is there, otherwise the HTTP server that served this page. */
export function pickTransport(): Transport {
  return window.storeroom ? ipcTransport(window.storeroom) : httpTransport(takeToken());
}
