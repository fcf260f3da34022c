/**
 * The review service's write API: the register's only writer. Each request is authenticated from the
 * caller's Entra token (token.ts), resolved to a site user and role with the service's own identity,
 * authorised by the register's rules (rules.ts), and then written through the service's RegisterStore
 * with the ETag the caller sent; the store writes the audit entries from the diff it actually applied,
 * with the actor from the token. Refusals answer 401/403 with the reason or rule, and write nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, periodById, todayInLondon } from '../domain';
import type { Control, PeriodSnapshot, RegisterSettings, Risk, RiskAction } from '../domain/types';
import type { RatingMapping } from '../domain/matrix-change';
import {
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  StorageError,
  ThrottledError,
  ValidationError,
} from '../ports/errors';
import type { Actor, AuditSource, RegisterStore, RiskPatch, Stored } from '../ports';
import {
  canRecordReview,
  canUpdateAction,
  checkPeriodOpen,
  checkSource,
  managersOnly,
  type ApiCaller,
  type Decision,
} from './rules';
import { TokenError, type CallerIdentity, type TokenVerifier } from './token';
import { channelFromTab } from './channels';
import {
  apiBasePath,
  channelOperations,
  maxBodyBytes as defaultMaxBody,
  operations,
  type ApiErrorBody,
  type ChannelOnWire,
  type ChannelOperation,
  type Operation,
} from './wire';

/** Where the service keeps the managers' channels (its state file; src/review/channels.ts). */
export type ChannelDirectory = {
  upsert(record: ChannelOnWire): Promise<void>;
  list(): Promise<ChannelOnWire[]>;
  byChannelId(channelId: string): Promise<ChannelOnWire | undefined>;
};

type Log = { warn(message: string, fields?: Record<string, unknown>): void };

/** A stored control or action with the risk it belongs to, read with the service's identity. */
export type ChildReader = (
  kind: 'control' | 'action',
  id: number,
) => Promise<{ value: Stored<Control | RiskAction>; riskId: number }>;

export type WriteApiOptions = {
  /** The register as the service's app identity writes it. */
  store: RegisterStore;
  readChild: ChildReader;
  verify: TokenVerifier;
  /** Token identity -> site user and role (403 `site-user-required` when not a site user). */
  resolveCaller: (identity: CallerIdentity) => Promise<ApiCaller>;
  /** The SharePoint group whose members are register managers, named in refusals. */
  managerGroup: string;
  /** Origins allowed to call from a browser (the tab's, the SharePoint site's). */
  allowedOrigins: string[];
  now?: () => Date;
  log?: Log;
  maxBodyBytes?: number;
  /** The managers' channels (the review service's state); without it the channel operations answer 503. */
  channels?: ChannelDirectory;
};

class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody['error'],
  ) {
    super(body.message);
  }
}

function forbid(decision: Decision): void {
  if (!decision.allowed)
    throw new ApiRefusal(403, { code: 'forbidden', rule: decision.rule, message: decision.message });
}

function invalid(message: string, field?: string): ApiRefusal {
  return new ApiRefusal(400, { code: 'invalid', message, ...(field ? { field } : {}) });
}

type Body = Record<string, unknown>;

function num(body: Body, key: string): number {
  const v = body[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw invalid(`"${key}" must be a positive whole number (a list item id).`, key);
  return v;
}

function str(body: Body, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || !v) throw invalid(`"${key}" must be a non-empty string.`, key);
  return v;
}

function obj<T>(body: Body, key: string): T {
  const v = body[key];
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw invalid(`"${key}" must be a JSON object.`, key);
  return v as T;
}

function people(value: Body, key: string): void {
  if (!Array.isArray(value[key])) throw invalid(`"${key}" must be a list of people.`, key);
}

function source(body: Body, fallback: AuditSource = 'tab'): AuditSource {
  const v = body.source ?? fallback;
  if (typeof v !== 'string') throw invalid('"source" must be "tab" or "import".', 'source');
  return v as AuditSource;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit)
    throw new ApiRefusal(413, {
      code: 'too-large',
      message: `The request body is ${declared} bytes; the limit is ${limit}.`,
    });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new ApiRefusal(413, {
        code: 'too-large',
        message: `The request body is over the limit of ${limit} bytes.`,
      });
    chunks.push(chunk as Buffer);
  }
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type))
    throw invalid(`Send the body as JSON (Content-Type: application/json), not "${type || 'nothing'}".`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    throw invalid(`The body is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalid('The body must be a JSON object of the operation’s arguments.');
  return parsed as Body;
}

/** Maps what the store threw to a status and a JSON error, never a stack trace. */
function errorResponse(err: unknown): { status: number; body: ApiErrorBody['error'] } {
  if (err instanceof ApiRefusal) return { status: err.status, body: err.body };
  if (err instanceof TokenError)
    return { status: 401, body: { code: 'unauthorized', reason: err.reason, message: err.message } };
  if (err instanceof ConflictError)
    return { status: 412, body: { code: 'conflict', message: err.message, current: err.current } };
  if (err instanceof NotFoundError) return { status: 404, body: { code: 'not-found', message: err.message } };
  if (err instanceof ValidationError)
    return {
      status: 400,
      body: {
        code: 'invalid',
        message: err.message,
        ...(err.field ? { field: err.field } : {}),
        ...(err.record ? { record: err.record } : {}),
      },
    };
  if (err instanceof DomainError) {
    const first = err.errors[0];
    return {
      status: 400,
      body: {
        code: 'invalid',
        message: err.message,
        ...(first?.field ? { field: first.field } : {}),
        ...(first?.record ? { record: first.record } : {}),
      },
    };
  }
  if (err instanceof ThrottledError)
    return {
      status: 503,
      body: {
        code: 'throttled',
        message: err.message,
        ...(err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {}),
      },
    };
  if (err instanceof PermissionDeniedError)
    // The service's own identity was refused: a deployment problem, not the caller's.
    return {
      status: 502,
      body: {
        code: 'unavailable',
        message: `The review service's SharePoint access was refused: ${err.message} Ask the administrator to check the service's Sites.Selected grant.`,
      },
    };
  if (err instanceof StorageError)
    return { status: 502, body: { code: 'unavailable', message: err.message } };
  return {
    status: 500,
    body: {
      code: 'failed',
      message: 'The review service failed to make this change; nothing more is known.',
    },
  };
}

/** The write API as a Node request handler for `POST /api/register/<operation>` (and CORS preflight). */
export function createWriteApiHandler(options: WriteApiOptions) {
  const { store, managerGroup } = options;
  const now = options.now ?? (() => new Date());
  const limit = options.maxBodyBytes ?? defaultMaxBody;
  const origins = new Set(options.allowedOrigins.map((o) => o.replace(/\/+$/, '').toLowerCase()));
  const today = () => todayInLondon(now());

  const managers = (caller: ApiCaller, what: string) => forbid(managersOnly(caller, what, managerGroup));
  const sourceOk = (caller: ApiCaller, s: AuditSource) => forbid(checkSource(caller, s, managerGroup));

  async function recordReview(caller: ApiCaller, body: Body) {
    const riskId = num(body, 'riskId');
    const riskEtag = str(body, 'riskEtag');
    const s = source(body);
    sourceOk(caller, s);
    const input = obj<PeriodSnapshot>(body, 'snapshot');
    if (typeof input.periodId !== 'string') throw invalid('"snapshot.periodId" is required.', 'periodId');
    const risk = await store.getRisk(riskId);
    forbid(canRecordReview(caller, risk));
    const settings = await store.getSettings(risk.register);
    const period = periodById(input.periodId, settings.financialYearStartMonth);
    if (!period.ok) throw new DomainError(period.errors);
    const existing = (await store.getHistory(riskId)).some((h) => h.periodId === input.periodId);
    forbid(checkPeriodOpen(period.value, today(), existing, s, risk.reference));
    // Who recorded it and when come from the validated caller and the service's clock, except that an
    // import keeps the dates and names of the paper it reproduces.
    const { recordedBy: claimedBy, recordedAt: claimedAt, ...rest } = input;
    const snapshot: PeriodSnapshot = {
      ...rest,
      source: s === 'import' ? 'import' : 'tab',
      recordedAt: s === 'import' && claimedAt ? claimedAt : now().toISOString(),
      ...(s === 'import' && claimedBy ? { recordedBy: claimedBy } : {}),
    };
    return store.recordReview({ riskId, riskEtag, snapshot, actor: caller.actor, source: s });
  }

  function channelStore(): ChannelDirectory {
    if (!options.channels)
      throw new ApiRefusal(503, {
        code: 'unavailable',
        message: 'This review service keeps no channel list (it runs without a state file).',
      });
    return options.channels;
  }

  /**
   * The channel tab's configuration page records the channel it was added to (from the TeamsJS
   * context), and may make it a register's managers' channel at once (`register`).
   */
  async function recordChannel(caller: ApiCaller, body: Body) {
    const parsed = channelFromTab(body, now().toISOString());
    if (!parsed.ok) throw invalid(parsed.message, parsed.field);
    const register = body.register;
    if (register !== undefined && (typeof register !== 'string' || !register))
      throw invalid('"register" must be the name of a register, or left out.', 'register');
    // Read the register first, so an unknown register writes nothing at all.
    const settings = register ? await store.getSettings(register) : undefined;
    const channels = channelStore();
    await channels.upsert(parsed.value);
    const channel = await channels.byChannelId(parsed.value.channelId);
    if (!settings) return { channel };
    const saved =
      settings.managersChannelId === parsed.value.channelId
        ? settings
        : await store.saveSettings(
            { ...settings, managersChannelId: parsed.value.channelId },
            settings.etag,
            caller.actor,
          );
    return { channel, settings: saved };
  }

  async function run(op: Operation | ChannelOperation, caller: ApiCaller, body: Body): Promise<unknown> {
    const actor: Actor = caller.actor;
    /** A manager's write from the tab or an import: the source must be the caller's, the caller a manager. */
    const managerWrite = (what: string): AuditSource => {
      const s = source(body);
      sourceOk(caller, s);
      managers(caller, what);
      return s;
    };
    /** A record with owners from the body: its owners must be people. */
    const withOwners = <T>(key: string): T => {
      const value = obj<T>(body, key);
      people(value as unknown as Body, 'owners');
      return value;
    };
    switch (op) {
      case 'createRisk': {
        const s = managerWrite('add risks');
        const risk = withOwners<Risk>('risk');
        return store.createRisk(risk, actor, s);
      }
      case 'updateRisk': {
        const s = managerWrite('change a risk’s details');
        return store.updateRisk(num(body, 'id'), obj<RiskPatch>(body, 'patch'), str(body, 'etag'), actor, s);
      }
      case 'closeRisk':
        managers(caller, 'close risks');
        // An empty or missing reason is refused by the store, in words (nothing is written).
        return store.closeRisk(
          num(body, 'id'),
          str(body, 'etag'),
          actor,
          typeof body.reason === 'string' ? body.reason : '',
        );
      case 'mergeRisk':
        managers(caller, 'merge risks');
        return store.mergeRisk(num(body, 'id'), str(body, 'into'), str(body, 'etag'), actor);
      case 'addControl': {
        const s = managerWrite('add controls');
        const control = withOwners<Control>('control');
        return store.addControl(num(body, 'riskId'), control, actor, s);
      }
      case 'updateControl': {
        const s = managerWrite('change controls');
        const control = withOwners<Control>('control');
        return store.updateControl(num(body, 'id'), control, str(body, 'etag'), actor, s);
      }
      case 'deleteControl': {
        const s = managerWrite('delete controls');
        await store.deleteControl(num(body, 'id'), str(body, 'etag'), actor, s);
        return { deleted: true };
      }
      case 'addAction': {
        const s = managerWrite('add actions');
        const action = withOwners<RiskAction>('action');
        return store.addAction(num(body, 'riskId'), action, actor, s);
      }
      case 'updateAction': {
        const s = source(body);
        sourceOk(caller, s);
        const id = num(body, 'id');
        const action = withOwners<RiskAction>('action');
        if (!caller.manager) {
          const stored = await options.readChild('action', id);
          const risk = await store.getRisk(stored.riskId);
          forbid(
            canUpdateAction(caller, stored.value as RiskAction, action, risk.reference, managerGroup, [
              ...risk.owners,
              ...risk.delegates,
            ]),
          );
        }
        return store.updateAction(id, action, str(body, 'etag'), actor, s);
      }
      case 'deleteAction': {
        const s = managerWrite('delete actions');
        await store.deleteAction(num(body, 'id'), str(body, 'etag'), actor, s);
        return { deleted: true };
      }
      case 'saveSettings': {
        managers(caller, 'change register settings');
        const etag = body.etag;
        if (etag !== undefined && etag !== null && typeof etag !== 'string')
          throw invalid('"etag" must be the ETag the settings were read with.', 'etag');
        return store.saveSettings(obj<RegisterSettings>(body, 'settings'), etag ?? undefined, actor);
      }
      case 'changeMatrix': {
        managers(caller, 'change the risk matrix');
        return store.changeMatrix(
          {
            settings: obj<RegisterSettings>(body, 'settings'),
            etag: str(body, 'etag'),
            mapping: obj<RatingMapping>(body, 'mapping'),
          },
          actor,
        );
      }
      case 'recordReview':
        return recordReview(caller, body);
      case 'ensureSiteUser':
        managers(caller, 'add people to the register site');
        return (await store.ensureSiteUser(str(body, 'email'))) ?? null;
      case 'recordChannel':
        managers(caller, "record the managers' channel");
        return recordChannel(caller, body);
      case 'listChannels':
        managers(caller, "list the managers' channels");
        return { channels: await channelStore().list() };
    }
  }

  function send(res: ServerResponse, status: number, body: unknown, cors: Record<string, string>) {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...cors,
    });
    res.end(body === undefined ? '' : JSON.stringify(body));
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    const cors: Record<string, string> =
      origin && origins.has(origin.toLowerCase())
        ? {
            'access-control-allow-origin': origin,
            'access-control-allow-headers': 'authorization, content-type',
            'access-control-allow-methods': 'POST, OPTIONS',
            'access-control-max-age': '600',
            vary: 'Origin',
          }
        : {};
    const url = new URL(req.url ?? '/', 'http://service');
    const op = url.pathname.slice(apiBasePath.length + 1) as Operation | ChannelOperation;
    let caller: ApiCaller | undefined;
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(origin && !cors['access-control-allow-origin'] ? 403 : 204, cors);
        res.end();
        return;
      }
      const known: readonly string[] = [...operations, ...channelOperations];
      if (!known.includes(op))
        throw new ApiRefusal(404, {
          code: 'not-found',
          message: `No write operation "${op}"; the API offers ${known.join(', ')}.`,
        });
      if (req.method !== 'POST')
        throw new ApiRefusal(405, { code: 'invalid', message: `Use POST for ${apiBasePath}/${op}.` });
      // Authenticate before reading the body: an anonymous caller cannot make the service parse anything.
      const identity = await options.verify(
        typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined,
      );
      const body = await readBody(req, limit);
      caller = await options.resolveCaller(identity);
      const result = await run(op, caller, body);
      send(res, op.startsWith('create') || op.startsWith('add') ? 201 : 200, result ?? null, cors);
    } catch (err) {
      const { status, body } = errorResponse(err);
      if (status >= 500)
        options.log?.warn(`Write API ${op} failed`, {
          status,
          by: caller?.actor.email ?? caller?.actor.name,
          error: err instanceof Error ? err.message : String(err),
        });
      // Drain what the caller is still sending so the connection can answer cleanly.
      req.resume();
      send(res, status, { error: body } satisfies ApiErrorBody, cors);
    }
  };
}

export { ApiRefusal };
