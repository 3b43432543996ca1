/** Runs the core in an Electron utility process and talks to it over a MessageChannelMain. */
import { MessageChannelMain, utilityProcess } from 'electron';
import { AppError, type CallMeta, type PhotoVariant, type Result, type ServerEvent } from '../contract';
import type { FromCore } from './core-service';
import { CONNECT_MESSAGE } from './core-service';
import { portClient } from './port-bridge';

/** The catalogue could not be opened; the message says why. */
export class CoreOpenError extends Error {
  override name = 'CoreOpenError';
}

export interface CoreConnection {
  /** The catalogue folder, as the core resolved it. */
  readonly dir: string;
  invoke(procedure: string, input: unknown, meta: CallMeta): Promise<Result<unknown>>;
  /** Stages a file's bytes from the window for photos.import. */
  upload(bytes: Uint8Array): Promise<Result<unknown>>;
  /** The file behind a photo's storeroom://app/media/... URL. */
  mediaFile(photoId: string, variant: PhotoVariant): Promise<Result<unknown>>;
  /** A finished export, behind storeroom://app/exports/{exportId}. */
  exportFile(exportId: string): Promise<Result<unknown>>;
  /** Asks the core to close the catalogue and exit; kills it if it does not within a few seconds. */
  stop(): Promise<void>;
}

export interface StartCoreOptions {
  /** out/main/core-host.js */
  script: string;
  catalogueDir: string;
  /** better_sqlite3.node built for this Electron (STOREROOM_SQLITE_BINDING). */
  sqliteBinding: string | undefined;
  /** The system's language: a new catalogue's default vocabularies are seeded in it (STOREROOM_LANGUAGE). */
  language?: string;
  onEvent(event: ServerEvent): void;
  /** The core exited without being asked to, after it had opened the catalogue. */
  onUnexpectedExit(code: number): void;
}

const STOP_TIMEOUT_MS = 5000;

/** Starts the core on a catalogue; resolves once the catalogue is open, rejects with CoreOpenError if it cannot be. */
export function startCore(options: StartCoreOptions): Promise<CoreConnection> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  if (options.sqliteBinding) env.STOREROOM_SQLITE_BINDING = options.sqliteBinding;
  if (options.language) env.STOREROOM_LANGUAGE = options.language;
  delete env.ELECTRON_RUN_AS_NODE;

  const child = utilityProcess.fork(options.script, ['--catalogue', options.catalogueDir], {
    env,
    serviceName: 'Storeroom core',
    stdio: 'inherit',
  });
  const { port1, port2 } = new MessageChannelMain();
  const client = portClient({
    postMessage: (message) => port1.postMessage(message),
    onMessage(handler) {
      port1.on('message', (event) => handler(event.data));
      port1.start();
    },
  });
  client.onEvent(options.onEvent);

  let state: 'starting' | 'ready' | 'stopping' | 'exited' = 'starting';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    child.on('message', (message: FromCore) => {
      if (message.kind === 'ready' && state === 'starting') {
        state = 'ready';
        child.postMessage(CONNECT_MESSAGE, [port2]);
        resolve({
          dir: message.dir,
          invoke: (procedure, input, meta) => client.invoke(procedure, input, meta),
          upload: (bytes) => client.upload(bytes),
          mediaFile: (photoId, variant) => client.mediaFile(photoId, variant),
          exportFile: (exportId) => client.exportFile(exportId),
          async stop() {
            if (state === 'exited') return;
            state = 'stopping';
            child.postMessage({ kind: 'close' });
            const timer = setTimeout(() => child.kill(), STOP_TIMEOUT_MS);
            await exited;
            clearTimeout(timer);
          },
        });
      } else if (message.kind === 'failed' && state === 'starting') {
        state = 'stopping';
        child.postMessage({ kind: 'close' });
        setTimeout(() => child.kill(), STOP_TIMEOUT_MS).unref();
        reject(new CoreOpenError(message.message));
      }
    });
    child.once('exit', (code) => {
      const previous = state;
      state = 'exited';
      client.failPending(AppError.of('INTERNAL', 'desktop.coreStopped'));
      port1.close();
      if (previous === 'starting') reject(new CoreOpenError(`Storeroom’s database process stopped (exit code ${code}) before the catalogue was open.`));
      else if (previous === 'ready') options.onUnexpectedExit(code);
    });
  });
}
