import { z } from 'zod';
import { formatMessage, type MessageKey, type MessageParams, type ParamsOf } from './messages';

/** Every failure crosses a transport as one of these codes, each with its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  /** Another process holds the catalogue for writing (the desktop app, a server): this one may only read it. */
  CATALOGUE_BUSY: 423,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  INTERNAL: 500,
  /** The disk is full: nothing was written, and nothing half-written was left. */
  DISK_FULL: 507,
  /** Another computer this one reaches out to (a laptop whose workshop it syncs with) cannot be reached, or is not one. */
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const errorCodes = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** A message as it travels: in English, with its key and params when it comes from the catalogue of messages. */
export const translatableFields = {
  message: z.string(),
  key: z.string().optional().describe('the message’s key in the catalogue of messages, for clients that translate it'),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe('the values of the message’s {{params}}'),
};
export type Translatable = z.infer<z.ZodObject<typeof translatableFields>>;

export const errorSchema = z.object({
  code: z.enum(errorCodes),
  ...translatableFields,
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** The params a message needs (none for a message without {{params}}). */
type ParamsArgument<K extends MessageKey> = [keyof ParamsOf<K>] extends [never] ? [params?: ParamsOf<K>] : [params: ParamsOf<K>];

/** The params a message needs, then the error's details. */
type ParamsThenDetails<K extends MessageKey> = [keyof ParamsOf<K>] extends [never]
  ? [params?: ParamsOf<K>, details?: unknown]
  : [params: ParamsOf<K>, details?: unknown];

const fromCatalogue = (key: MessageKey, params: MessageParams = {}) => ({ message: formatMessage(key, params), key, params });

/** A message from the catalogue as it travels, for a problem reported without throwing (one row or file of a batch). */
export function keyedMessage<K extends MessageKey>(key: K, ...[params]: ParamsArgument<K>): Translatable {
  return fromCatalogue(key, params);
}

/** Thrown by the core and by transports; turned into `{ ok: false, error }` at the edge. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** The message's key and params, when it comes from the catalogue of messages. */
    readonly keyed?: { key: MessageKey; params: MessageParams },
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** An error with a message from the catalogue: `AppError.of('CONFLICT', 'locations.codeTaken', { code, name }, details)`. */
  static of<K extends MessageKey>(code: ErrorCode, key: K, ...[params, details]: ParamsThenDetails<K>): AppError {
    const { message, ...keyed } = fromCatalogue(key, params);
    return new AppError(code, message, details, keyed);
  }

  translatable(): Translatable {
    return { message: this.message, ...this.keyed };
  }

  toBody(): ErrorBody {
    const body = { code: this.code, ...this.translatable() };
    return this.details === undefined ? body : { ...body, details: this.details };
  }
}
