/**
 * Typed storage errors. Callers (the tab, the review flow) branch on the class, and every message
 * says what failed, for which record and field, and what the person can do about it.
 */
import type { AccessLevel } from './ports';

/** What a failed call was doing, so the message can name the record. */
export type ErrorContext = {
  /** e.g. "update risk 42 (CRR0001)". */
  operation: string;
  list?: string;
  itemId?: number;
};

export class StorageError extends Error {
  readonly status: number | undefined;
  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
    this.status = status;
  }
}

/** 412: someone else saved the item after it was read. `current` is the server's item, re-read. */
export class ConflictError<T = unknown> extends StorageError {
  readonly current: T | undefined;
  constructor(message: string, current: T | undefined, options?: { cause?: unknown }) {
    super(message, 412, options);
    this.name = 'ConflictError';
    this.current = current;
  }
}

/**
 * The period already has an answer other than the one this write expected to replace (the snapshot's
 * unique key or ETag refused it): exactly one concurrent answer wins, and this one was not written.
 * `current` is the answer that was recorded, re-read, when it could be read.
 */
export class AnswerSupersededError<T = unknown> extends ConflictError<T> {
  constructor(message: string, current: T | undefined, options?: { cause?: unknown }) {
    super(message, current, options);
    this.name = 'AnswerSupersededError';
  }
}

export class NotFoundError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 404, options);
    this.name = 'NotFoundError';
  }
}

/** 401/403: the caller is not signed in, or lacks the SharePoint permission for this write. */
export class PermissionDeniedError extends StorageError {
  /** What the person may do on the site, as far as it is known (`read` after a refused write). */
  readonly access: AccessLevel | 'none';
  constructor(message: string, status: number, access: AccessLevel | 'none', options?: { cause?: unknown }) {
    super(message, status, options);
    this.name = 'PermissionDeniedError';
    this.access = access;
  }
}

/** 429/503/504 still failing after the client's retries. */
export class ThrottledError extends StorageError {
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, status: number, retryAfterSeconds?: number, options?: { cause?: unknown }) {
    super(message, status, options);
    this.name = 'ThrottledError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** 400 or a duplicate key: a value was refused. `field` names the column when it is known. */
export class ValidationError extends StorageError {
  readonly field: string | undefined;
  readonly record: string | undefined;
  constructor(message: string, field?: string, record?: string, options?: { cause?: unknown }) {
    super(message, 400, options);
    this.name = 'ValidationError';
    this.field = field;
    this.record = record;
  }
}

/** Stored data that cannot be turned into a domain object without losing what the council wrote. */
export class StoredDataError extends StorageError {
  readonly problems: string[];
  constructor(message: string, problems: string[]) {
    super(message);
    this.name = 'StoredDataError';
    this.problems = problems;
  }
}

type HttpLike = { status: number; message: string; response?: Response };

function isHttpError(err: unknown): err is HttpLike {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

/** The HTTP status of a PnPjs HttpRequestError (or our own StorageError), if any. */
export function httpStatus(err: unknown): number | undefined {
  return isHttpError(err) ? err.status : undefined;
}

/** SharePoint's own error text, pulled out of PnPjs's "... ::> {odata.error...}" message. */
export function serverMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  const body = raw.includes('::>') ? raw.slice(raw.indexOf('::>') + 3).trim() : raw;
  try {
    const parsed = JSON.parse(body) as {
      'odata.error'?: { code?: string; message?: { value?: string } };
      error?: { code?: string; message?: { value?: string } };
    };
    const e = parsed['odata.error'] ?? parsed.error;
    if (e?.message?.value) return e.code ? `${e.message.value} [${e.code}]` : e.message.value;
  } catch {
    // Not JSON (e.g. "Server busy"): the raw text is the best we have.
  }
  return body;
}

/** True when SharePoint refused an add/update because an enforce-unique column already has the value. */
export function isDuplicateError(err: unknown): boolean {
  const status = httpStatus(err);
  return (
    (status === 409 || status === 400 || status === 500) &&
    /DuplicateValues|duplicate values/i.test(err instanceof Error ? err.message : String(err))
  );
}

function retryAfterOf(err: unknown): number | undefined {
  const header = isHttpError(err) ? err.response?.headers?.get('Retry-After') : undefined;
  const n = header ? Number(header) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The column named in a SharePoint 400 message, e.g. "Column 'Appetite' ...", if any. */
function fieldFromMessage(msg: string): string | undefined {
  const m = /(?:column|field)\s+'([^']+)'/i.exec(msg) ?? /'([A-Za-z_][A-Za-z0-9_]*)'/.exec(msg);
  return m?.[1];
}

/**
 * Turns a failed PnPjs call into a typed error whose message says what to do. 412 is NOT mapped
 * here: the caller re-reads the item and throws ConflictError with the current values.
 */
export function toStorageError(err: unknown, ctx: ErrorContext): Error {
  if (err instanceof StorageError) return err;
  const status = httpStatus(err);
  const detail = serverMessage(err);
  const what = ctx.operation;
  switch (status) {
    case undefined:
      return new StorageError(
        `Could not ${what}: the SharePoint site did not answer (${detail}). Check the network and the site URL, then try again.`,
        undefined,
        { cause: err },
      );
    case 401:
      return new PermissionDeniedError(
        `Could not ${what}: you are not signed in to the register site (401). Sign in again and retry.`,
        401,
        'none',
        { cause: err },
      );
    case 403:
      return new PermissionDeniedError(
        `Could not ${what}: your SharePoint permission on the register site is read-only (403). ` +
          'Ask the register site owner for Contribute (Edit) access.',
        403,
        'read',
        { cause: err },
      );
    case 404:
      return new NotFoundError(
        `Could not ${what}: it was not found on the register site (${detail}). ` +
          'It may have been deleted, or the lists are not provisioned: run `npm run provision -- --site <url>`.',
        { cause: err },
      );
    case 429:
    case 503:
    case 504: {
      const after = retryAfterOf(err);
      return new ThrottledError(
        `Could not ${what}: SharePoint is throttling requests (${status}) and retries ran out. ` +
          `Wait ${after ?? 'a minute'}${after === undefined ? '' : ' seconds'} and try again.`,
        status,
        after,
        { cause: err },
      );
    }
    default:
      if (isDuplicateError(err)) {
        return new ValidationError(
          `Could not ${what}: a record with the same key already exists (${detail}). Use a different reference.`,
          fieldFromMessage(detail),
          undefined,
          { cause: err },
        );
      }
      if (status === 400) {
        const field = fieldFromMessage(detail);
        return new ValidationError(
          `Could not ${what}: SharePoint refused a value${field ? ` in '${field}'` : ''}: ${detail}. Correct it and save again.`,
          field,
          undefined,
          { cause: err },
        );
      }
      return new StorageError(`Could not ${what}: SharePoint answered ${status}: ${detail}.`, status, {
        cause: err,
      });
  }
}
