/**
 * The Teams SDK v2 side of the review service: the App with its /api/messages endpoint (install events,
 * messages and card actions) and the TeamsClient the review flow sends through.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdaptiveCardActionResponse } from '@microsoft/teams.api';
import { App, ExpressAdapter } from '@microsoft/teams.apps';
import { ConsoleLogger } from '@microsoft/teams.common';
import type { Answerer } from '../review/answer-validation';
import type { ConversationStore } from '../review/conversations';
import type { Logger, ReviewDeps } from '../review/context';
import { handleCardAction, type IdentifyAnswerer } from '../review/invoke-handler';
import { TeamsApiError, type TeamsClient } from '../review/teams-client';
import type { GraphInstaller } from './review-graph-install';

export type TeamsAppOptions = {
  clientId: string;
  clientSecret?: string;
  /** Teams SDK `managedIdentityClientId`: the bot signs in as a managed identity (no secret). */
  managedIdentityClientId?: string;
  tenantId?: string;
  /** Bot Connector base URL; the Playground's `/_connector` locally. */
  serviceUrl: string;
  /** Local mode: no Bot Framework token validation and a placeholder outbound token. Never in production. */
  local: boolean;
  port: number;
  log: Logger;
  /** The SDK's own console logging (default warn). */
  sdkLogLevel?: 'error' | 'warn' | 'info' | 'debug';
};

/** A JWT-shaped placeholder; the Playground accepts any three-part token (a plain string fails). */
const LOCAL_TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJsb2NhbCJ9.bG9jYWw';

type AxiosLike = {
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
  message?: string;
};

/** Turns an SDK (axios) error into a TeamsApiError with status and Retry-After. */
export function toTeamsError(err: unknown, what: string): TeamsApiError {
  const e = err as AxiosLike;
  const status = e?.response?.status;
  const header = e?.response?.headers?.['retry-after'];
  const seconds = header === undefined ? NaN : Number(header);
  const detail = e?.response?.data
    ? JSON.stringify(e.response.data).slice(0, 300)
    : (e?.message ?? String(err));
  return new TeamsApiError(
    `Teams could not ${what}: ${status ?? 'no answer'} ${detail}`,
    status,
    Number.isFinite(seconds) ? seconds * 1000 : undefined,
    { cause: err },
  );
}

export function createTeamsApp(options: TeamsAppOptions): {
  app: App;
  server: http.Server;
  adapter: ExpressAdapter;
} {
  const server = http.createServer();
  const adapter = new ExpressAdapter(server);
  const app = new App({
    clientId: options.clientId,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
    ...(options.managedIdentityClientId ? { managedIdentityClientId: options.managedIdentityClientId } : {}),
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    serviceUrl: options.serviceUrl,
    httpServerAdapter: adapter,
    logger: new ConsoleLogger('review-bot', { level: options.sdkLogLevel ?? 'warn' }),
    ...(options.local
      ? { token: async () => LOCAL_TOKEN, dangerouslyAllowUnauthenticatedRequests: true }
      : {}),
  });
  return { app, server, adapter };
}

/** Starts listening; resolves with the bound port (options.port may be 0). */
export async function startTeamsApp(
  app: App,
  server: http.Server,
  port: number,
  host?: string,
): Promise<number> {
  if (host !== undefined) bindTo(server, host);
  // The SDK reads a numeric 0 as "unset" and falls back to 3978; the string "0" asks the OS for a free port.
  await app.start(String(port));
  // App.start reports a failed listen through its error event rather than rejecting.
  if (!server.listening)
    throw new Error(`The review service could not listen on port ${port}; is it in use?`);
  return (server.address() as AddressInfo).port;
}

/**
 * The SDK's adapter calls `server.listen(port, callback)`, which binds every interface; this makes
 * that call bind `host` (127.0.0.1 locally, so nothing off the machine reaches an unauthenticated bot).
 */
function bindTo(server: http.Server, host: string): void {
  const listen = server.listen.bind(server) as (port: unknown, host: string, cb?: () => void) => http.Server;
  server.listen = ((p: unknown, cb?: () => void) => listen(p, host, cb)) as unknown as typeof server.listen;
}

/** Looks up a Teams member's email (the key shared with SharePoint people). */
async function memberOf(
  app: App,
  conversationId: string,
  userId: string,
): Promise<{ email?: string; name?: string; aadObjectId?: string }> {
  const m = await app.api.conversations.getMemberById(conversationId, userId);
  const email = m.email ?? m.userPrincipalName;
  return {
    ...(email ? { email } : {}),
    ...(m.name ? { name: m.name } : {}),
    ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}),
  };
}

/** Records the conversation of whoever installed the app or wrote to the bot. */
async function remember(
  app: App,
  conversations: ConversationStore,
  log: Logger,
  activity: {
    conversation: { id: string; conversationType?: unknown };
    from: { id: string; aadObjectId?: string; name?: string };
  },
) {
  if (activity.conversation.conversationType && activity.conversation.conversationType !== 'personal') return;
  let member: { email?: string; name?: string; aadObjectId?: string } = {};
  try {
    member = await memberOf(app, activity.conversation.id, activity.from.id);
  } catch (err) {
    log.warn(
      `Could not read the Teams member ${activity.from.id}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const aad = member.aadObjectId ?? activity.from.aadObjectId;
  const name = member.name ?? activity.from.name;
  await conversations.upsert({
    conversationId: activity.conversation.id,
    userId: activity.from.id,
    ...(aad ? { aadObjectId: aad } : {}),
    ...(member.email ? { email: member.email } : {}),
    ...(name ? { name } : {}),
    updatedAt: new Date().toISOString(),
  });
}

/** Who answered: from the conversation store, else a member look-up in the conversation. */
export function createIdentify(app: App, conversations: ConversationStore): IdentifyAnswerer {
  return async (from, conversationId) => {
    const known =
      (await conversations.byUserId(from.id)) ??
      (from.aadObjectId ? await conversations.byAadObjectId(from.aadObjectId) : undefined);
    const base: Answerer = {
      userId: from.id,
      ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
      ...(from.name ? { name: from.name } : {}),
    };
    if (known?.email) return { ...base, email: known.email };
    if (!conversationId) return base;
    try {
      const m = await memberOf(app, conversationId, from.id);
      return { ...base, ...(m.email ? { email: m.email } : {}) };
    } catch {
      return base;
    }
  };
}

const HELP =
  'I send the quarterly risk review cards. When a review is due you will get one card per risk: confirm or change the rating and write a comment. ' +
  'Open the register tab to see your risks at any time.';

/** Wires install events, messages and card actions to the review flow. */
export function routeTeamsApp(app: App, deps: ReviewDeps): void {
  const identify = createIdentify(app, deps.conversations);
  app.on('install.add', async ({ activity, send }) => {
    await remember(app, deps.conversations, deps.log, activity);
    await send(`Thanks for installing the risk register. ${HELP}`);
  });
  app.on('install.remove', async ({ activity }) => {
    await deps.conversations.remove(activity.from.id);
  });
  app.on('message', async ({ activity, send }) => {
    await remember(app, deps.conversations, deps.log, activity);
    await send(HELP);
  });
  app.on('card.action', async ({ activity }) => {
    const action = activity.value?.action;
    const result = await handleCardAction(deps, identify, {
      verb: typeof action?.verb === 'string' ? action.verb : '',
      data: (action?.data ?? {}) as Record<string, unknown>,
      from: {
        id: activity.from.id,
        ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
        ...(activity.from.name ? { name: activity.from.name } : {}),
      },
      conversationId: activity.conversation.id,
      ...(activity.replyToId ? { replyToId: activity.replyToId } : {}),
    });
    // Our Card is plain JSON from a template; the SDK types it as its own card model.
    return result as unknown as AdaptiveCardActionResponse;
  });
}

/**
 * The TeamsClient over the SDK: stored conversations first; with a Graph installer (production), an
 * owner without one gets the app installed and their chat id stored.
 */
export function createSdkTeamsClient(
  app: App,
  conversations: ConversationStore,
  installer?: GraphInstaller,
): TeamsClient {
  return {
    async ensureConversation(owner) {
      const known = owner.email ? await conversations.byEmail(owner.email) : undefined;
      if (known) return { ok: true, conversationId: known.conversationId, userId: known.userId };
      if (!owner.email)
        return {
          ok: false,
          reason: `${owner.name} has no email in the register site, so their Teams account cannot be found.`,
        };
      if (!installer) {
        return {
          ok: false,
          reason: `${owner.name} (${owner.email}) has not installed the Risk Register app in Teams, and automatic installation is off. Ask them to add the app, or configure Graph installation.`,
        };
      }
      const installed = await installer.installFor(owner.email);
      if (!installed.ok) return { ok: false, reason: installed.reason };
      await conversations.upsert({
        conversationId: installed.chatId,
        userId: `email:${owner.email.toLowerCase()}`,
        email: owner.email,
        name: owner.name,
        updatedAt: new Date().toISOString(),
      });
      return { ok: true, conversationId: installed.chatId };
    },
    async send(conversationId, activity) {
      try {
        const sent = await app.send(conversationId, activity);
        return { id: sent.id };
      } catch (err) {
        throw toTeamsError(err, 'send a message');
      }
    },
    async update(conversationId, activityId, activity) {
      try {
        await app.api.conversations.updateActivity(conversationId, activityId, {
          ...activity,
          id: activityId,
        });
      } catch (err) {
        throw toTeamsError(err, 'update a message');
      }
    },
  };
}
