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
import { channelFromActivity, channelLabel, type ChannelStore, type TeamActivity } from '../review/channels';
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

/** Runs a roster call inside the send budget (Dispatcher.lookup); direct when none is given. */
export type RosterBudget = <T>(conversationId: string, what: string, call: () => Promise<T>) => Promise<T>;

const unbudgeted: RosterBudget = (_conversationId, _what, call) => call();

type Member = { name?: string; aadObjectId?: string; upn?: string; userId?: string };

/**
 * One member of a conversation from its roster (`GET /v3/conversations/{id}/members/{member}`; the
 * member may be named by Teams user id or Entra object id), inside the send budget. Teams rate-limits
 * roster calls like sends ("Rate limiting for bots").
 */
async function memberOf(
  app: App,
  budget: RosterBudget,
  conversationId: string,
  memberId: string,
): Promise<Member> {
  const m = await budget(conversationId, 'read a conversation member', async () => {
    try {
      return await app.api.conversations.getMemberById(conversationId, memberId);
    } catch (err) {
      throw toTeamsError(err, 'read a conversation member');
    }
  });
  return {
    ...(m.name ? { name: m.name } : {}),
    ...(m.aadObjectId ? { aadObjectId: m.aadObjectId.toLowerCase() } : {}),
    ...(m.userPrincipalName ? { upn: m.userPrincipalName.toLowerCase() } : {}),
    ...(m.id ? { userId: m.id } : {}),
  };
}

/**
 * Records the conversation of whoever installed the app or wrote to the bot, by Entra object id.
 * Returns the chat it replaced for the same Teams user, if any (the Agents Playground starts a new
 * chat on every start).
 */
async function remember(
  app: App,
  budget: RosterBudget,
  conversations: ConversationStore,
  log: Logger,
  activity: {
    conversation: { id: string; conversationType?: unknown };
    from: { id: string; aadObjectId?: string; name?: string };
  },
): Promise<string | undefined> {
  if (activity.conversation.conversationType && activity.conversation.conversationType !== 'personal')
    return undefined;
  const previous = await conversations.byUserId(activity.from.id);
  let member: Member = {};
  // Teams sends from.aadObjectId on personal-chat activities; the roster is asked only without it.
  if (!activity.from.aadObjectId) {
    try {
      member = await memberOf(app, budget, activity.conversation.id, activity.from.id);
    } catch (err) {
      log.warn(
        `Could not read the Teams member ${activity.from.id}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
  const aad = activity.from.aadObjectId?.toLowerCase() ?? member.aadObjectId;
  if (!aad) {
    log.warn(
      `Teams gave no Entra object id for ${activity.from.id} in ${activity.conversation.id}; the conversation is not kept.`,
    );
    return;
  }
  const name = activity.from.name ?? member.name;
  await conversations.upsert({
    aadObjectId: aad,
    conversationId: activity.conversation.id,
    userId: activity.from.id,
    ...(member.upn ? { upn: member.upn } : {}),
    ...(name ? { name } : {}),
    updatedAt: new Date().toISOString(),
  });
  return previous && previous.conversationId !== activity.conversation.id
    ? previous.conversationId
    : undefined;
}

/** What the service does when a person's chat with the bot was replaced by a new one. */
export type ChatReplaced = (from: string, to: string, userId: string) => Promise<void>;

/**
 * Who answered: `from.aadObjectId` as Teams sent it; without one, the conversation store by Teams
 * user id, then the conversation's roster (inside the budget).
 */
export function createIdentify(
  app: App,
  conversations: ConversationStore,
  budget: RosterBudget = unbudgeted,
): IdentifyAnswerer {
  return async (from, conversationId) => {
    const base: Answerer = { userId: from.id, ...(from.name ? { name: from.name } : {}) };
    if (from.aadObjectId) return { ...base, aadObjectId: from.aadObjectId.toLowerCase() };
    const known = await conversations.byUserId(from.id);
    if (known) return { ...base, aadObjectId: known.aadObjectId };
    if (!conversationId) return base;
    try {
      const m = await memberOf(app, budget, conversationId, from.id);
      return { ...base, ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}) };
    } catch {
      return base;
    }
  };
}

/**
 * Records the team channel an install or conversation update came from (team scope). True when the
 * activity was in a team, so the caller does not treat it as a personal chat.
 */
export async function rememberChannel(
  channels: ChannelStore | undefined,
  log: Logger,
  activity: TeamActivity,
): Promise<boolean> {
  const channel = channelFromActivity(activity, new Date().toISOString());
  if (!channel) return false;
  if (!channels) return true;
  await channels.upsert(channel);
  log.info(`Captured the Teams channel ${channelLabel(channel)} for managers' digests.`, {
    channelId: channel.channelId,
    teamId: channel.teamId,
  });
  return true;
}

const CHANNEL_HELLO =
  'Thanks for adding the risk register. A register manager can choose this channel in the register settings ' +
  "(Managers' channel); escalation digests of outstanding reviews are then posted here.";

const HELP =
  'I send the quarterly risk review cards. When a review is due you will get one card per risk: confirm or change the rating and write a comment. ' +
  'Open the register tab to see your risks at any time.';

/**
 * Wires install events, messages and card actions to the review flow. `chatReplaced` runs when a
 * person's chat with the bot was replaced (the review service sends the cards still owed there again).
 */
export function routeTeamsApp(
  app: App,
  deps: ReviewDeps,
  budget: RosterBudget = unbudgeted,
  chatReplaced?: ChatReplaced,
): void {
  const identify = createIdentify(app, deps.conversations, budget);
  const replaced = async (from: string | undefined, to: string, userId: string) => {
    if (!from) return;
    await deps.conversationMoves?.record({ from, to, userId, movedAt: new Date().toISOString() });
    // Not awaited: Teams (and the Playground) wait for the install event's answer, not for the cards.
    void (chatReplaced?.(from, to, userId) ?? Promise.resolve()).catch((err: unknown) =>
      deps.log.error(
        `Could not send the cards owed in ${from} again in ${to}: ${err instanceof Error ? err.message : String(err)}; the next run of the period sends them.`,
      ),
    );
  };
  app.on('install.add', async ({ activity, send }) => {
    if (await rememberChannel(deps.channels, deps.log, activity as TeamActivity)) {
      await send(CHANNEL_HELLO);
      return;
    }
    const from = await remember(app, budget, deps.conversations, deps.log, activity);
    await send(`Thanks for installing the risk register. ${HELP}`);
    await replaced(from, activity.conversation.id, activity.from.id);
  });
  app.on('install.remove', async ({ activity }) => {
    const teamId = (activity as TeamActivity).channelData?.team?.id;
    if (teamId) {
      await deps.channels?.removeTeam(teamId);
      return;
    }
    // Every row of the person goes: by object id and by Teams user id.
    const removed = await deps.conversations.removeUser({
      userId: activity.from.id,
      ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}),
    });
    deps.log.info(
      `${activity.from.name ?? activity.from.id} removed the app; ${removed} conversation(s) forgotten.`,
    );
  });
  // membersRemoved: the bot itself (uninstalled from this chat or team) or people who left it. Added to a
  // team (the bot among membersAdded), or a channel created or renamed there: the channel is recorded.
  app.on('conversationUpdate', async ({ activity }) => {
    for (const m of activity.membersRemoved ?? []) {
      const removed =
        m.id === activity.recipient.id
          ? await deps.conversations.removeConversation(activity.conversation.id)
          : await deps.conversations.removeUser({
              userId: m.id,
              ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}),
            });
      if (removed)
        deps.log.info(
          `${m.name ?? m.id} left ${activity.conversation.id}; ${removed} conversation(s) forgotten.`,
        );
    }
    const a = activity as TeamActivity & { membersAdded?: { id: string }[]; recipient?: { id: string } };
    const event = a.channelData?.eventType;
    const botAdded = a.membersAdded?.some((m) => m.id === a.recipient?.id) ?? false;
    if (event === 'teamDeleted' && a.channelData?.team?.id) {
      await deps.channels?.removeTeam(a.channelData.team.id);
      return;
    }
    if (botAdded || event === 'channelCreated' || event === 'channelRenamed' || event === 'teamRenamed') {
      await rememberChannel(deps.channels, deps.log, a);
    }
  });
  app.on('message', async ({ activity, send }) => {
    const from = await remember(app, budget, deps.conversations, deps.log, activity);
    await send(HELP);
    await replaced(from, activity.conversation.id, activity.from.id);
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
 * The TeamsClient over the SDK: stored conversations by Entra object id first; with a Graph installer
 * (production), an owner without one gets the app installed, and their Teams user id is read from the
 * new chat's roster (inside the budget) for the cards' `refresh.userIds`.
 */
export function createSdkTeamsClient(
  app: App,
  conversations: ConversationStore,
  installer?: GraphInstaller,
  budget: RosterBudget = unbudgeted,
): TeamsClient {
  return {
    async ensureConversation(owner) {
      const known = await conversations.byAadObjectId(owner.aadObjectId);
      if (known)
        return {
          ok: true,
          conversationId: known.conversationId,
          ...(known.userId ? { userId: known.userId } : {}),
        };
      const who = owner.upn ? `${owner.name} (${owner.upn})` : owner.name;
      if (!installer) {
        return {
          ok: false,
          reason: `${who} has not installed the Risk Register app in Teams, and automatic installation is off. Ask them to add the app, or set GRAPH_PROACTIVE_INSTALL=true.`,
        };
      }
      const installed = await installer.installFor(owner.aadObjectId);
      if (!installed.ok) return { ok: false, reason: installed.reason };
      let member: Member = {};
      try {
        member = await memberOf(app, budget, installed.chatId, owner.aadObjectId);
      } catch {
        // The chat works without it; the install event that follows brings the Teams user id.
      }
      await conversations.upsert({
        aadObjectId: owner.aadObjectId,
        conversationId: installed.chatId,
        ...(member.userId ? { userId: member.userId } : {}),
        ...(owner.upn ? { upn: owner.upn } : {}),
        name: owner.name,
        updatedAt: new Date().toISOString(),
      });
      return {
        ok: true,
        conversationId: installed.chatId,
        ...(member.userId ? { userId: member.userId } : {}),
      };
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
