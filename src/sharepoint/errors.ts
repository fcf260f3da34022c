/**
 * SharePoint's errors as the storage ports' errors (src/ports/errors.ts): reading PnPjs's HTTP
 * errors and SharePoint's error bodies, and mapping them to the classes the rest of the app handles.
 */
import {
  NotFoundError,
  PermissionDeniedError,
  StorageError,
  ThrottledError,
  ValidationError,
  type ErrorContext,
  httpStatus,
  isHttpError,
} from '../ports/errors';

export * from '../ports/errors';

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
