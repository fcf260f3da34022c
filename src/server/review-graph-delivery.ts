/**
 * Production: the DeliveryCheck over Microsoft Graph. Reads the owner's 1:1 chat with the bot
 * (`GET /chats/{chat-id}/messages`, newest first, only messages changed since the claim) and looks for
 * the bot's card. OFF unless GRAPH_DELIVERY_CHECK=true. Graph permission: Chat.Read.All (application,
 * admin consent), and reading chat messages with application permissions is a protected API:
 * Microsoft must approve the app first ("Protected APIs in Microsoft Teams",
 * learn.microsoft.com/graph/teams-protected-apis). Resource-specific consent does not cover a
 * person's 1:1 chat with the bot. Without the grant every check answers "unknown" naming the
 * permission, and the sender falls back to sending again.
 *
 * The bot's conversation id is the Graph chat id when the service installed the app itself (`19:…`);
 * a conversation captured from an install event (`a:…`) is mapped to its chat through the user's
 * installation of the app (needs TEAMS_APP_ID), asked for by the owner's Entra object id.
 */
import type { DeliveryCheck, DeliveryCheckResult } from '../review/delivery-check';
import { createGraphCaller, graphError, isTransientGraphStatus, type GraphOptions } from './graph-http';
import { createGraphInstaller } from './review-graph-install';

export type GraphDeliveryCheckOptions = GraphOptions & {
  /** The bot's Entra app id: only its messages count. */
  botAppId: string;
  /**
   * The Teams app manifest id (TEAMS_APP_ID): maps an `a:…` conversation to its Graph chat through
   * the owner's installation of the app. Absent, only `19:…` ids can be checked.
   */
  manifestId?: string;
  /** Pages of 50 read at most (default 10): a 1:1 bot chat never has that many new messages. */
  maxPages?: number;
  /** Slack for clocks that disagree, subtracted from the claim time (default 5 minutes). */
  clockSkewMs?: number;
};

type GraphMessage = {
  id?: string;
  deletedDateTime?: string | null;
  from?: { application?: { id?: string } | null } | null;
  attachments?: { contentType?: string; content?: string | null }[];
};

const CARD = 'application/vnd.microsoft.card.adaptive';

function cardsOf(message: GraphMessage): unknown[] {
  return (message.attachments ?? []).flatMap((a) => {
    if (a.contentType !== CARD || typeof a.content !== 'string') return [];
    try {
      return [JSON.parse(a.content) as unknown];
    } catch {
      return [];
    }
  });
}

const PERMISSION_HINT =
  "the check needs the application permission Chat.Read.All with admin consent and Microsoft's approval of the protected API (learn.microsoft.com/graph/teams-protected-apis); or set GRAPH_DELIVERY_CHECK=false";

export function createGraphDeliveryCheck(options: GraphDeliveryCheckOptions): DeliveryCheck {
  const graph = createGraphCaller(options);
  const bot = options.botAppId.toLowerCase();
  const maxPages = options.maxPages ?? 10;
  const skew = options.clockSkewMs ?? 5 * 60 * 1000;
  const installer = options.manifestId
    ? createGraphInstaller({ ...options, manifestId: options.manifestId })
    : undefined;

  async function chatIdOf(conversationId: string, aadObjectId: string) {
    if (conversationId.startsWith('19:')) return { ok: true as const, chatId: conversationId };
    if (!installer)
      return {
        ok: false as const,
        reason: `the conversation ${conversationId} is not a Graph chat id and TEAMS_APP_ID is not set to look it up`,
        transient: false,
      };
    return installer.findChat(aadObjectId);
  }

  return {
    async find(lookup): Promise<DeliveryCheckResult> {
      try {
        const chat = await chatIdOf(lookup.conversationId, lookup.owner.aadObjectId);
        if (!chat.ok) return { status: 'unknown', reason: chat.reason, retryable: chat.transient ?? false };
        const since = new Date(Date.parse(lookup.since) - skew).toISOString();
        let next: string | undefined =
          `/chats/${encodeURIComponent(chat.chatId)}/messages?$top=50` +
          `&$orderby=${encodeURIComponent('lastModifiedDateTime desc')}` +
          `&$filter=${encodeURIComponent(`lastModifiedDateTime gt ${since}`)}`;
        for (let page = 0; next && page < maxPages; page++) {
          const r = await graph.call('GET', next);
          if (r.status !== 200) {
            const transient = isTransientGraphStatus(r.status);
            return {
              status: 'unknown',
              reason: `Graph could not read the chat of ${lookup.owner.name} (${graphError(r)})${
                r.status === 403 || r.status === 401 ? `; ${PERMISSION_HINT}` : ''
              }`,
              retryable: transient,
            };
          }
          for (const m of (r.json.value as GraphMessage[] | undefined) ?? []) {
            if (m.deletedDateTime || m.from?.application?.id?.toLowerCase() !== bot || !m.id) continue;
            if (cardsOf(m).some((card) => lookup.matches(card)))
              return { status: 'delivered', activityId: m.id };
          }
          const link = r.json['@odata.nextLink'];
          next = typeof link === 'string' ? link : undefined;
        }
        return next
          ? {
              status: 'unknown',
              reason: `more than ${maxPages * 50} messages in the chat of ${lookup.owner.name} since the claim`,
              retryable: false,
            }
          : { status: 'not-delivered' };
      } catch (err) {
        // Network failure or token trouble: worth another try later.
        return {
          status: 'unknown',
          reason: `Graph could not be reached: ${err instanceof Error ? err.message : String(err)}`,
          retryable: true,
        };
      }
    },
  };
}
