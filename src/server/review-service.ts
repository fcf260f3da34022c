/**
 * The review service's composition root: the register stores over one spfi, the review flow, the
 * Teams SDK app on /api/messages, the in-process schedule and the outbox drain. The local stack and
 * the CLI start it with `startReviewService`; tests start it on free ports.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  createRegisterStore,
  createReviewRequestStore,
  createStoreContext,
  getChild,
  managerGroupName,
  siteUserGroups,
} from '../sharepoint';
import { createCallerResolver } from '../service-api/caller';
import { createWriteApiHandler } from '../service-api/http-handler';
import { createTokenVerifier, type TokenVerifierOptions } from '../service-api/token';
import { apiBasePath } from '../service-api/wire';
import { createSpClient } from '../sharepoint/sp-client';
import { drainOutbox, type DrainReport } from '../review/answer-writer';
import { createCardSigner } from '../review/card-signing';
import { systemClock, type Clock } from '../review/clock';
import type { Links, Logger, ReviewDeps } from '../review/context';
import { createDispatcher, type Dispatcher } from '../review/dispatcher';
import { cachedDirectory } from '../review/identity';
import { replayInvoke } from '../review/invoke-handler';
import {
  periodStatus,
  resendOwedIn,
  runPeriod,
  startSchedule,
  walk,
  type RunOptions,
  type RunReport,
  type StatusReport,
  type WalkReport,
} from '../review/scheduler';
import { cardActivity, type TeamsClient } from '../review/teams-client';
import { createGraphDeliveryCheck, type GraphDeliveryCheckOptions } from './review-graph-delivery';
import type { GraphOptions } from './graph-http';
import { createGraphInstaller, type GraphInstallerOptions } from './review-graph-install';
import { createIdentityLookup } from './review-identity';
import { openReviewState, openReviewStateStore, type ReviewStateStore } from './review-state';
import { defaultAnswerDeadlineMs } from './config';
import { tabPage } from './config-fields';
import { createSdkTeamsClient, createTeamsApp, routeTeamsApp, startTeamsApp } from './review-teams';

export type ReviewServiceOptions = {
  /** The register site (the local list service's site locally). */
  siteUrl: string;
  /** Bearer token for the site: app-only in production, the demo service token locally. */
  tokenProvider: () => Promise<string>;
  /** Port of /api/messages; 0 = any free port. */
  port: number;
  /** Address to listen on; local mode defaults to 127.0.0.1, production to every interface. */
  host?: string;
  /** Bot Connector base URL: the Playground's `http://localhost:<port>/_connector` locally. */
  serviceUrl: string;
  /** Local mode switches off Bot Framework token validation. Only for the Playground on this machine. */
  local: boolean;
  /** HMAC secret for card data, at least 32 characters. */
  cardSecret: string;
  /** Bot (Entra app) id; any GUID locally. */
  botId?: string;
  botPassword?: string;
  /** The bot signs in as this managed identity ("system" or a client id) instead of with a secret. */
  botManagedIdentityClientId?: string;
  tenantId?: string;
  /** SQLite file for the outbox and conversations; `:memory:` for tests. Default `.data/review-state.db`. */
  statePath?: string;
  /** Another state store (Azure Table Storage, review-state.ts); when set, `statePath` is not used. */
  stateStore?: ReviewStateStore;
  /** Base URL of the register tab, for links in cards. */
  tabUrl?: string;
  /** Start the in-process cron schedule (default true). */
  schedule?: boolean;
  /** Overrides the cron expression of the register settings (REVIEW_SCHEDULE). */
  cron?: string;
  /** How often queued answers are retried (default 30 s). */
  drainIntervalMs?: number;
  /** Production: install the app for owners through Graph. */
  graph?: GraphInstallerOptions;
  /**
   * Production: Graph for owners whose SharePoint site user has no Entra object id (`/users/{upn}`,
   * User.Read.All). Absent, such owners are reported unreachable with the reason.
   */
  userLookupGraph?: GraphOptions;
  /** IANA zone of "today", periods, due dates and card times (REVIEW_TIMEZONE); default Europe/London. */
  timeZone?: string;
  /** Production: look in the owner's chat (Graph) before re-sending a card that was never acknowledged. */
  deliveryCheck?: GraphDeliveryCheckOptions;
  /**
   * The register's write API (`POST /api/register/<operation>`): how callers' tokens are validated
   * (Entra ID in production, the local issuer locally) and which browser origins may call it.
   */
  writeApi?: {
    token: TokenVerifierOptions;
    allowedOrigins: string[];
    /** Default `Risk Register Managers`. */
    managerGroup?: string;
  };
  /** Tests: a fake Teams client instead of the SDK's. */
  teamsClient?: TeamsClient;
  clock?: Clock;
  log?: Logger;
  /** The Teams SDK's own console logging (default warn). */
  sdkLogLevel?: 'error' | 'warn' | 'info' | 'debug';
  /**
   * Teams calls per second for the whole tenant, shared by every instance on the same state store
   * (src/review/send-budget.ts); default 48, two below Teams' 50.
   */
  sendsPerSecond?: number;
  /**
   * How long a card answer waits for SharePoint before Teams gets a "being recorded" card from the
   * outbox (REVIEW_ANSWER_DEADLINE_MS); default 800 ms; 0 waits for SharePoint.
   */
  answerDeadlineMs?: number;
};

export type ReviewService = {
  port: number;
  /** The address it listens on: 127.0.0.1 in local mode unless told otherwise. */
  address: string;
  /** `http://127.0.0.1:<port>`: the write API is under `/api/register`. */
  origin: string;
  /** `http://127.0.0.1:<port>/api/messages`. */
  botEndpoint: string;
  deps: ReviewDeps;
  run(options: RunOptions): Promise<RunReport>;
  status(periodId: string): Promise<StatusReport>;
  walk(): Promise<WalkReport>;
  drain(): Promise<DrainReport>;
  stop(): Promise<void>;
};

/** Console logger with one JSON line of fields. */
export function consoleLogger(prefix = 'review'): Logger {
  const line = (level: string, message: string, fields?: Record<string, unknown>) =>
    `[${prefix}] ${level} ${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`;
  return {
    info: (m, f) => console.log(line('info', m, f)),
    warn: (m, f) => console.warn(line('warn', m, f)),
    error: (m, f) => console.error(line('error', m, f)),
  };
}

/**
 * Links into the tab, in its query-string navigation (src/tab/lib/url-state.ts), on the tab's page:
 * that page is also the registered redirect URI of the plain-browser sign-in (docs/deployment.md
 * step 3), which Entra matches exactly, so a link to `<tab>/?…` would fail with AADSTS50011.
 */
export function tabLinks(tabUrl: string): Links {
  const page = `${tabUrl.replace(/\/+$/, '')}/${tabPage}`;
  return {
    risk: (riskId) => `${page}?risk=${riskId}`,
    status: (register, periodId) =>
      `${page}?view=reviews&register=${encodeURIComponent(register)}&period=${encodeURIComponent(periodId)}`,
    myRisks: (ownerName) => `${page}?owner=${encodeURIComponent(ownerName)}`,
  };
}

/**
 * Express's default error page carries the stack and server paths outside production; every error
 * here is a JSON body with a correlation id instead, and the full error goes to the log.
 */
function jsonErrors(log: Logger) {
  return (
    err: unknown,
    _req: IncomingMessage,
    res: ServerResponse,
    // Express tells error handlers from middleware by their four parameters.
    _next: (e?: unknown) => void,
  ): void => {
    const id = randomUUID();
    const status = httpStatusOf(err);
    log.error(`Request failed (${id}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // body-parser names its failures: the request's own fault, told without any server detail.
    const type = (err as { type?: unknown } | null)?.type;
    const message =
      type === 'entity.too.large'
        ? 'The request body is too large.'
        : type === 'entity.parse.failed'
          ? 'The request body is not valid JSON.'
          : status < 500
            ? 'The request was refused.'
            : 'The request failed.';
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-correlation-id': id });
    res.end(JSON.stringify({ error: { status, message, correlationId: id } }));
  };
}

function httpStatusOf(err: unknown): number {
  const s =
    (err as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

export async function startReviewService(options: ReviewServiceOptions): Promise<ReviewService> {
  const log = options.log ?? consoleLogger();
  if (options.local && process.env.NODE_ENV?.toLowerCase() === 'production') {
    throw new Error(
      'The review service refuses local mode (no token validation) with NODE_ENV=production. Unset LOCAL_MODE, or NODE_ENV.',
    );
  }
  const clock = options.clock ?? systemClock;
  const statePath = options.statePath ?? path.resolve('.data', 'review-state.db');
  if (!options.stateStore && statePath !== ':memory:')
    mkdirSync(path.dirname(statePath), { recursive: true });
  const state = options.stateStore
    ? await openReviewStateStore(options.stateStore)
    : openReviewState(statePath);
  const sp = createSpClient({ siteUrl: options.siteUrl, getToken: options.tokenProvider });
  const { app, server, adapter } = createTeamsApp({
    clientId: options.botId ?? '00000000-0000-0000-0000-000000000001',
    ...(options.botPassword ? { clientSecret: options.botPassword } : {}),
    ...(options.botManagedIdentityClientId
      ? { managedIdentityClientId: options.botManagedIdentityClientId }
      : {}),
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    serviceUrl: options.serviceUrl,
    local: options.local,
    port: options.port,
    log,
    ...(options.sdkLogLevel ? { sdkLogLevel: options.sdkLogLevel } : {}),
  });
  const installer = options.graph ? createGraphInstaller(options.graph) : undefined;
  const ctx = createStoreContext(sp);
  const store = createRegisterStore(ctx);
  if (options.writeApi) {
    const managerGroup = options.writeApi.managerGroup ?? managerGroupName;
    const writeApi = createWriteApiHandler({
      store,
      readChild: (kind, id) => getChild(ctx, kind, id),
      verify: createTokenVerifier(options.writeApi.token),
      resolveCaller: createCallerResolver(
        { ensureSiteUser: (login) => store.ensureSiteUser(login), groupsOf: (id) => siteUserGroups(sp, id) },
        managerGroup,
      ),
      managerGroup,
      allowedOrigins: options.writeApi.allowedOrigins,
      now: () => new Date(clock.now()),
      log,
      channels: state.channels,
    });
    // Mounted on the Teams SDK's Express app beside /api/messages; the handler reads its own body.
    adapter.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
      const pathname = new URL(req.url ?? '/', 'http://service').pathname;
      if (pathname === apiBasePath || pathname.startsWith(`${apiBasePath}/`)) void writeApi(req, res);
      else next();
    });
  }
  // The dispatcher is made from deps below; roster and Graph look-ups reach it through this budget.
  const made: { dispatcher?: Dispatcher } = {};
  const budget = <T>(conversationId: string | undefined, what: string, call: () => Promise<T>) =>
    made.dispatcher ? made.dispatcher.lookup(conversationId, what, call) : call();
  const deps: ReviewDeps = {
    store,
    requests: createReviewRequestStore(ctx),
    teams: options.teamsClient ?? createSdkTeamsClient(app, state.conversations, installer, budget),
    conversations: state.conversations,
    identities: cachedDirectory(
      createIdentityLookup({
        sp,
        ...(options.userLookupGraph ? { graph: options.userLookupGraph } : {}),
        budget: (what, call) => budget(undefined, what, call),
      }),
      state.identities,
    ),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    channels: state.channels,
    conversationMoves: state.moves,
    outbox: state.outbox,
    signer: createCardSigner(options.cardSecret),
    clock,
    links: tabLinks(options.tabUrl ?? 'http://localhost:3000'),
    log,
    ...(options.sendsPerSecond ? { sendsPerSecond: options.sendsPerSecond } : {}),
    // Instances on one state store share the tenant's Teams budget instead of each keeping its own.
    sendBudget: state.sendBudget(clock, options.sendsPerSecond),
    ...(options.deliveryCheck ? { deliveryCheck: createGraphDeliveryCheck(options.deliveryCheck) } : {}),
    ...answerDeadline(options.answerDeadlineMs ?? defaultAnswerDeadlineMs, made),
  };
  const live: Dispatcher = createDispatcher(deps);
  made.dispatcher = live;
  routeTeamsApp(app, deps, budget, async (from, to) => {
    const reports = await resendOwedIn(deps, live, from);
    const sent = reports.reduce((n, r) => n + r.sent.length, 0);
    if (sent)
      log.info(
        `Sent ${sent} unanswered review cards again in the new chat ${to} (the chat ${from} was replaced).`,
      );
  });
  let port: number;
  try {
    port = await startTeamsApp(
      app,
      server,
      options.port,
      options.host ?? (options.local ? '127.0.0.1' : undefined),
    );
    // After the SDK's own routes, so their failures (bad JSON, a body over express.json's 100 KB) land here.
    adapter.use(jsonErrors(log));
  } catch (err) {
    await state.close();
    throw err;
  }
  let schedule: { stop(): void } | undefined;
  if (options.schedule ?? true) {
    schedule = await startSchedule(deps, live, options.cron);
  }
  let draining = false;
  const drain = async (): Promise<DrainReport> => {
    if (draining) return { recorded: [], conflicts: [], refused: [], stillQueued: [], replayed: [] };
    draining = true;
    try {
      return await drainOutbox(deps, live, (entry) => replayInvoke(deps, entry));
    } finally {
      draining = false;
    }
  };
  const timer = setInterval(() => {
    drain().catch((err: unknown) =>
      log.error(`Outbox drain failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }, options.drainIntervalMs ?? 30_000);
  timer.unref();
  let stopped = false;
  return {
    port,
    address: (server.address() as AddressInfo).address,
    origin: `http://127.0.0.1:${port}`,
    botEndpoint: `http://127.0.0.1:${port}/api/messages`,
    deps,
    run: (o) => runPeriod(deps, live, o),
    status: (periodId) => periodStatus(deps, periodId),
    walk: () => walk(deps, live),
    drain,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      schedule?.stop();
      await app.stop().catch(() => undefined);
      await state.close();
    },
  };
}

/** The answer deadline and the card replacement after a slow write, inside the dispatcher's budget. */
function answerDeadline(
  ms: number,
  made: { dispatcher?: Dispatcher },
): Pick<ReviewDeps, 'answerDeadlineMs' | 'updateCard'> {
  if (ms <= 0) return {};
  return {
    answerDeadlineMs: ms,
    updateCard: async (conversationId, activityId, card) => {
      if (!made.dispatcher) throw new Error('The review service is still starting: no dispatcher yet.');
      await made.dispatcher.update(conversationId, activityId, cardActivity(card, 'Your review answer'));
    },
  };
}
