/**
 * The tab's RegisterStore: reads go to SharePoint directly with the person's own token (as before);
 * every write goes to the review service's API with a token for that API, so the service applies
 * the register's rules and is the only writer. Errors come back as the same typed storage errors the
 * views already handle (ConflictError with the current record, PermissionDeniedError naming the rule).
 * Browser-safe: no Node imports.
 */
import {
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  StorageError,
  ThrottledError,
  ValidationError,
} from '../ports/errors';
import type { RegisterStore } from '../ports';
import { apiBasePath, type ApiErrorBody, type ChannelOperation, type Operation } from './wire';

export type WriteApiClientOptions = {
  /** The review service's origin (and path prefix, if any): `https://risk-review.contoso.gov.uk`. */
  baseUrl: string;
  /** An access token for the review service's API scope. */
  getToken: () => Promise<string>;
  fetch?: typeof fetch;
};

function toError(op: Operation | ChannelOperation, status: number, body: ApiErrorBody | undefined): Error {
  const e = body?.error;
  const message = e?.message ?? `The review service answered ${status} to ${op}.`;
  switch (status) {
    case 400:
    case 413:
      return new ValidationError(message, e?.field, e?.record);
    case 401:
      return new PermissionDeniedError(message, 401, 'none');
    case 403:
      return new PermissionDeniedError(message, 403, 'read');
    case 404:
      return new NotFoundError(message);
    case 412:
      return new ConflictError(message, e?.current);
    case 429:
    case 503:
      return new ThrottledError(message, status, e?.retryAfterSeconds);
    default:
      return new StorageError(message, status);
  }
}

/** Calls one write operation; resolves with its JSON result. */
export function createWriteApiCaller(options: WriteApiClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  return async <T>(op: Operation | ChannelOperation, args: Record<string, unknown>): Promise<T> => {
    const token = await options.getToken();
    let response: Response;
    try {
      response = await doFetch(`${base}${apiBasePath}/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(args),
      });
    } catch (err) {
      throw new StorageError(
        `Could not reach the review service at ${base} to save (${err instanceof Error ? err.message : String(err)}). ` +
          'Nothing was saved; check the connection and try again.',
      );
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) throw toError(op, response.status, json as ApiErrorBody | undefined);
    return json as T;
  };
}

/** `reads` for every read; the review service's API for every write. */
export function createServiceBackedStore(
  reads: RegisterStore,
  options: WriteApiClientOptions,
): RegisterStore {
  const call = createWriteApiCaller(options);
  return {
    currentUser: () => reads.currentUser(),
    listRegisters: () => reads.listRegisters(),
    getSettings: (register) => reads.getSettings(register),
    loadRegisterView: (query) => reads.loadRegisterView(query),
    ...(reads.openFirstScreen ? { openFirstScreen: reads.openFirstScreen.bind(reads) } : {}),
    ...(reads.loadRowsAfter ? { loadRowsAfter: reads.loadRowsAfter.bind(reads) } : {}),
    ...(reads.loadRowsById ? { loadRowsById: reads.loadRowsById.bind(reads) } : {}),
    ...(reads.loadRiskSummary ? { loadRiskSummary: reads.loadRiskSummary.bind(reads) } : {}),
    getRisk: (id) => reads.getRisk(id),
    findRiskByReference: (register, reference) => reads.findRiskByReference(register, reference),
    getHistory: (riskId) => reads.getHistory(riskId),
    getAudit: (riskId) => reads.getAudit(riskId),
    ...(reads.getReviewRequests ? { getReviewRequests: reads.getReviewRequests.bind(reads) } : {}),
    ...(reads.getPeriodRequests ? { getPeriodRequests: reads.getPeriodRequests.bind(reads) } : {}),
    listSiteUsers: () => reads.listSiteUsers(),
    // A directory search is a read under the person's own token (the people picker's own call), so
    // an import from the tab still finds owners who are not yet site users.
    ...(reads.searchDirectory ? { searchDirectory: reads.searchDirectory.bind(reads) } : {}),
    // The actor arguments are ignored on purpose: the service takes the actor from the token.
    saveSettings: (settings, etag) => call('saveSettings', { settings, etag: etag ?? null }),
    changeMatrix: (request) => call('changeMatrix', request),
    createRisk: (risk, _actor, source) => call('createRisk', { risk, source: source ?? 'tab' }),
    updateRisk: (id, patch, etag, _actor, source) =>
      call('updateRisk', { id, patch, etag, source: source ?? 'tab' }),
    closeRisk: (id, etag, _actor, reason) => call('closeRisk', { id, etag, reason }),
    mergeRisk: (id, into, etag) => call('mergeRisk', { id, into, etag }),
    addControl: (riskId, control, _actor, source) =>
      call('addControl', { riskId, control, source: source ?? 'tab' }),
    updateControl: (id, control, etag, _actor, source) =>
      call('updateControl', { id, control, etag, source: source ?? 'tab' }),
    deleteControl: async (id, etag, _actor, source) => {
      await call('deleteControl', { id, etag, source: source ?? 'tab' });
    },
    addAction: (riskId, action, _actor, source) =>
      call('addAction', { riskId, action, source: source ?? 'tab' }),
    updateAction: (id, action, etag, _actor, source) =>
      call('updateAction', { id, action, etag, source: source ?? 'tab' }),
    deleteAction: async (id, etag, _actor, source) => {
      await call('deleteAction', { id, etag, source: source ?? 'tab' });
    },
    recordReview: ({ riskId, riskEtag, snapshot, source }) =>
      call('recordReview', { riskId, riskEtag, snapshot, source }),
    ensureSiteUser: async (email) => (await call('ensureSiteUser', { email })) ?? undefined,
  };
}
