import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { JOIN_CODE_MINUTES, type ServerEvent, type WorkshopStatus } from '../contract';
import type { Catalogue, LockHolder } from '../core/catalogue';
import { openCatalogue } from '../core/open';
import { createDispatcher } from '../core/dispatch';
import { mediaServices } from '../core/media/store';
import { environmentLanguage, messageIn, sayIn, supportedLanguage } from '../core/i18n/locales';
import { changeFeed } from '../core/ops/operations';
import { defaultCatalogueDir } from '../core/paths';
import { APP_VERSION } from '../core/version';
import { startServer } from '../server/http-server';
import { createWorkshop } from '../server/workshop';
import { apiReference, apiSchemas } from './api-reference';
import { replayCatalogue } from '../core/ops/replay';
import { compareCatalogues } from '../core/ops/verify';
import { CatalogueError } from '../core/catalogue-error';

/** A failure the user can fix: printed as one line, exit code 1 (2 for usage errors). */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const catalogueOption = { catalogue: { type: 'string' } } as const;
const common = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, lang: { type: 'string' } } as const;

/**
 * The language of messages, exported workbooks, import reports and a new catalogue's default vocabularies: --lang,
 * else LC_ALL, LC_MESSAGES or LANG; English when Storeroom does not speak it. (The command's own words stay English.)
 */
const languageOf = (values: Record<string, unknown>): string => (values.lang ? supportedLanguage(String(values.lang)) : environmentLanguage());

interface Command {
  usage: string;
  summary: string;
  options: ParseArgsConfig['options'];
  run(values: Record<string, unknown>, positionals: string[]): Promise<unknown>;
}

const commands: Record<string, Command> = {
  serve: {
    usage: 'storeroom serve [--catalogue DIR] [--port N] [--host H] [--token T] [--workshop [--insecure-http] [--laptop-code]] [--json]',
    summary:
      'Serve the app and its API to a browser (this machine only, unless --host says otherwise); --workshop opens it over HTTPS to the devices of the local network, which join with a code.',
    options: { ...catalogueOption, port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' }, workshop: { type: 'boolean' }, 'insecure-http': { type: 'boolean' }, 'laptop-code': { type: 'boolean' } },
    async run(values) {
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new CliError(`--port must be a number from 0 to 65535, not "${String(values.port)}".`, 2);
      const token = (values.token as string | undefined) ?? randomBytes(24).toString('base64url');
      if (token.length < 8 || !/^[\w.~-]+$/.test(token)) throw new CliError('--token must be at least 8 characters of letters, digits, "-", "_", "." or "~".', 2);
      if (values['insecure-http'] && !values.workshop) throw new CliError('--insecure-http goes with --workshop.', 2);
      const catalogue = openCatalogue((values.catalogue as string | undefined) ?? defaultCatalogueDir(), { app: 'storeroom serve', language: languageOf(values) });
      if (catalogue.heldBy) {
        // One writer per catalogue: a server that could not write it would only refuse every change.
        catalogue.close();
        throw new CliError(`CATALOGUE_BUSY: ${busyMessage(catalogue.heldBy, languageOf(values))}`);
      }
      const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url));
      if (values.workshop) return serveWorkshop(catalogue, { rendererDir, token, port, host: values.host as string | undefined, insecureHttp: Boolean(values['insecure-http']), laptopCode: Boolean(values['laptop-code']), json: Boolean(values.json), language: languageOf(values) });
      // Not opened to the network, but answering who is calling (devices.current) and the workshop's list.
      const workshop = createWorkshop({ catalogue, dispatch: createDispatcher(catalogue), rendererDir });
      const server = await startServer({
        dispatch: workshop.dispatch,
        onChange: (listener) => catalogue.onChange(listener),
        changes: changeFeed(catalogue),
        rendererDir,
        media: mediaServices(catalogue),
        token,
        host: (values.host as string | undefined) ?? '127.0.0.1',
        port: port ?? 5190,
        cookieSuffix: catalogue.identity.catalogueId.replace(/-/g, '').slice(0, 12),
      }).catch((error: Error) => {
        catalogue.close();
        throw new CliError(error.message);
      });
      const stop = () => void server.close().then(() => (catalogue.close(), process.exit(0)));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return { keepRunning: true, url: server.openUrl, catalogue: catalogue.dir, text: `Storeroom is serving ${catalogue.dir} at ${server.openUrl}` };
    },
  },
  call: {
    usage: "storeroom call PROCEDURE ['JSON input'] [--catalogue DIR] [--person ID] [--op-id UUID] [--json]",
    summary: 'Call one API procedure on a catalogue and print its result (--op-id: a write\'s operation id, applied once however often it is sent).',
    options: { ...catalogueOption, person: { type: 'string' }, 'op-id': { type: 'string' } },
    async run(values, [procedure, json]) {
      if (!procedure) throw new CliError('Name the procedure to call, e.g. "storeroom call objects.list".', 2);
      let input: unknown = {};
      if (json !== undefined) {
        try {
          input = JSON.parse(json);
        } catch {
          throw new CliError('The input is not valid JSON.', 2);
        }
      }
      return withCatalogue(values, async (call) => {
        const data = await call(procedure, input);
        return { data, text: JSON.stringify(data, null, 2) };
      });
    },
  },
  photos: {
    usage: 'storeroom photos add PATH... [--object NUMBER | --location CODE | --by-filename] [--role ROLE] [--catalogue DIR] [--person ID] [--json]',
    summary: 'Import photos from files or folders, optionally attached to an object or location.',
    options: { ...catalogueOption, object: { type: 'string' }, location: { type: 'string' }, 'by-filename': { type: 'boolean' }, role: { type: 'string' }, person: { type: 'string' } },
    async run(values, [action, ...paths]) {
      if (action !== 'add') throw new CliError('Say what to do with photos: "storeroom photos add PATH...".', 2);
      if (paths.length === 0) throw new CliError('Name at least one file or folder to import.', 2);
      if ([values.object, values.location, values['by-filename']].filter(Boolean).length > 1) {
        throw new CliError('Use only one of --object, --location and --by-filename.', 2);
      }
      return withCatalogue(values, async (call, onProgress) => {
        let attachTo: { kind: 'object' | 'location'; id: string } | undefined;
        if (values.object) {
          const { items } = await call<{ items: { id: string }[] }>('objects.findByNumber', { number: values.object });
          if (items.length !== 1) throw new CliError(items.length ? `${items.length} objects have the number ${String(values.object)}.` : `No object has the number ${String(values.object)}.`);
          attachTo = { kind: 'object', id: items[0]!.id };
        }
        if (values.location) attachTo = { kind: 'location', id: await locationByCode(call, String(values.location)) };
        const jsonOutput = Boolean(values.json);
        const stop = onProgress((event) => {
          if (!jsonOutput && event.kind === 'progress' && !event.finished) process.stderr.write(`\r${event.done}/${event.total} ${event.errors ? `(${event.errors} failed) ` : ''}`);
        });
        type Said = { file: string; message: string; key?: string; params?: Record<string, string | number> };
        const result = await call<{ added: { file: string; photoId: string; duplicate: boolean; attachedTo: string | null }[]; errors: Said[]; warnings?: Said[] }>(
          'photos.import',
          { paths: paths.map((p) => resolve(p)), attachTo, byFilename: values['by-filename'] || undefined, role: values.role },
        );
        stop();
        if (!jsonOutput) process.stderr.write('\n');
        const warnings = result.warnings ?? [];
        const lines = [
          ...result.added.map((a) => `${a.duplicate ? 'duplicate' : 'added    '} ${a.file}${a.attachedTo ? ` → ${a.attachedTo}` : ''}`),
          ...result.errors.map((e) => `failed    ${e.file}: ${sayIn(languageOf(values), e)}`),
          // Imported, but with something to know (a TIFF page or a HEIC image after the first that cannot be read).
          ...warnings.map((w) => `warning   ${w.file}: ${sayIn(languageOf(values), w)}`),
          `${result.added.filter((a) => !a.duplicate).length} added, ${result.added.filter((a) => a.duplicate).length} already in the catalogue, ${result.errors.length} failed.`,
        ];
        const said = (e: Said) => ({ file: e.file, message: sayIn(languageOf(values), e) });
        const data = { added: result.added.map(({ file, photoId, duplicate }) => ({ file, photoId, duplicate })), errors: result.errors.map(said), warnings: warnings.map(said) };
        if (result.errors.length > 0) {
          if (jsonOutput) console.log(JSON.stringify(data));
          else console.log(lines.join('\n'));
          throw new CliError(`${result.errors.length} of ${result.added.length + result.errors.length} files could not be imported.`, 1, { printed: true });
        }
        return { data, text: lines.join('\n'), raw: true };
      });
    },
  },
  export: {
    usage: 'storeroom export FILE.xlsx|FILE.csv [--thumbnails] [--location CODE] [--sheet NAME] [--bom] [--lang L] [--english-headers] [--catalogue DIR] [--json]  |  storeroom export FILE.zip --profile collectionspace|collectiveaccess',
    summary: 'Export the inventory as an Excel workbook, or one sheet as CSV.',
    options: {
      ...catalogueOption,
      thumbnails: { type: 'boolean' },
      location: { type: 'string' },
      sheet: { type: 'string' },
      bom: { type: 'boolean' },
      'english-headers': { type: 'boolean' },
      profile: { type: 'string' },
    },
    async run(values, [file]) {
      if (!file) throw new CliError('Name the file to write, e.g. "storeroom export inventory.xlsx".', 2);
      if (values.profile !== undefined) {
        const profile = String(values.profile);
        if (profile !== 'collectionspace' && profile !== 'collectiveaccess') throw new CliError(`--profile must be collectionspace or collectiveaccess, not "${profile}".`, 2);
        if (!/\.zip$/i.test(file)) throw new CliError('An export for a collections system is a zip: the file must end in .zip.', 2);
        return withCatalogue(values, async (call) => {
          const result = await call<{ path: string; sheets: Record<string, number> }>('exports.create', { path: resolve(file), profile });
          return { data: { file: result.path, profile, objects: result.sheets.Objects ?? 0 }, text: `Wrote ${result.path} (${profile}, ${result.sheets.Objects ?? 0} objects)`, raw: true };
        });
      }
      const format = /\.xlsx$/i.test(file) ? 'xlsx' : /\.csv$/i.test(file) ? 'csv' : null;
      if (!format) throw new CliError('The file must end in .xlsx or .csv.', 2);
      return withCatalogue(values, async (call) => {
        const locationId = values.location ? await locationByCode(call, String(values.location)) : undefined;
        const result = await call<{ path: string; sheets: Record<string, number> }>('exports.create', {
          format,
          path: resolve(file),
          thumbnails: values.thumbnails || undefined,
          locationId,
          sheet: values.sheet,
          bom: values.bom || undefined,
          language: languageOf(values),
          englishHeaders: values['english-headers'] || undefined,
        });
        const lines = [`Wrote ${result.path}`, ...Object.entries(result.sheets).map(([sheet, rows]) => `  ${sheet}: ${rows} rows`)];
        return { data: { file: result.path, sheets: result.sheets }, text: lines.join('\n'), raw: true };
      });
    },
  },
  labels: {
    usage:
      'storeroom labels OUT.pdf (--objects QUERY | --contents CODE | --locations CODE [--types T,T] | --calibration) [--template NAME|FILE.json] [--code qr|datamatrix|code128] [--start N] [--offset X,Y] [--catalogue DIR] [--json]',
    summary: 'Print labels as a PDF: objects found by a search or in a location, or a location and the locations below it.',
    options: {
      ...catalogueOption,
      objects: { type: 'string' },
      contents: { type: 'string' },
      locations: { type: 'string' },
      types: { type: 'string' },
      calibration: { type: 'boolean' },
      template: { type: 'string' },
      code: { type: 'string' },
      start: { type: 'string' },
      offset: { type: 'string' },
    },
    async run(values, [file]) {
      if (!file) throw new CliError('Name the PDF to write, e.g. "storeroom labels labels.pdf --locations R1".', 2);
      if (!/\.pdf$/i.test(file)) throw new CliError('The file must end in .pdf.', 2);
      const chosen = (['objects', 'contents', 'locations', 'calibration'] as const).filter((k) => values[k] !== undefined && values[k] !== false);
      if (chosen.length !== 1) throw new CliError('Say what to print with one of --objects QUERY, --contents CODE, --locations CODE or --calibration.', 2);
      if (values.types !== undefined && values.locations === undefined) throw new CliError('--types goes with --locations.', 2);
      const code = values.code as string | undefined;
      if (code !== undefined && !['qr', 'datamatrix', 'code128'].includes(code)) throw new CliError(`--code must be qr, datamatrix or code128, not "${code}".`, 2);
      const start = values.start === undefined ? undefined : Number(values.start);
      if (start !== undefined && !(Number.isInteger(start) && start >= 1)) throw new CliError('--start must be a label number (1 or more).', 2);
      let offset: { x: number; y: number } | undefined;
      if (values.offset !== undefined) {
        const [x, y, ...extra] = String(values.offset).split(',').map((v) => Number(v.trim()));
        if (extra.length > 0 || !Number.isFinite(x) || !Number.isFinite(y)) throw new CliError('--offset must be two numbers of millimetres, across then down: "--offset 1.5,-0.5".', 2);
        offset = { x: x!, y: y! };
      }
      let template: unknown = values.template ?? 'avery-l7160';
      if (typeof template === 'string' && /\.json$/i.test(template)) {
        try {
          template = JSON.parse(readFileSync(template, 'utf8')) as unknown;
        } catch (error) {
          throw new CliError(`The template file could not be read as JSON: ${(error as Error).message}`, 2);
        }
      }
      return withCatalogue(values, async (call, onProgress) => {
        let source: unknown;
        if (values.objects !== undefined) source = { kind: 'search', filter: String(values.objects).trim() ? { query: String(values.objects) } : {} };
        else if (values.contents !== undefined) source = { kind: 'contents', locationId: await locationByCode(call, String(values.contents)) };
        else if (values.locations !== undefined) {
          const types = values.types === undefined ? undefined : String(values.types).split(',').map((t) => t.trim()).filter(Boolean);
          source = { kind: 'locations', locationId: await locationByCode(call, String(values.locations)), ...(types?.length ? { types } : {}) };
        } else source = { kind: 'calibration' };
        const jsonOutput = Boolean(values.json);
        const stop = onProgress((event) => {
          if (process.stderr.isTTY && !jsonOutput && event.kind === 'progress' && !event.finished && event.total > 0) process.stderr.write(`\r${event.done}/${event.total} labels `);
        });
        let result: { path: string; labels: number; pages: number; notices: Parameters<typeof sayIn>[1][] };
        try {
          result = await call('labels.create', { source, template, code, start, offset, path: resolve(file) });
        } finally {
          stop();
          if (!jsonOutput && process.stderr.isTTY) process.stderr.write('\n');
        }
        for (const notice of result.notices) console.error(`storeroom: note: ${sayIn(languageOf(values), notice)}`);
        const data = { file: result.path, labels: result.labels, pages: result.pages };
        const what = values.calibration ? 'a calibration page' : `${result.labels} label${result.labels === 1 ? '' : 's'}`;
        return { data, text: `Wrote ${result.path}: ${what} on ${result.pages} page${result.pages === 1 ? '' : 's'}.`, raw: true };
      });
    },
  },
  import: {
    usage:
      'storeroom import FILE|CATALOGUE_DIR [--sheet NAME] [--header-row N] [--mapping FILE.json] [--dry-run] [--allow-errors] [--create-locations] [--add-terms] [--movements] [--date-order dmy|mdy] [--catalogue DIR] [--person ID] [--json]',
    summary: 'Import objects from a spreadsheet (.xlsx or .csv), or from a separate catalogue\'s folder: new rows are added, matching object numbers updated.',
    options: {
      ...catalogueOption,
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      mapping: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'allow-errors': { type: 'boolean' },
      'create-locations': { type: 'boolean' },
      'add-terms': { type: 'boolean' },
      movements: { type: 'boolean' },
      'date-order': { type: 'string' },
      person: { type: 'string' },
    },
    async run(values, [file]) {
      if (!file) throw new CliError('Name the spreadsheet to import.', 2);
      let mapping: Record<string, string> | undefined;
      if (values.mapping) {
        try {
          mapping = JSON.parse(readFileSync(String(values.mapping), 'utf8')) as Record<string, string>;
        } catch (error) {
          throw new CliError(`The mapping file could not be read as JSON: ${(error as Error).message}`, 2);
        }
      }
      const dateOrder = values['date-order'] === undefined ? undefined : String(values['date-order']);
      if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy') throw new CliError('--date-order must be dmy (31/12/2024) or mdy (12/31/2024).', 2);
      const headerRow = values['header-row'] === undefined ? undefined : Number(values['header-row']);
      if (headerRow !== undefined && !(Number.isInteger(headerRow) && headerRow >= 1)) throw new CliError('--header-row must be a row number (1 or more).', 2);
      return withCatalogue(values, async (call) => {
        // A separate catalogue's folder comes in as the workbook it exports.
        const source = statSync(resolve(file), { throwIfNoEntry: false })?.isDirectory()
          ? (await call<{ source: { uploadId: string; name: string } }>('imports.fromCatalogue', { path: resolve(file) })).source
          : { path: resolve(file), name: basename(file) };
        const options = {
          source,
          sheet: values.sheet,
          headerRow,
          mapping,
          createLocations: values['create-locations'] || undefined,
          addTerms: values['add-terms'] || undefined,
          movements: values.movements || undefined,
          language: languageOf(values),
        };
        // Text dates that read both ways: the order given applies to every column of them.
        if (dateOrder) {
          const inspected = await call<{ dateColumns: Record<string, unknown> }>('imports.inspect', { source: options.source, sheet: options.sheet, headerRow });
          Object.assign(options, { dateOrder: Object.fromEntries(Object.keys(inspected.dateColumns).map((h) => [h, dateOrder])) });
        }
        type Summary = {
          rows: number;
          new: number;
          updated: number;
          unchanged: number;
          errors: { row: number; message: string; key?: string; params?: Record<string, string | number> }[];
          warnings: { row: number | null; message: string; key?: string; params?: Record<string, string | number> }[];
          movements: { new: number; unchanged: number };
          mapping: Record<string, string>;
          committed: boolean;
        };
        let result = await call<Summary>('imports.preview', options);
        const commit = !values['dry-run'] && (result.errors.length === 0 || values['allow-errors']);
        if (commit) result = await call<Summary>('imports.commit', options);
        const data = {
          rows: result.rows,
          new: result.new,
          updated: result.updated,
          unchanged: result.unchanged,
          errors: result.errors.map((error) => ({ row: error.row, message: sayIn(languageOf(values), error) })),
          mapping: result.mapping,
          committed: result.committed,
          ...(result.warnings.length ? { warnings: result.warnings.map((w) => ({ row: w.row, message: sayIn(languageOf(values), w) })) } : {}),
          ...(values.movements ? { movements: result.movements } : {}),
        };
        const lines = [
          `${mapping ? 'Mapping from ' + String(values.mapping) : 'Mapping suggested from the headers'}: ${Object.entries(result.mapping).map(([h, f]) => `"${h}" → ${f}`).join(', ')}`,
          `${result.rows} rows: ${result.new} new, ${result.updated} to update, ${result.unchanged} unchanged, ${new Set(result.errors.map((e) => e.row)).size} with errors.`,
          ...data.errors.slice(0, 50).map((e) => `  row ${e.row}: ${e.message}`),
          ...(result.errors.length > 50 ? [`  ... and ${result.errors.length - 50} more`] : []),
          ...(data.warnings ?? []).slice(0, 50).map((w) => (w.row === null ? `Warning: ${w.message}` : `  row ${w.row} (warning): ${w.message}`)),
          ...(values.movements ? [`Movements: ${result.movements.new} new, ${result.movements.unchanged} already here.`] : []),
          result.committed ? 'Imported.' : values['dry-run'] ? 'Dry run: nothing was written.' : 'Nothing was written: fix the rows in error, or import the others with --allow-errors.',
        ];
        if (result.errors.length > 0 && !values['allow-errors']) {
          if (values.json) console.log(JSON.stringify(data));
          else console.log(lines.join('\n'));
          throw new CliError(`${new Set(result.errors.map((e) => e.row)).size} rows have errors.`, 1, { printed: true });
        }
        return { data, text: lines.join('\n'), raw: true };
      });
    },
  },
  sync: {
    usage:
      'storeroom sync copy DEST_DIR  |  storeroom sync bundle OUT.storeroom-sync [--for PEER_DIR | --since FILE]  |  storeroom sync apply FILE|COPY_DIR  |  storeroom sync inspect FILE|COPY_DIR  |  storeroom sync peer URL [--code CODE] [--fingerprint SHA256]   [--catalogue DIR] [--json]',
    summary: 'Field copies and sync bundles: take a copy to work on elsewhere, write what another copy lacks, apply what it sends, or sync both ways with another laptop\'s open workshop.',
    options: { ...catalogueOption, for: { type: 'string' }, since: { type: 'string' }, person: { type: 'string' }, code: { type: 'string' }, fingerprint: { type: 'string' } },
    async run(values, [action, target, ...rest]) {
      if (rest.length) throw new CliError(`Unexpected "${rest[0]}". Usage: ${commands.sync!.usage}`, 2);
      if (!action || !['copy', 'bundle', 'apply', 'inspect', 'peer'].includes(action)) throw new CliError('Say what to do: "storeroom sync copy", "bundle", "apply", "inspect" or "peer".', 2);
      if (!target) {
        throw new CliError(
          action === 'copy' ? 'Name the new folder for the field copy.' : action === 'bundle' ? 'Name the bundle file to write.' : action === 'peer' ? 'Give the other laptop\'s workshop address, or its link for a laptop.' : 'Name the bundle file.',
          2,
        );
      }
      if ((values.code || values.fingerprint) && action !== 'peer') throw new CliError('--code and --fingerprint are for "storeroom sync peer".', 2);
      if (values.for && values.since) throw new CliError('Use --for or --since, not both.', 2);
      return withCatalogue(values, async (call, onProgress) => {
        const jsonOutput = Boolean(values.json);
        const stop = onProgress((event) => {
          if (!jsonOutput && event.kind === 'progress' && !event.finished) process.stderr.write(`\r${event.done}/${event.total}`);
        });
        try {
          if (action === 'peer') {
            type Count = { applied: number; skipped: number; conflicts: number };
            const data = await call<{ url: string; catalogueName: string; pulled: Count; pushed: Count; warnings: string[] }>('sync.withPeer', {
              url: target,
              ...(values.code ? { code: String(values.code) } : {}),
              ...(values.fingerprint ? { fingerprint: String(values.fingerprint) } : {}),
            });
            for (const warning of data.warnings) {
              process.stderr.write(`storeroom: warning: the clock of device ${warning.split(':')[1]} runs ahead (its latest change is stamped ${warning.split(':').slice(2).join(':')}).\n`);
            }
            const line = (c: Count) => `${c.applied} operations (${c.skipped} there already); ${c.conflicts} new conflicts to settle`;
            return { data, raw: true, text: [`Synced with "${data.catalogueName}" at ${data.url}.`, `  In:  ${line(data.pulled)}.`, `  Out: ${line(data.pushed)}.`].join('\n') };
          }
          if (action === 'copy') {
            const data = await call<{ path: string; deviceCode: string }>('sync.copy', { path: resolve(target) });
            return { data, raw: true, text: `Field copy in ${data.path}: its new numbers carry the code ${data.deviceCode}.` };
          }
          if (action === 'bundle') {
            const data = await call<{ operations: number; photos: number; file: string }>('sync.bundle', {
              path: resolve(target),
              ...(values.for ? { forPeer: resolve(String(values.for)) } : {}),
              ...(values.since ? { since: resolve(String(values.since)) } : {}),
            });
            return { data: { file: data.file, operations: data.operations, photos: data.photos }, raw: true, text: `Wrote ${data.file}: ${data.operations} operations, ${data.photos} photos.` };
          }
          const source = { path: resolve(target), name: basename(target) };
          if (action === 'inspect') {
            type By = { personName: string | null; deviceId: string | null; operations: number; objects: number; moves: number; photos: number; conditions: number };
            const data = await call<{ catalogueName: string; fromDevice: string; operations: number; already: number; photos: number; by: By[]; warnings: string[] }>('sync.inspect', { source });
            const lines = [
              `From "${data.catalogueName}", device ${data.fromDevice}: ${data.operations} operations (${data.already} here already), ${data.photos} photos.`,
              ...data.by.map((b) => `  ${b.personName ?? 'no one named'}: ${b.operations} operations: ${b.objects} new objects, ${b.moves} moves, ${b.photos} photos, ${b.conditions} condition records`),
              ...data.warnings.map((w) => `  warning: the clock of device ${w.split(':')[1]} runs ahead (latest change stamped ${w.split(':').slice(2).join(':')})`),
            ];
            return { data, raw: true, text: lines.join('\n') };
          }
          const data = await call<{ applied: number; skipped: number; conflicts: number; warnings: string[] }>('sync.apply', { source });
          for (const warning of data.warnings) {
            process.stderr.write(`storeroom: warning: the clock of device ${warning.split(':')[1]} runs ahead (its latest change is stamped ${warning.split(':').slice(2).join(':')}).\n`);
          }
          return {
            data: { applied: data.applied, skipped: data.skipped, conflicts: data.conflicts },
            raw: true,
            text: `Applied ${data.applied} operations (${data.skipped} here already); ${data.conflicts} new conflicts to settle.`,
          };
        } finally {
          stop();
          if (!jsonOutput) process.stderr.write('\n');
        }
      });
    },
  },
  ops: {
    usage: 'storeroom ops replay --from SOURCE_DIR --catalogue NEW_DIR [--json]  |  storeroom ops verify DIR_A DIR_B [--json]',
    summary: 'The operation log: replay a catalogue\'s operations into a new folder, or verify that two catalogues are the same.',
    options: { ...catalogueOption, from: { type: 'string' } },
    async run(values, [action, ...rest]) {
      if (action === 'replay') {
        if (rest.length) throw new CliError(`Unexpected "${rest[0]}". Usage: storeroom ops replay --from SOURCE_DIR --catalogue NEW_DIR`, 2);
        if (!values.from || !values.catalogue) throw new CliError('Name the catalogue to replay (--from) and the new folder to build (--catalogue).', 2);
        const jsonOutput = Boolean(values.json);
        const result = asCliError(() =>
          replayCatalogue(String(values.from), String(values.catalogue), (done, total) => {
            if (!jsonOutput) process.stderr.write(`\r${done}/${total} operations`);
          }),
        );
        if (!jsonOutput) process.stderr.write('\n');
        const from = result.fromBaseline ? ', starting from its baseline (its history before operations)' : '';
        return { data: result, raw: true, text: `Replayed ${result.applied} operations and ${result.photos} photos into ${resolve(String(values.catalogue))}${from}.` };
      }
      if (action === 'verify') {
        if (rest.length !== 2) throw new CliError('Name the two catalogue folders to compare: storeroom ops verify DIR_A DIR_B', 2);
        const differences = asCliError(() => compareCatalogues(rest[0]!, rest[1]!));
        const data = { equal: differences.length === 0, differences };
        if (differences.length > 0) {
          const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v) : String(v));
          if (values.json) console.log(JSON.stringify(data));
          else {
            console.log(`The catalogues differ. First differences:`);
            for (const d of differences) console.log(`  ${d.table} ${d.key}${d.column ? ` ${d.column}` : ''}: ${show(d.a)} / ${show(d.b)}`);
          }
          throw new CliError(`The catalogues differ (${differences.length === 20 ? 'at least 20' : differences.length} differences).`, 1, { printed: true });
        }
        return { data, raw: true, text: 'The catalogues are the same.' };
      }
      throw new CliError('Say what to do with the operation log: "storeroom ops replay" or "storeroom ops verify".', 2);
    },
  },
  api: {
    usage: 'storeroom api [--json]',
    summary: 'Print the reference of every API procedure (Markdown, or JSON Schemas with --json).',
    options: {},
    async run() {
      return { data: apiSchemas(), text: apiReference().trimEnd() };
    },
  },
};

/**
 * storeroom serve --workshop: the catalogue opened to the devices of the local network. It prints the join link of
 * the moment ("Join: <url>", the one-time code in its fragment) and a new one each time a device has used it or it
 * has expired; the coordinator's own link (with the server's token) works from this computer only.
 */
async function serveWorkshop(
  catalogue: Catalogue,
  options: { rendererDir: string; token: string; port: number | undefined; host: string | undefined; insecureHttp: boolean; laptopCode?: boolean; json: boolean; language: string },
): Promise<{ keepRunning: true; data: unknown; text: string; raw: true }> {
  let printedCode: string | null = null;
  const joinLine = (status: WorkshopStatus) => `Join: ${status.addresses[0]!.joinUrl}   (code ${status.code!.value}: one device, ${JOIN_CODE_MINUTES} minutes)`;
  const workshop = createWorkshop({
    catalogue,
    dispatch: createDispatcher(catalogue),
    rendererDir: options.rendererDir,
    token: options.token,
    onStatus(status) {
      // Each new code, once the first lines are out: a device used the last one, or it expired.
      if (printedCode === null || !status.open || status.code === null || status.code.value === printedCode) return;
      printedCode = status.code.value;
      (options.json ? process.stderr : process.stdout).write(`${joinLine(status)}\n`);
    },
  });
  let status: WorkshopStatus;
  try {
    status = await workshop.open({ port: options.port, host: options.host, insecureHttp: options.insecureHttp });
  } catch (error) {
    await workshop.dispose();
    catalogue.close();
    // A port in use, no network, a certificate that could not be made: said in the language of --lang.
    throw new CliError(sayIn(options.language, error as { key?: string; message: string; params?: Record<string, string | number> }));
  }
  printedCode = status.code!.value;
  const stop = () => void workshop.dispose().then(() => (catalogue.close(), process.exit(0)));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const scheme = status.https ? 'https' : 'http';
  const coordinator = `${scheme}://127.0.0.1:${status.port}/?token=${encodeURIComponent(options.token)}`;
  const lines = [
    `Storeroom workshop: ${catalogue.dir}`,
    joinLine(status),
    ...status.addresses.slice(1).map((a) => `Also at: ${a.url} (${a.interface})`),
    status.https
      ? `Certificate SHA-256: ${status.fingerprint}`
      : 'Plain HTTP: phones cannot use their camera to scan labels, and the connection is not encrypted.',
    `Coordinator, on this computer only: ${coordinator}`,
  ];
  if (options.laptopCode) {
    // A code for another laptop with a copy of this catalogue, to sync with it directly (storeroom sync peer).
    const result = await workshop.dispatch('workshop.peerCode', {}, {});
    if (!result.ok) throw new CliError(sayIn(options.language, result.error));
    const laptop = result.data as { code: { value: string }; link: string };
    lines.push(`For a laptop: ${laptop.link}   (code ${laptop.code.value}: one laptop, ${JOIN_CODE_MINUTES} minutes; on it: storeroom sync peer '<this link>')`);
  }
  const data = { ok: true, url: status.addresses[0]!.joinUrl, join: status.addresses[0]!.joinUrl, code: status.code!.value, addresses: status.addresses.map((a) => a.url), https: status.https, fingerprint: status.fingerprint, coordinator };
  return { keepRunning: true, data, text: lines.join('\n'), raw: true };
}

type Call = <T>(procedure: string, input: unknown) => Promise<T>;
type OnProgress = (listener: (event: ServerEvent) => void) => () => void;

/** Opens the catalogue named by --catalogue (or the default), runs `work` with a caller, and closes it. */
async function withCatalogue<R>(values: Record<string, unknown>, work: (call: Call, onProgress: OnProgress) => Promise<R>): Promise<R> {
  const language = languageOf(values);
  const catalogue = openCatalogue((values.catalogue as string | undefined) ?? defaultCatalogueDir(), { app: 'storeroom CLI', language });
  const workshop = createWorkshop({ catalogue, dispatch: createDispatcher(catalogue), rendererDir: '' });
  const dispatch = workshop.dispatch;
  const opId = values['op-id'] as string | undefined;
  const meta = { personId: (values.person as string | undefined) ?? null, ...(opId !== undefined ? { opId } : {}) };
  const call: Call = async (procedure, input) => {
    const result = await dispatch(procedure, input, meta);
    if (!result.ok) throw new CliError(`${result.error.code}: ${sayIn(language, result.error)}`, 1, result.error);
    return result.data as never;
  };
  try {
    return await work(call, (listener) => catalogue.onChange(listener));
  } finally {
    await workshop.dispose();
    catalogue.close();
  }
}

/** Runs `work`, turning a catalogue that cannot be read or built into a one-line failure. */
function asCliError<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof CatalogueError) throw new CliError(error.message, 2);
    throw error;
  }
}

/** The message of a CATALOGUE_BUSY error, naming the process that holds the catalogue. */
const busyMessage = (holder: LockHolder, language: string) => messageIn(language, 'catalogue.busy', { app: holder.app, pid: holder.pid, host: holder.host });

async function locationByCode(call: Call, code: string): Promise<string> {
  const { locations } = await call<{ locations: { id: string; code: string }[] }>('locations.tree', {});
  const found = locations.find((l) => l.code.toLowerCase() === code.toLowerCase());
  if (!found) throw new CliError(`No location has the code ${code}.`);
  return found.id;
}

function help(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    `Storeroom ${APP_VERSION}: catalogue and photograph collection storage while it is reorganized.`,
    '',
    'Usage: storeroom COMMAND [options]',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help, and --json to print exactly one JSON result on stdout.',
    '--lang L (or LANG) chooses the language of messages, exported workbooks, import reports and a new catalogue’s default terms.',
    `Without --catalogue, commands use the default catalogue: ${defaultCatalogueDir()}`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(help());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    console.log(APP_VERSION);
    return 0;
  }
  const command = commands[name];
  const wantsJson = rest.includes('--json');
  try {
    if (!command) throw new CliError(`Unknown command "${name}". Run "storeroom --help" for the list.`, 2);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: { ...common, ...command.options }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new CliError(`${(error as Error).message.split('\n')[0]} Usage: ${command.usage}`, 2);
    }
    if (parsed.values.help) {
      console.log(`${command.summary}\n\nUsage: ${command.usage}`);
      return 0;
    }
    const result = (await command.run(parsed.values, parsed.positionals)) as { data?: unknown; text: string; keepRunning?: boolean; url?: string; raw?: boolean };
    if (wantsJson && result.raw) console.log(JSON.stringify(result.data));
    else if (wantsJson) console.log(JSON.stringify({ ok: true, ...(result.data !== undefined ? { data: result.data } : { url: result.url }) }));
    else console.log(result.text);
    return result.keepRunning ? -1 : 0;
  } catch (error) {
    const cliError =
      error instanceof CliError ? error : new CliError((error as Error).message ?? String(error), 1, { name: (error as Error).name });
    if (wantsJson && !(cliError.details as { printed?: boolean } | undefined)?.printed) {
      const code = cliError.exitCode === 2 ? 'VALIDATION' : 'INTERNAL';
      const body = (cliError.details as { code?: string } | undefined)?.code ? cliError.details : { code, message: cliError.message };
      console.log(JSON.stringify({ ok: false, error: body }));
    }
    console.error(`storeroom: ${cliError.message}`);
    return cliError.exitCode;
  }
}

void main(process.argv.slice(2)).then((code) => {
  if (code >= 0) process.exitCode = code;
});
