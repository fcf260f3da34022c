/**
 * Production only: installs the Teams app for an owner who has no chat with the bot yet, through
 * Microsoft Graph, and returns the 1:1 chat id. Needs the application permission
 * TeamsAppInstallation.ReadWriteSelfForUser.All (admin consent) and the app published to the org
 * catalog under `manifestId`.
 */
export type GraphInstallerOptions = {
  /** The Teams app manifest `id` (the catalog's externalId). */
  manifestId: string;
  /** An app-only token for https://graph.microsoft.com/.default. */
  getToken: () => Promise<string>;
  graphBaseUrl?: string;
  fetch?: typeof fetch;
};

export type GraphInstallResult = { ok: true; chatId: string } | { ok: false; reason: string };

export type GraphInstaller = { installFor(userPrincipalNameOrEmail: string): Promise<GraphInstallResult> };

export function createGraphInstaller(options: GraphInstallerOptions): GraphInstaller {
  const base = (options.graphBaseUrl ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  let catalogId: string | undefined;

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await doFetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${await options.getToken()}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { raw: text };
    }
    return { status: res.status, json };
  }

  const graphError = (r: { status: number; json: Record<string, unknown> }): string => {
    const e = r.json.error as { code?: string; message?: string } | undefined;
    return `${r.status}${e?.code ? ` ${e.code}` : ''}${e?.message ? `: ${e.message}` : ''}`;
  };

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
      const filter = encodeURIComponent(`teamsApp/id eq '${appId}'`);
      const list = await call(
        'GET',
        `/users/${who}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`,
      );
      const install = ((list.json.value as { id: string }[] | undefined) ?? [])[0];
      if (!install)
        return {
          ok: false,
          reason: `The app was installed for ${user} but the installation could not be read back (${graphError(list)}).`,
        };
      const chat = await call(
        'GET',
        `/users/${who}/teamwork/installedApps/${encodeURIComponent(install.id)}/chat`,
      );
      const chatId = typeof chat.json.id === 'string' ? chat.json.id : undefined;
      return chatId
        ? { ok: true, chatId }
        : { ok: false, reason: `Could not read the chat of ${user} with the app (${graphError(chat)}).` };
    },
  };
}
