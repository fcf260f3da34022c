/**
 * SharePoint-shaped errors. Every failure the service reports is an SpError, rendered as
 * `{"odata.error":{"code":"<hresult>, <exception type>","message":{"lang":"en-US","value":"..."}}}`
 * so clients (PnPjs's HttpRequestError, our repositories) see what SharePoint Online would send.
 */
import { randomUUID } from 'node:crypto';

/** Exception codes as SharePoint Online reports them (HRESULT, .NET type). */
export const SpCodes = {
  spException: '-2130575338, Microsoft.SharePoint.SPException',
  argument: '-1, System.ArgumentException',
  invalidQuery: '-1, Microsoft.SharePoint.Client.InvalidClientQueryException',
  etagMismatch: '-1, Microsoft.SharePoint.Client.ClientServiceException',
  columnMissing: '-2146232832, Microsoft.SharePoint.SPException',
  duplicateValues: '-2130575169, Microsoft.SharePoint.SPDuplicateValuesFoundException',
  throttled: '-2147024860, Microsoft.SharePoint.SPQueryThrottledException',
  requestLimit: '-2147024860, Microsoft.SharePoint.SPRequestLimitExceededException',
  accessDenied: '-2147024891, System.UnauthorizedAccessException',
  notFound: '-1, Microsoft.SharePoint.Client.ResourceNotFoundException',
  fieldValue: '-2130575155, Microsoft.SharePoint.SPFieldValidationException',
} as const;

/** A failure to report to the client with an HTTP status and SharePoint's error body. */
export class SpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SpError';
  }
}

/** 400: the request is malformed or a value is invalid. */
export function badRequest(message: string, code: string = SpCodes.argument): SpError {
  return new SpError(400, code, message);
}

/** 404: the addressed list, field, item, user or endpoint does not exist. */
export function notFound(message: string, code: string = SpCodes.spException): SpError {
  return new SpError(404, code, message);
}

/**
 * The JSON body SharePoint sends with an error: `odata.error` for JSON light clients, `error`
 * when the client asked for `odata=verbose`.
 */
export function errorBody(err: SpError, verbose = false): string {
  const error = { code: err.code, message: { lang: 'en-US', value: err.message } };
  return JSON.stringify(verbose ? { error } : { 'odata.error': error });
}

/** Turns anything thrown while handling a request into an SpError (unexpected faults become 500). */
export function toSpError(err: unknown): SpError {
  if (err instanceof SpError) return err;
  // The detail (stack, file paths, SQL) goes to the service's log under an id, never to the caller.
  const id = randomUUID();
  process.stderr.write(
    `list service error ${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  return new SpError(
    500,
    SpCodes.spException,
    `Unexpected failure in the local list service. Correlation id ${id}: the detail is in the service's log.`,
  );
}
