import english from '../../resources/locales/en/server.json';
import type { MessageParamNames } from './message-params';

/**
 * Every message the core and its transports send, by key (`group.name`), with i18next-style `{{param}}` values.
 * Their English, the source, is `resources/locales/en/server.json`; each language has its own `server.json` beside it.
 * The HTTP API and the logs say a message in English; a client that knows the key says it in its reader's language
 * (the renderer as `serverErrors.<key>`), and the CLI in the language it is given. Params are never named after
 * i18next's options (`count`, `context`, ...), which would change how a message is looked up.
 *
 * After adding or changing a message's params, run `npm run i18n:types` (a test says when it is due).
 */
type Messages = (typeof english)['serverErrors'];

/**
 * Every message in English, by group. A function, not a constant, so that a bundle that never says a message in
 * English (the renderer, which says them by key in its reader's language) leaves the English file out.
 */
export const englishMessages = (): Messages => english.serverErrors;

/** A message's key: its group and its name, such as `locations.codeTaken`. */
export type MessageKey = { [G in keyof Messages]: `${G}.${keyof Messages[G] & string}` }[keyof Messages];

/** The values of a message's {{params}}, by name. */
export type MessageParams = Record<string, string | number>;

/** Exactly the values one message needs (its params are listed in message-params.ts, made from the English). */
export type ParamsOf<K extends MessageKey> = Record<K extends keyof MessageParamNames ? MessageParamNames[K] : never, string | number>;

/** The English template of a message. */
export function messageTemplate(key: MessageKey): string {
  const [group, name] = key.split('.') as [keyof Messages, string];
  return (english.serverErrors[group] as Record<string, string>)[name]!;
}

/** The message in English, its {{params}} filled in. */
export function formatMessage(key: MessageKey, params: MessageParams): string {
  return messageTemplate(key).replace(/{{(\w+)}}/g, (_, param: string) => String(params[param]));
}
