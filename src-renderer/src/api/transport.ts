import {
  IDEMPOTENCY_HEADER,
  JOIN_FRAGMENT,
  PERSON_HEADER,
  SESSION_PATH,
  UPLOAD_PROCEDURE,
  type BridgeEvent,
  type CallMeta,
  type PhotoVariant,
  type Result,
} from '@contract';

/** What the desktop preload exposes; nothing else crosses the bridge. */
export interface StoreroomBridge {
  invoke(procedure: string, input: unknown, meta: CallMeta): Promise<Result<unknown>>;
  on(listener: (event: BridgeEvent) => void): () => void;
}

declare global {
  interface Window {
    storeroom?: StoreroomBridge;
  }
}

/** A call as a transport sends it: who is calling (a browser with the server's token names its person) and its key. */
export interface CallOptions {
  personId?: string | null;
  /** The write's operation id, sent as its idempotency key: sent again, it is applied once. */
  opId?: string;
  /** Give up after this long (the network may hang rather than fail); the call then rejects as a network failure. */
  timeoutMs?: number;
}

export interface Transport {
  kind: 'ipc' | 'http';
  /** Settles once the transport can be used (a browser with the server's token has traded it for a cookie). */
  ready: Promise<void>;
  /** A join code the page was opened with (`#join=...`, taken off the address bar), for a device joining a workshop. */
  joinCode: string | null;
  invoke(procedure: string, input: unknown, options: CallOptions): Promise<Result<unknown>>;
  subscribe(listener: (event: BridgeEvent) => void): () => void;
  /** Sends a file's bytes to the catalogue, to be imported by the upload id this resolves with. */
  upload(file: Blob): Promise<Result<unknown>>;
  /** Where an <img> finds a photo: same origin as the app, never with a token in its URL. */
  mediaUrl(photoId: string, variant: PhotoVariant): string;
  /** Whether the event stream is connected now (a browser on a network that comes and goes). */
  connected(): boolean;
  onConnection(listener: (connected: boolean) => void): () => void;
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

/**
 * Takes a join code from the address's fragment (`#join=K7QX2M9PRT`, as the coordinator's QR code has it) and
 * removes it from the address bar and this page's history entry, so that it is neither bookmarked nor shared.
 */
export function takeJoinCode(): string | null {
  const match = new RegExp(`^#${JOIN_FRAGMENT}([0-9A-Za-z-]{1,40})$`, 'i').exec(window.location.hash);
  if (!match) return null;
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#/`);
  return match[1]!;
}

function ipcTransport(bridge: StoreroomBridge): Transport {
  return {
    kind: 'ipc',
    ready: Promise.resolve(),
    joinCode: null,
    invoke: (procedure, input, options) => bridge.invoke(procedure, input, { personId: options.personId ?? null }),
    subscribe: (listener) => bridge.on(listener),
    upload: async (file) => bridge.invoke(UPLOAD_PROCEDURE, new Uint8Array(await file.arrayBuffer()), {}),
    mediaUrl: (photoId, variant) => `/media/${photoId}/${variant}`,
    connected: () => true,
    onConnection: () => () => {},
  };
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** A server answer that is not a result (a proxy's error page, a server stopping): said by its key and status. */
const noResult = (status: number): Result<never> => ({ ok: false, error: { code: 'INTERNAL', message: `HTTP ${status}`, key: 'http.noResult', params: { status } } });

/** Statuses a proxy or a server on its way down answers with: the request may not have reached Storeroom. */
const GATEWAY_STATUSES = new Set([502, 503, 504]);

/** The network failed (or a gateway answered for Storeroom): the caller may send the same request again. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

/**
 * A browser: a workshop device authenticated by its HttpOnly cookie, or the catalogue's host with the server's token
 * (a bearer header for calls, traded once for a cookie so that images and events carry no token in their URLs).
 */
function httpTransport(token: string | null, joinCode: string | null): Transport {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const ready = token
    ? fetch(`/api/${SESSION_PATH}`, { method: 'POST', headers: auth })
        // Its body read to the end: a response left unread stays open in the browser (a page never idle).
        .then((response) => response.arrayBuffer())
        .then(
          () => undefined,
          () => undefined,
        )
    : Promise.resolve();
  let isConnected = false;
  const connectionListeners = new Set<(connected: boolean) => void>();
  const setConnected = (value: boolean) => {
    if (value === isConnected) return;
    isConnected = value;
    for (const listener of connectionListeners) listener(value);
  };
  return {
    kind: 'http',
    ready,
    joinCode,
    async invoke(procedure, input, options) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...auth };
      if (options.personId) headers[PERSON_HEADER] = options.personId;
      if (options.opId) headers[IDEMPOTENCY_HEADER] = options.opId;
      const controller = new AbortController();
      const timer = options.timeoutMs ? setTimeout(() => controller.abort(), options.timeoutMs) : undefined;
      try {
        let response: Response;
        try {
          response = await fetch(`/api/${procedure}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}), signal: controller.signal });
        } catch (error) {
          throw new NetworkError(error instanceof Error ? error.message : String(error));
        }
        const body: unknown = await response.json().catch(() => null);
        if (isResult(body)) return body;
        if (GATEWAY_STATUSES.has(response.status) || body === null) throw new NetworkError(`HTTP ${response.status}`);
        return noResult(response.status);
      } finally {
        clearTimeout(timer);
      }
    },
    async upload(file) {
      let response: Response;
      try {
        response = await fetch(`/api/${UPLOAD_PROCEDURE}`, { method: 'POST', headers: auth, body: file });
      } catch (error) {
        throw new NetworkError(error instanceof Error ? error.message : String(error));
      }
      const body: unknown = await response.json().catch(() => null);
      if (isResult(body)) return body;
      return noResult(response.status);
    },
    mediaUrl: (photoId, variant) => `/media/${photoId}/${variant}`,
    connected: () => isConnected,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    subscribe(listener) {
      // The browser reconnects by itself after a drop, sending the last event id it saw: the server then sends every
      // change missed meanwhile. When the stream was closed (the server went away, or refused), it is opened again
      // from the last change heard (?since=), or afresh with everything reloaded when the server does not know it.
      let source: EventSource | undefined;
      let closed = false;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let lastSeq: number | null = null;
      let failures = 0;
      const open = () => {
        void ready.then(() => {
          if (closed) return;
          const resume = lastSeq !== null && failures < 2;
          source = new EventSource(resume ? `/api/events?since=${lastSeq}` : '/api/events');
          source.onopen = () => {
            if (!resume && lastSeq !== null) listener({ kind: 'reload', seq: 0 });
            failures = 0;
            setConnected(true);
          };
          source.onmessage = (message) => {
            let event: BridgeEvent;
            try {
              event = JSON.parse(message.data as string) as BridgeEvent;
            } catch {
              return; // A malformed frame is ignored; the next change refreshes everything it touches.
            }
            if (event.kind === 'change' || event.kind === 'reload') lastSeq = event.seq;
            listener(event);
          };
          source.onerror = () => {
            if (closed || !source) return;
            setConnected(false);
            if (source.readyState !== EventSource.CLOSED) return;
            failures++;
            retry = setTimeout(open, Math.min(10_000, 1000 * 2 ** Math.min(failures, 4)));
          };
        });
      };
      open();
      return () => {
        closed = true;
        clearTimeout(retry);
        source?.close();
      };
    },
  };
}

/** Desktop when the preload bridge is there, otherwise the HTTP server that served this page. */
export function pickTransport(): Transport {
  return window.storeroom ? ipcTransport(window.storeroom) : httpTransport(takeToken(), takeJoinCode());
}
