import { createGraphInstaller } from '../../src/server/review-graph-install';

/** Owners are named to Graph by Entra object id (never by mail address). */
const PRIYA = '00000000-0000-0000-0000-000000000108';
const TOM = '00000000-0000-0000-0000-000000000109';
const NOBODY = '00000000-0000-0000-0000-0000000009ff';

type Call = { method: string; url: string; auth: string | null; body?: unknown };

/** A fake Microsoft Graph answering the four calls the installer makes, with per-test overrides. */
function fakeGraph(overrides: { catalog?: unknown[]; installStatus?: number; installBody?: unknown } = {}) {
  const calls: Call[] = [];
  const reply = (status: number, body?: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    calls.push({
      method,
      url,
      auth: headers.get('Authorization'),
      ...(init?.body ? { body: JSON.parse(String(init.body)) } : {}),
    });
    const path = decodeURIComponent(new URL(url).pathname + new URL(url).search);
    if (path.includes('/appCatalogs/teamsApps?'))
      return reply(200, { value: overrides.catalog ?? [{ id: 'catalog-app-1' }] });
    if (method === 'POST' && path.endsWith('/teamwork/installedApps'))
      return reply(overrides.installStatus ?? 201, overrides.installBody);
    if (path.includes('/teamwork/installedApps?')) return reply(200, { value: [{ id: 'install-9' }] });
    if (path.endsWith('/installedApps/install-9/chat')) return reply(200, { id: '19:chat-with-bot' });
    return reply(404, { error: { code: 'NotFound', message: path } });
  }) as typeof fetch;
  const installer = createGraphInstaller({
    manifestId: 'a1b2c3',
    getToken: async () => 'graph-token',
    graphBaseUrl: 'http://graph.test/v1.0',
    fetch: fetchImpl,
  });
  return { installer, calls };
}

describe('installing the Teams app for an owner through Graph', () => {
  it('finds the app in the catalog, installs it for the owner and returns their chat with the bot', async () => {
    const { installer, calls } = fakeGraph();
    await expect(installer.installFor(PRIYA)).resolves.toEqual({
      ok: true,
      chatId: '19:chat-with-bot',
    });
    expect(calls.every((c) => c.auth === 'Bearer graph-token')).toBe(true);
    expect(decodeURIComponent(calls[0]!.url)).toContain("externalId eq 'a1b2c3'");
    expect(calls[1]).toMatchObject({
      method: 'POST',
      url: `http://graph.test/v1.0/users/${PRIYA}/teamwork/installedApps`,
      body: { 'teamsApp@odata.bind': 'http://graph.test/v1.0/appCatalogs/teamsApps/catalog-app-1' },
    });
    // The catalog id is looked up once per service, not per owner.
    await installer.installFor(TOM);
    expect(calls.filter((c) => c.url.includes('/appCatalogs/teamsApps?'))).toHaveLength(1);
  });

  it('treats an app that is already installed (409) as success', async () => {
    const { installer } = fakeGraph({ installStatus: 409 });
    await expect(installer.installFor(PRIYA)).resolves.toMatchObject({ ok: true });
  });

  it('says what an admin must do when the app is not in the catalog or the permission is missing', async () => {
    const missing = await fakeGraph({ catalog: [] }).installer.installFor(PRIYA);
    expect(missing).toEqual({
      ok: false,
      reason: expect.stringMatching(/not in the organisation's app catalog/),
    });
    const refused = await fakeGraph({
      installStatus: 403,
      installBody: { error: { code: 'Forbidden', message: 'Missing role' } },
    }).installer.installFor(PRIYA);
    expect(refused).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /403 Forbidden: Missing role.*TeamsAppInstallation\.ReadWriteSelfForUser\.All/,
      ),
    });
    const unknown = await fakeGraph({ installStatus: 404 }).installer.installFor(NOBODY);
    expect(unknown).toEqual({
      ok: false,
      reason: `${NOBODY} was not found in the organisation's directory.`,
    });
  });
});
