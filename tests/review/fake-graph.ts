/**
 * A fake Microsoft Graph over the fake Teams client: the owner's installation of the app, its chat,
 * and the chat's messages as Graph lists them (newest first by lastModifiedDateTime, pages of $top
 * with an @odata.nextLink, card attachments as JSON strings, the bot as `from.application`). It lets
 * the production delivery check (src/server/review-graph-delivery.ts) run against what the fake
 * Teams really delivered.
 */
import type { FakeTeamsClient } from './fakes';

export const FAKE_BOT_APP_ID = '00000000-0000-0000-0000-0000000000b0';
export const FAKE_MANIFEST_ID = 'f00dfeed-0000-4000-8000-000000000001';
const BASE = 'http://graph.test/v1.0';

type Call = { method: string; path: string; auth: string | null };

export type FakeGraph = {
  fetch: typeof fetch;
  calls: Call[];
  /** Statuses to answer the next message reads with, in order (e.g. [429, 503]). */
  failNext: number[];
  /** Options for createGraphDeliveryCheck. */
  options: {
    botAppId: string;
    getToken: () => Promise<string>;
    graphBaseUrl: string;
    fetch: typeof fetch;
    manifestId: string;
  };
};

const reply = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/** The Graph chat id of a bot conversation (Teams' `a:…` ids are not Graph chat ids). */
export const graphChatIdOf = (conversationId: string): string =>
  conversationId.startsWith('19:')
    ? conversationId
    : `19:${conversationId.replace(/^a:/, '')}@unq.gbl.spaces`;

export function fakeGraphOver(teams: FakeTeamsClient, pageSize = 50): FakeGraph {
  const calls: Call[] = [];
  const failNext: number[] = [];
  const chatToConversation = (chatId: string): string | undefined => {
    for (const chat of teams.chats.values())
      if (graphChatIdOf(chat.conversationId) === chatId) return chat.conversationId;
    return teams.sent.find((m) => graphChatIdOf(m.conversationId) === chatId)?.conversationId;
  };
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const path = decodeURIComponent(url.pathname.replace(/^\/v1\.0/, ''));
    calls.push({
      method,
      path: `${path}${decodeURIComponent(url.search)}`,
      auth: new Headers(init?.headers).get('Authorization'),
    });
    const installed = /^\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
    if (installed && method === 'GET') {
      const filter = url.searchParams.get('$filter') ?? '';
      const chat = teams.chats.get(installed[1]!.toLowerCase());
      return reply(200, {
        value:
          chat && filter.includes(FAKE_MANIFEST_ID) ? [{ id: `install-${installed[1]!.toLowerCase()}` }] : [],
      });
    }
    const chatOf = /^\/users\/([^/]+)\/teamwork\/installedApps\/install-([^/]+)\/chat$/.exec(path);
    if (chatOf) {
      const chat = teams.chats.get(chatOf[2]!);
      return chat
        ? reply(200, { id: graphChatIdOf(chat.conversationId) })
        : reply(404, { error: { code: 'NotFound' } });
    }
    const messages = /^\/chats\/([^/]+)\/messages$/.exec(path);
    if (messages && method === 'GET') {
      const status = failNext.shift();
      if (status !== undefined)
        return reply(status, { error: { code: 'Injected', message: `injected ${status}` } });
      const conversationId = chatToConversation(messages[1]!);
      if (!conversationId) return reply(404, { error: { code: 'NotFound', message: 'chat not found' } });
      const filter = url.searchParams.get('$filter') ?? '';
      const orderby = url.searchParams.get('$orderby') ?? '';
      const gt = /lastModifiedDateTime gt (\S+)/.exec(filter)?.[1];
      // Graph ignores a $filter without an $orderby on the same property.
      const after = gt && orderby.startsWith('lastModifiedDateTime') ? Date.parse(gt) : -Infinity;
      const all = teams.sent
        .filter((m) => m.conversationId === conversationId && m.at > after)
        .sort((a, b) => b.at - a.at);
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const top = Math.min(Number(url.searchParams.get('$top') ?? 20), 50, pageSize);
      const page = all.slice(skip, skip + top);
      const nextUrl = new URL(url);
      nextUrl.searchParams.set('$skiptoken', String(skip + top));
      return reply(200, {
        value: page.map((m) => ({
          id: m.id,
          messageType: 'message',
          createdDateTime: new Date(m.at).toISOString(),
          lastModifiedDateTime: new Date(m.at).toISOString(),
          deletedDateTime: null,
          from: { user: null, application: { id: FAKE_BOT_APP_ID, applicationIdentityType: 'bot' } },
          body: { contentType: 'html', content: m.activity.text ?? '' },
          attachments: (m.activity.attachments ?? []).map((a, i) => ({
            id: `${m.id}-${i}`,
            contentType: a.contentType,
            content: JSON.stringify(a.content),
          })),
        })),
        ...(skip + top < all.length ? { '@odata.nextLink': nextUrl.toString() } : {}),
      });
    }
    return reply(404, { error: { code: 'NotFound', message: path } });
  }) as typeof fetch;
  return {
    fetch: fetchImpl,
    calls,
    failNext,
    options: {
      botAppId: FAKE_BOT_APP_ID,
      getToken: async () => 'graph-token',
      graphBaseUrl: BASE,
      fetch: fetchImpl,
      manifestId: FAKE_MANIFEST_ID,
    },
  };
}
