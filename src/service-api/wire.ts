/**
 * The review service's write API on the wire: one `POST /api/register/<operation>` per RegisterStore
 * write, a JSON body of its arguments, and JSON errors. Shared by the service (http-handler.ts) and
 * the tab's client (client.ts), so both sides name the same operations and error codes.
 */
export const apiBasePath = '/api/register';

/** Every write the API accepts; the names are RegisterStore's methods. */
export const operations = [
  'createRisk',
  'updateRisk',
  'closeRisk',
  'mergeRisk',
  'addControl',
  'updateControl',
  'deleteControl',
  'addAction',
  'updateAction',
  'deleteAction',
  'saveSettings',
  'changeMatrix',
  'recordReview',
  'ensureSiteUser',
] as const;

export type Operation = (typeof operations)[number];

/**
 * The managers' channels the review service knows (src/review/channels.ts), beside the register
 * writes: the channel tab's configuration page records the channel it was added to
 * (`recordChannel`), and the settings view lists the channels a manager can choose (`listChannels`).
 * Managers only, like every settings change.
 */
export const channelOperations = ['recordChannel', 'listChannels'] as const;

export type ChannelOperation = (typeof channelOperations)[number];

/** What the service answers to `listChannels`, and `recordChannel`'s `channel`. */
export type ChannelOnWire = {
  channelId: string;
  teamId: string;
  teamName?: string;
  channelName?: string;
  aadGroupId?: string;
  serviceUrl?: string;
  tenantId?: string;
  source: 'install' | 'tab';
  updatedAt: string;
};

export type ApiErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'conflict'
  | 'not-found'
  | 'invalid'
  | 'too-large'
  | 'throttled'
  | 'unavailable'
  | 'failed';

/** The body of every non-2xx answer. */
export type ApiErrorBody = {
  error: {
    code: ApiErrorCode;
    message: string;
    /** 401: what was wrong with the token (`missing`, `expired`, `wrong-audience`, …). */
    reason?: string;
    /** 403: the rule that refused the write (`managers-only`, `own-risk-review`, …). */
    rule?: string;
    /** 400: the field that was refused, when known. */
    field?: string;
    record?: string;
    /** 412: the server's current version of the record. */
    current?: unknown;
    retryAfterSeconds?: number;
  };
};

/** Bodies above this are refused before they are read (a register's largest write is settings JSON). */
export const maxBodyBytes = 256 * 1024;
