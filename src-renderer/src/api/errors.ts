import type { ErrorBody, ErrorCode, MessageParams } from '@contract';

/** Codes that can reach the UI: the contract's, plus failures that happen before the server answers. */
export type ClientErrorCode = ErrorCode | 'NETWORK';

/** A failed call: the server's `{ code, message, key, params, details }`, or a network failure. */
export class ApiError extends Error {
  readonly details?: unknown;
  /** The message's key and params in the catalogue of messages, to show it in the reader's language. */
  readonly key?: string;
  readonly params?: MessageParams;

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    { details, key, params }: Omit<Partial<ErrorBody>, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.details = details;
    this.key = key;
    this.params = params;
  }
}

export interface FieldIssue {
  field: string;
  message: string;
}

/** The field names a VALIDATION or CONFLICT error points at, so forms can show them inline. */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { issues?: { path?: unknown[]; message?: string }[]; code?: unknown } | undefined;
  if (error.code === 'VALIDATION' && Array.isArray(details?.issues)) {
    return details.issues
      .filter((issue) => Array.isArray(issue.path) && issue.path.length > 0)
      .map((issue) => ({ field: String(issue.path![0]), message: issue.message ?? '' }));
  }
  if (error.code === 'CONFLICT' && details && typeof details.code === 'string') {
    return [{ field: 'code', message: error.message }];
  }
  return [];
}
