/**
 * What the core's utility process does, written against small interfaces so it runs under plain Node in
 * the tests (no Electron import): open the catalogue, tell the parent whether that worked, then answer
 * calls on the message port the parent sends, and close cleanly when asked.
 */
import { formatMessage } from '../contract';
import type { Catalogue } from '../core/catalogue';
import { openCatalogue } from '../core/open';
import { createDispatcher } from '../core/dispatch';
import { mediaServices } from '../core/media/store';
import { defaultCatalogueDir } from '../core/paths';
import { supportedLanguage } from '../core/i18n/locales';
import { catalogueArg } from './cli-args';
import { servePort, type Port } from './port-bridge';

/** Messages from the main process to the core process (besides the port itself, sent as 'port'). */
export type ToCore = 'port' | { kind: 'close' };
/** Messages from the core process to the main process. */
export type FromCore = { kind: 'ready'; dir: string } | { kind: 'failed'; message: string } | { kind: 'closed' };

export const CONNECT_MESSAGE = 'port';

/** The utility process's link to its parent (process.parentPort in Electron). */
export interface ParentLink<RawPort> {
  postMessage(message: FromCore): void;
  onMessage(handler: (data: unknown, ports: readonly RawPort[]) => void): void;
}

export interface CoreHostOptions<RawPort> {
  parent: ParentLink<RawPort>;
  /** Wraps the transferred port (MessagePortMain in Electron) as a port-bridge Port. */
  adaptPort(raw: RawPort): Port;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  exit(code: number): void;
}

/** Explains the most likely fix when the database module was built for another runtime. */
export function describeOpenError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|not a valid Win32 application/i.test(message)) {
    return `${message}\n\nThe database module is not built for this version of Electron. Start Storeroom with "npm start", which builds it.`;
  }
  return message;
}

export function runCoreHost<RawPort>(options: CoreHostOptions<RawPort>): { catalogue: Catalogue | null } {
  const { parent, env } = options;
  const dir = catalogueArg(options.argv) ?? defaultCatalogueDir(env);
  let catalogue: Catalogue | null = null;
  try {
    catalogue = openCatalogue(dir, {
      app: 'Storeroom desktop',
      ...(env.STOREROOM_SQLITE_BINDING ? { nativeBinding: env.STOREROOM_SQLITE_BINDING } : {}),
      // A new catalogue's default vocabularies are in the system's language (given by the main process).
      ...(env.STOREROOM_LANGUAGE ? { language: supportedLanguage(env.STOREROOM_LANGUAGE) } : {}),
    });
    if (catalogue.heldBy) {
      // The desktop app is its catalogue's one writer: it does not open one that another process writes.
      const { app, pid, host } = catalogue.heldBy;
      catalogue.close();
      catalogue = null;
      throw new Error(formatMessage('catalogue.busy', { app, pid, host }));
    }
  } catch (error) {
    parent.postMessage({ kind: 'failed', message: describeOpenError(error) });
    parent.onMessage((data) => {
      if ((data as { kind?: unknown } | null)?.kind === 'close') options.exit(1);
    });
    return { catalogue: null };
  }
  const open = catalogue;
  const dispatch = createDispatcher(open);
  parent.postMessage({ kind: 'ready', dir: open.dir });

  parent.onMessage((data, ports) => {
    if (data === CONNECT_MESSAGE && ports[0] !== undefined) {
      servePort(options.adaptPort(ports[0]), dispatch, (listener) => open.onChange(listener), mediaServices(open));
    } else if ((data as { kind?: unknown } | null)?.kind === 'close') {
      open.close();
      parent.postMessage({ kind: 'closed' });
      options.exit(0);
    }
  });
  return { catalogue: open };
}
