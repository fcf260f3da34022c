/**
 * Production only: installs the Teams app for an owner who has no chat with the bot yet, through
 * Microsoft Graph, and returns the 1:1 chat id. Needs the application permission
 * TeamsAppInstallation.ReadWriteSelfForUser.All (admin consent) and the app published to the org
 * catalog under `manifestId`. `findChat` only reads: the chat of an owner who already has the app.
 */
import { createGraphCaller, graphError, isTransientGraphStatus, type GraphOptions } from './graph-http';

export type GraphInstallerOptions = GraphOptions & {
  /** The Teams app manifest `id` (the catalog's externalId). */
  manifestId: string;
};

export type GraphInstallResult = { ok: true; chatId: string } | { ok: false; reason: string };

export type GraphInstaller = {
  installFor(userPrincipalNameOrEmail: string): Promise<GraphInstallResult>;
  /** The Graph chat id of the owner's chat with the app, without installing anything. */
  findChat(userPrincipalNameOrEmail: string): Promise<GraphInstallResult & { transient?: boolean }>;
};

export function createGraphInstaller(options: GraphInstallerOptions): GraphInstaller {
  const graph = createGraphCaller(options);
  const { call, base } = graph;
  let catalogId: string | undefined;

  async function teamsAppId(): Promise<string | { reason: string }> {
    if (catalogId) return catalogId;
    const filter = encodeURIComponent(`externalId eq '${options.manifestId.replace(/'/g, "''")}'`);
    const r = await call('GET', `/appCatalogs/teamsApps?$filter=${filter}`);
    const value = (r.json.value as { id: string }[] | undefined) ?? [];
    if (r.status !== 200 || !value[0]) {
      return {
        reason:
          r.status === 200
            ? `The Teams app ${options.manifestId} is not in the organisation's app catalog; publish it (Teams admin centre) so it can be installed for owners.`
            : `Graph refused to read the app catalog (${graphError(r)}).`,
      };
    }
    catalogId = value[0].id;
    return catalogId;
  }

  /** The installation of the app for the user, then its chat. */
  async function chatOf(
    user: string,
    appFilter: string,
  ): Promise<GraphInstallResult & { transient?: boolean }> {
    const who = encodeURIComponent(user);
    const list = await call(
      'GET',
      `/users/${who}/teamwork/installedApps?$expand=teamsApp&$filter=${encodeURIComponent(appFilter)}`,
    );
    const install = ((list.json.value as { id: string }[] | undefined) ?? [])[0];
    if (!install)
      return {
        ok: false,
        reason:
          list.status === 200
            ? `The app is not installed for ${user}.`
            : `The app installation of ${user} could not be read (${graphError(list)}).`,
        transient: isTransientGraphStatus(list.status),
      };
    const chat = await call(
      'GET',
      `/users/${who}/teamwork/installedApps/${encodeURIComponent(install.id)}/chat`,
    );
    const chatId = typeof chat.json.id === 'string' ? chat.json.id : undefined;
    return chatId
      ? { ok: true, chatId }
      : {
          ok: false,
          reason: `Could not read the chat of ${user} with the app (${graphError(chat)}).`,
          transient: isTransientGraphStatus(chat.status),
        };
  }

  return {
    async installFor(user) {
      const appId = await teamsAppId();
      if (typeof appId !== 'string') return { ok: false, reason: appId.reason };
      const who = encodeURIComponent(user);
      const add = await call('POST', `/users/${who}/teamwork/installedApps`, {
        'teamsApp@odata.bind': `${base}/appCatalogs/teamsApps/${appId}`,
      });
      // 409: already installed, which is what we want.
      if (add.status !== 201 && add.status !== 409) {
        return {
          ok: false,
          reason:
            add.status === 404
              ? `${user} was not found in the organisation's directory.`
              : add.status === 403
                ? `Graph refused to install the app for ${user} (${graphError(add)}); grant TeamsAppInstallation.ReadWriteSelfForUser.All with admin consent.`
                : `Graph could not install the app for ${user} (${graphError(add)}).`,
        };
      }
      const found = await chatOf(user, `teamsApp/id eq '${appId}'`);
      if (found.ok) return { ok: true, chatId: found.chatId };
      return {
        ok: false,
        reason: `The app was installed for ${user} but its chat could not be read back: ${found.reason}`,
      };
    },
    findChat(user) {
      return chatOf(user, `teamsApp/externalId eq '${options.manifestId.replace(/'/g, "''")}'`);
    },
  };
}
