/**
 * Typed storage errors. Callers (the tab, the review flow) branch on the class, and every message
 * says what failed, for which record and field, and what the person can do about it.
 */
import type { AccessLevel } from './index';

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

export type HttpLike = { status: number; message: string; response?: Response };

export function isHttpError(err: unknown): err is HttpLike {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

/** The HTTP status of a PnPjs HttpRequestError (or our own StorageError), if any. */
export function httpStatus(err: unknown): number | undefined {
  return isHttpError(err) ? err.status : undefined;
}
