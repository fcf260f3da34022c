/**
 * A fake Microsoft Graph over the fake Teams client: the owner's installation of the app, its chat,
 * and the chat's messages as Graph lists them (newest first by lastModifiedDateTime, pages of $top
 * with an @odata.nextLink, card attachments as JSON strings, the bot as `from.application`). It lets
 * the production delivery check (src/server/review-graph-delivery.ts) run against what the fake
 * Teams really delivered.
 *
 * It grants only the application permissions it is configured with (`permissions`), and refuses
 * every other call as Graph does: 403 with the Teams workload's body, `Forbidden` "Missing role
 * permissions on the request. API requires one of '…'. Roles on the request '…'." (as reported in
 * microsoftgraph/microsoft-graph-docs#19105 and OfficeDev/microsoft-teams-library-js#2341), and for
 * the directory (`/users/{id}`) `Authorization_RequestDenied` "Insufficient privileges to complete
 * the operation." (MicrosoftDocs/azure-docs#86507). A user is named by object id or UPN only: a mail
 * address that is neither is 404 `Request_ResourceNotFound`, as Graph answers.
 */
import type { FakeTeamsClient } from './teams-client';

/**
 * Application permissions that let each call through, least privileged first, from each call's
 * Microsoft Learn page (the "Permissions" table):
 */
export const GRAPH_PERMISSIONS = {
  /** learn.microsoft.com/graph/api/appcatalogs-list-teamsapps */
  listCatalog: [
    'AppCatalog.Read.All',
    'AppCatalog.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All',
  ],
  /** learn.microsoft.com/graph/api/userteamwork-post-installedapps */
  installForUser: [
    'TeamsAppInstallation.ReadWriteSelfForUser.All',
    'TeamsAppInstallation.ReadWriteForUser.All',
  ],
  /** learn.microsoft.com/graph/api/userteamwork-list-installedapps */
  listForUser: [
    'TeamsAppInstallation.ReadForUser.All',
    'TeamsAppInstallation.ReadWriteSelfForUser.All',
    'TeamsAppInstallation.ReadWriteForUser.All',
  ],
  /** learn.microsoft.com/graph/api/userscopeteamsappinstallation-get-chat */
  chatOfInstall: [
    'TeamsAppInstallation.ReadForUser.All',
    'TeamsAppInstallation.ReadWriteSelfForUser.All',
    'TeamsAppInstallation.ReadWriteForUser.All',
  ],
  /** learn.microsoft.com/graph/api/chat-list-messages (a protected API with application permissions) */
  chatMessages: ['Chat.Read.All', 'Chat.ReadWrite.All'],
  /** learn.microsoft.com/graph/api/user-get */
  getUser: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
} as const;

/** What the production service is granted by default: the install permission and the chat read. */
export const DEFAULT_GRANTED = ['TeamsAppInstallation.ReadWriteSelfForUser.All', 'Chat.Read.All'];

export type FakeGraphOptions = {
  pageSize?: number;
  /** Application permissions (roles) the app holds; default DEFAULT_GRANTED. */
  permissions?: string[];
  /** The app in the org catalog: its catalog id (default `catalog-app-1`). */
  catalogAppId?: string;
  /** Directory users by object id, with their UPN (for `/users/{id | upn}`). */
  users?: { id: string; userPrincipalName: string }[];
};

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

export function fakeGraphOver(
  teams: FakeTeamsClient,
  pageSizeOrOptions: number | FakeGraphOptions = 50,
): FakeGraph {
  const o: FakeGraphOptions =
    typeof pageSizeOrOptions === 'number' ? { pageSize: pageSizeOrOptions } : pageSizeOrOptions;
  const pageSize = o.pageSize ?? 50;
  const granted = o.permissions ?? DEFAULT_GRANTED;
  const catalogAppId = o.catalogAppId ?? 'catalog-app-1';
  const calls: Call[] = [];
  const failNext: number[] = [];
  /** A Teams-workload refusal, or undefined when one of `needed` is granted. */
  const refuse = (needed: readonly string[]) =>
    needed.some((p) => granted.includes(p))
      ? undefined
      : reply(403, {
          error: {
            code: 'Forbidden',
            message: `Missing role permissions on the request. API requires one of '${needed.join(', ')}'. Roles on the request '${granted.join(', ')}'.`,
          },
        });
  const userOf = (idOrUpn: string) =>
    (o.users ?? []).find(
      (u) =>
        u.id.toLowerCase() === idOrUpn.toLowerCase() ||
        u.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase(),
    );
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
    if (path === '/appCatalogs/teamsApps' && method === 'GET') {
      const denied = refuse(GRAPH_PERMISSIONS.listCatalog);
      if (denied) return denied;
      const filter = url.searchParams.get('$filter') ?? '';
      return reply(200, {
        value: filter.includes(FAKE_MANIFEST_ID) ? [{ id: catalogAppId, externalId: FAKE_MANIFEST_ID }] : [],
      });
    }
    const user = /^\/users\/([^/]+)$/.exec(path);
    if (user && method === 'GET') {
      if (!GRAPH_PERMISSIONS.getUser.some((p) => granted.includes(p)))
        return reply(403, {
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
          },
        });
      const found = userOf(user[1]!);
      return found
        ? reply(200, { id: found.id, userPrincipalName: found.userPrincipalName })
        : reply(404, {
            error: {
              code: 'Request_ResourceNotFound',
              message: `Resource '${user[1]}' does not exist or one of its queried reference-property objects are not present.`,
            },
          });
    }
    const someUser = /^\/users\/([^/]+)\//.exec(path);
    if (someUser && o.users && !userOf(someUser[1]!))
      return reply(404, {
        error: {
          code: 'Request_ResourceNotFound',
          message: `Resource '${someUser[1]}' does not exist or one of its queried reference-property objects are not present.`,
        },
      });
    const installed = /^\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
    if (installed && method === 'POST') {
      const denied = refuse(GRAPH_PERMISSIONS.installForUser);
      if (denied) return denied;
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      if (body['teamsApp@odata.bind'] !== `${BASE}/appCatalogs/teamsApps/${catalogAppId}`)
        return reply(404, { error: { code: 'NotFound', message: 'The app is not in the catalog.' } });
      const who = (userOf(installed[1]!)?.id ?? installed[1]!).toLowerCase();
      if (teams.chats.has(who))
        return reply(409, { error: { code: 'Conflict', message: 'App is already installed.' } });
      teams.addChat(`installed-${who}`, `19:${who}_bot@unq.gbl.spaces`, `29:installed-${who}`, who);
      return reply(201);
    }
    if (installed && method === 'GET') {
      const denied = refuse(GRAPH_PERMISSIONS.listForUser);
      if (denied) return denied;
      const filter = url.searchParams.get('$filter') ?? '';
      const who = (userOf(installed[1]!)?.id ?? installed[1]!).toLowerCase();
      const chat = teams.chats.get(who);
      return reply(200, {
        value:
          chat && (filter.includes(FAKE_MANIFEST_ID) || filter.includes(catalogAppId))
            ? [{ id: `install-${who}` }]
            : [],
      });
    }
    const chatOf = /^\/users\/([^/]+)\/teamwork\/installedApps\/install-([^/]+)\/chat$/.exec(path);
    if (chatOf) {
      const denied = refuse(GRAPH_PERMISSIONS.chatOfInstall);
      if (denied) return denied;
      const chat = teams.chats.get(chatOf[2]!);
      return chat
        ? reply(200, { id: graphChatIdOf(chat.conversationId) })
        : reply(404, { error: { code: 'NotFound' } });
    }
    const messages = /^\/chats\/([^/]+)\/messages$/.exec(path);
    if (messages && method === 'GET') {
      const denied = refuse(GRAPH_PERMISSIONS.chatMessages);
      if (denied) return denied;
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
