import { generatedNote, LOCATION_ROLES, LOCATION_TYPES, type ExportSheet, type Milestone } from '../../contract';
import { hasSpectrumNames, hasText, supportedLanguage, text } from '../i18n/locales';

/**
 * The words of a workbook Storeroom writes, in the reader's language (export.json, vocabulary.json): sheet names,
 * column help, yes and no, reasons, roles and types, the About sheet. Column headers are Spectrum's names: in the
 * language where a published Spectrum translation exists (spectrum.json: French, Dutch, German), otherwise, and
 * whenever asked, Spectrum's English names. Data (names, codes, terms the catalogue chose) is written as it is.
 */
export interface WorkbookWords {
  language: string;
  /** Whether the headers are Spectrum's names in `language` rather than its English ones. */
  ownHeaders: boolean;
  header(column: string): string;
  help(column: string, params?: Record<string, string>): string;
  sheet(name: ExportSheet): string;
  yes: string;
  no: string;
  reason(reason: string | null): string | null;
  role(role: string): string;
  type(type: string): string;
  milestone(m: Pick<Milestone, 'name' | 'kind'>): string;
  note(note: string | null): string | null;
  /** Any other text of export.json, by its key under `export.`. */
  say(key: string, params?: Record<string, string | number>): string;
}

/** A word looked up once per workbook: a sheet of 100,000 movements asks for the same few reasons over and over. */
export function once<T extends string | null>(lookup: (value: T) => T): (value: T) => T {
  const known = new Map<T, T>();
  return (value) => {
    if (!known.has(value)) known.set(value, lookup(value));
    return known.get(value)!;
  };
}

const DEFAULT_MILESTONE_NAMES: Record<string, string> = { before: 'Before', after: 'After' };

export function workbookWords(requested: string | undefined, englishHeaders = false): WorkbookWords {
  const language = supportedLanguage(requested);
  const ownHeaders = !englishHeaders && language !== 'en' && hasSpectrumNames(language);
  const say = (key: string, params?: Record<string, string | number>) => text(language, `export.${key}`, params);
  return {
    language,
    ownHeaders,
    header: (column) => text(ownHeaders ? language : 'en', `spectrum.${column}`),
    help: (column, params) => say(`help.${column}`, params),
    sheet: (name) => say(`sheets.${name}`),
    yes: say('values.yes'),
    no: say('values.no'),
    reason: once((reason) => (reason === null ? null : hasText('en', `reasons.${reason}`) ? text(language, `reasons.${reason}`) : reason)),
    role: once((role) => ((LOCATION_ROLES as readonly string[]).includes(role) ? text(language, role === 'permanent' ? 'roles.permanent' : `roles.${role}`) : role)),
    type: once((type) => ((LOCATION_TYPES as readonly string[]).includes(type) ? text(language, `locationTypes.${type}`) : type)),
    milestone: (m) => (DEFAULT_MILESTONE_NAMES[m.kind] === m.name ? say(`milestones.${m.kind}`) : m.name),
    note(note) {
      const generated = note === null ? null : generatedNote(note);
      if (!generated) return note;
      return generated.kind === 'undo' ? say('notes.undo', { reference: generated.reference }) : say(`notes.${generated.kind}`, { file: generated.fileName });
    },
    say,
  };
}
