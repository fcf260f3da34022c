/**
 * Production only: installs the Teams app for an owner who has no chat with the bot yet, through
 * Microsoft Graph, and returns the 1:1 chat id. Users are always named by Entra object id (Graph's
 * `/users/{id}` takes an object id or a UPN, never an arbitrary mail address).
 *
 * Permissions (application, admin consent), least privileged per Microsoft Learn:
 * - install: `POST /users/{id}/teamwork/installedApps`: TeamsAppInstallation.ReadWriteSelfForUser.All
 *   (learn.microsoft.com/graph/api/userteamwork-post-installedapps);
 * - find the installation: `GET /users/{id}/teamwork/installedApps`: TeamsAppInstallation.ReadForUser.All,
 *   which ReadWriteSelfForUser.All also grants (learn.microsoft.com/graph/api/userteamwork-list-installedapps);
 * - its chat: `GET /users/{id}/teamwork/installedApps/{id}/chat`: the same TeamsAppInstallation
 *   permissions (learn.microsoft.com/graph/api/userscopeteamsappinstallation-get-chat);
 * - the app's catalog id: `GET /appCatalogs/teamsApps?$filter=externalId eq '…'`: AppCatalog.Read.All
 *   (learn.microsoft.com/graph/api/appcatalogs-list-teamsapps). Setting TEAMS_CATALOG_APP_ID (the
 *   catalog id, Teams admin centre > Manage apps > the app's "App ID") skips this call, so the service
 *   needs TeamsAppInstallation.ReadWriteSelfForUser.All only.
 */
import { createGraphCaller, graphError, isTransientGraphStatus, type GraphOptions } from './graph-http';

export type GraphInstallerOptions = GraphOptions & {
  /** The Teams app manifest `id` (the catalog's externalId). */
  manifestId: string;
  /** The app's id in the org catalog (TEAMS_CATALOG_APP_ID): no catalog read, no AppCatalog.Read.All. */
  catalogAppId?: string;
};

export type GraphInstallResult = { ok: true; chatId: string } | { ok: false; reason: string };

export type GraphInstaller = {
  /** Installs the app for the user (Entra object id) and returns their chat with it. */
  installFor(aadObjectId: string): Promise<GraphInstallResult>;
  /** The Graph chat id of the owner's chat with the app, without installing anything. */
  findChat(aadObjectId: string): Promise<GraphInstallResult & { transient?: boolean }>;
};

/** Least-privileged application permissions of the calls above (see the header for the Learn pages). */
export const INSTALL_PERMISSION = 'TeamsAppInstallation.ReadWriteSelfForUser.All';
export const CATALOG_PERMISSION = 'AppCatalog.Read.All';

const refusedFor = (status: number) => status === 401 || status === 403;

export function createGraphInstaller(options: GraphInstallerOptions): GraphInstaller {
  const graph = createGraphCaller(options);
  const { call, base } = graph;
  let catalogId: string | undefined = options.catalogAppId;

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
            : refusedFor(r.status)
              ? `Graph refused to read the app catalog (${graphError(r)}): missing permission ${CATALOG_PERMISSION} (application, admin consent). Grant it, or set TEAMS_CATALOG_APP_ID to the app's id in the org catalog so only ${INSTALL_PERMISSION} is needed.`
              : `Graph could not read the app catalog (${graphError(r)}).`,
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
            : refusedFor(list.status)
              ? `Graph refused to read the app installations of ${user} (${graphError(list)}): missing permission ${INSTALL_PERMISSION} (application, admin consent).`
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
          reason: refusedFor(chat.status)
            ? `Graph refused to read the chat of ${user} with the app (${graphError(chat)}): missing permission ${INSTALL_PERMISSION} (application, admin consent).`
            : `Could not read the chat of ${user} with the app (${graphError(chat)}).`,
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
              : refusedFor(add.status)
                ? `Graph refused to install the app for ${user} (${graphError(add)}): missing permission ${INSTALL_PERMISSION} (application, admin consent).`
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
