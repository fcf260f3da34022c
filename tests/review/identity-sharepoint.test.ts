/**
 * Identity by Entra object id end to end on the local list service through real PnPjs: the owner's
 * object id comes from SharePoint's site user (`AadObjectId`), Graph is asked by UPN only where
 * SharePoint has none, and the product names the exact missing Graph permission when Graph refuses.
 */
import type { App } from '@microsoft/teams.apps';
import { newRisk } from '../../src/domain';
import { demoManager, demoService, demoUpnPerson, startListService } from '../../src/emulator';
import { createMemoryConversationStore } from '../../src/review/conversations';
import { createDispatcher } from '../../src/review/dispatcher';
import { cachedDirectory } from '../../src/review/identity';
import { handleCardAction } from '../../src/review/invoke-handler';
import { createMemoryOutbox } from '../../src/review/outbox';
import { runPeriod } from '../../src/review/scheduler';
import { createGraphInstaller } from '../../src/server/review-graph-install';
import { createIdentityLookup } from '../../src/server/review-identity';
import { createSdkTeamsClient } from '../../src/server/review-teams';
import { createRegisterStore, siteUserIdentity } from '../../src/sharepoint';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { createCardSigner } from '../../src/review/card-signing';
import type { ReviewDeps } from '../../src/review/context';
import { FakeTeamsClient, SECRET, silent, virtualClock } from './fakes';
import { fakeGraphOver } from '../../src/testing/graph';
import { actionData, cardFor, textOf } from './helpers';
import { REGISTER, seedSite, type SeededSite } from './seed';

jest.setTimeout(120_000);

const PERIOD = '2026/27-Q3';
const raviOid = demoUpnPerson.objectId!;

/** The Teams SDK's App as the SDK client uses it: sends go to the fake Teams, members from its chats. */
function fakeApp(teams: FakeTeamsClient, memberCalls: string[]): App {
  return {
    send: (conversationId: string, activity: Parameters<FakeTeamsClient['send']>[1]) =>
      teams.send(conversationId, activity),
    api: {
      conversations: {
        getMemberById: async (conversationId: string, memberId: string) => {
          memberCalls.push(`${conversationId} ${memberId}`);
          for (const [aad, chat] of teams.chats)
            if (chat.conversationId === conversationId && (aad === memberId || chat.userId === memberId))
              return { id: chat.userId, aadObjectId: aad, name: 'member' };
          throw Object.assign(new Error('member not found'), { response: { status: 404 } });
        },
      },
    },
  } as unknown as App;
}

async function raviSite(): Promise<SeededSite> {
  const site = await seedSite();
  const manager = createRegisterStore(
    createSpClient({ siteUrl: site.service.siteUrl, getToken: async () => demoManager.token }),
  );
  await manager.createRisk(
    newRisk({
      reference: 'CRR0009',
      title: 'Housing benefit system outage',
      register: REGISTER,
      // Picked by mail address, as the tab's people picker gives it: SharePoint resolves the site user.
      owners: [{ name: demoUpnPerson.title, email: demoUpnPerson.email }],
      current: { likelihood: 2, impact: 3 },
    }),
    await manager.currentUser(),
  );
  return site;
}

function depsOver(
  site: SeededSite,
  teams: ReviewDeps['teams'],
  clock = virtualClock('2026-10-05T09:00:00Z'),
) {
  const deps: ReviewDeps = {
    store: site.store,
    requests: site.requests,
    teams,
    conversations: createMemoryConversationStore(),
    identities: cachedDirectory(createIdentityLookup({ sp: site.sp })),
    outbox: createMemoryOutbox(),
    signer: createCardSigner(SECRET),
    clock,
    links: { risk: (id) => `https://tab.example/?risk=${id}`, status: () => 'x', myRisks: () => 'x' },
    log: silent,
  };
  return deps;
}

describe('owners by Entra object id on the list service', () => {
  let site: SeededSite | undefined;
  afterEach(async () => {
    await site?.close();
    site = undefined;
  });

  it("reads a site user's object id and UPN from SharePoint, not the mail address", async () => {
    site = await raviSite();
    await expect(siteUserIdentity(site.sp, demoUpnPerson.id!)).resolves.toEqual({
      id: demoUpnPerson.id,
      name: 'Ravi Patel',
      email: 'ravi.patel@council.example',
      upn: 'r.patel@northmoorcc.onmicrosoft.com',
      aadObjectId: raviOid,
    });
  });

  it('delivers the card to an owner whose UPN differs from their mail, and records their answer by object id', async () => {
    site = await raviSite();
    const clock = virtualClock('2026-10-05T09:00:00Z');
    const teams = new FakeTeamsClient(clock);
    teams.addChat('ravi', 'a:chat-ravi', '29:ravi', raviOid);
    const deps = depsOver(site, teams, clock);
    const report = await runPeriod(deps, createDispatcher(deps), { periodId: PERIOD });
    expect(report.send?.sent.some((s) => s.key.endsWith(`|${demoUpnPerson.id}`))).toBe(true);
    expect(teams.asked.find((c) => c.aadObjectId === raviOid)).toMatchObject({
      upn: 'r.patel@northmoorcc.onmicrosoft.com',
    });
    const { card } = cardFor({ teams } as never, 'CRR0009');
    const res = await handleCardAction(
      deps,
      async (from) => ({ userId: from.id, ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) }),
      {
        verb: 'confirm',
        data: { ...actionData(card), likelihood: '2', impact: '3', comment: 'Checked with the supplier.' },
        from: { id: '29:ravi', aadObjectId: raviOid, name: 'Ravi Patel' },
      },
    );
    expect(textOf(res.value)).toContain('Recorded: rating confirmed');
  });

  it('installs the app for an owner by object id with only the install permission when the catalog id is set', async () => {
    site = await raviSite();
    const clock = virtualClock('2026-10-05T09:00:00Z');
    const teams = new FakeTeamsClient(clock);
    const graph = fakeGraphOver(teams, {
      permissions: ['TeamsAppInstallation.ReadWriteSelfForUser.All'],
      users: [{ id: raviOid, userPrincipalName: 'r.patel@northmoorcc.onmicrosoft.com' }],
    });
    const installer = createGraphInstaller({ ...graph.options, catalogAppId: 'catalog-app-1' });
    const memberCalls: string[] = [];
    const conversations = createMemoryConversationStore();
    const sdk = createSdkTeamsClient(fakeApp(teams, memberCalls), conversations, installer);
    const deps = { ...depsOver(site, sdk, clock), conversations };
    const report = await runPeriod(deps, createDispatcher(deps), { periodId: PERIOD });
    const raviKey = (k: string) => k.endsWith(`|${demoUpnPerson.id}`);
    expect(report.send?.unreachable.filter((u) => raviKey(u.key))).toEqual([]);
    expect(graph.calls.some((c) => c.path.startsWith('/appCatalogs'))).toBe(false);
    // Every owner is asked for by object id: no mail address or UPN in any /users/ path.
    const userPaths = graph.calls.map((c) => c.path).filter((p) => p.startsWith('/users/'));
    expect(userPaths.every((p) => /^\/users\/[0-9a-f-]{36}\//.test(p))).toBe(true);
    expect(userPaths).toContain(`/users/${raviOid}/teamwork/installedApps`);
    // The Teams user id came from the new chat's roster, asked by object id; no `email:` ids anywhere.
    expect(await conversations.byAadObjectId(raviOid)).toMatchObject({ userId: `29:installed-${raviOid}` });
    expect(memberCalls).toContainEqual(expect.stringContaining(raviOid));
    const { card } = cardFor({ teams } as never, 'CRR0009');
    expect((card.refresh as { userIds: string[] }).userIds).toEqual([`29:installed-${raviOid}`]);
  });

  it('reports owners unreachable naming the missing permission when Graph refuses the app catalog', async () => {
    site = await raviSite();
    const clock = virtualClock('2026-10-05T09:00:00Z');
    const teams = new FakeTeamsClient(clock);
    const graph = fakeGraphOver(teams, { permissions: ['TeamsAppInstallation.ReadWriteSelfForUser.All'] });
    const installer = createGraphInstaller(graph.options);
    const sdk = createSdkTeamsClient(fakeApp(teams, []), createMemoryConversationStore(), installer);
    const deps = depsOver(site, sdk, clock);
    const report = await runPeriod(deps, createDispatcher(deps), { periodId: PERIOD });
    const ravi = report.send?.unreachable.find((u) => u.owner === 'Ravi Patel');
    expect(ravi?.reason).toBe(
      "Graph refused to read the app catalog (403 Forbidden: Missing role permissions on the request. API requires one of 'AppCatalog.Read.All, AppCatalog.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All'. Roles on the request 'TeamsAppInstallation.ReadWriteSelfForUser.All'.): missing permission AppCatalog.Read.All (application, admin consent). Grant it, or set TEAMS_CATALOG_APP_ID to the app's id in the org catalog so only TeamsAppInstallation.ReadWriteSelfForUser.All is needed.",
    );
    const stored = await site.requests.listRequests({ periodId: PERIOD });
    expect(
      stored
        .filter((r) => r.status === 'unreachable')
        .every((r) => r.lastError?.includes('AppCatalog.Read.All')),
    ).toBe(true);
    expect(graph.calls.filter((c) => c.method === 'POST')).toEqual([]);
  });
});

describe('a site user SharePoint holds no object id for', () => {
  const kim = {
    id: 20,
    loginName: 'k.ng@northmoorcc.onmicrosoft.com',
    title: 'Kim Ng',
    email: 'kim.ng@council.example',
    role: 'edit' as const,
    token: 'kim-token',
  };
  const kimOid = '4b1d2c3e-0000-4000-8000-000000000020';

  it('is looked up in Graph by UPN, and reported with the missing permission when Graph refuses', async () => {
    const service = await startListService({ users: [demoService, kim] });
    try {
      const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoService.token });
      const teams = new FakeTeamsClient(virtualClock('2026-10-05T09:00:00Z'));
      const users = [{ id: kimOid, userPrincipalName: kim.loginName }];
      const refused = fakeGraphOver(teams, {
        permissions: ['TeamsAppInstallation.ReadWriteSelfForUser.All'],
        users,
      });
      await expect(
        createIdentityLookup({ sp, graph: refused.options })({ id: kim.id, name: kim.title }),
      ).resolves.toEqual({
        ok: false,
        reason:
          'Graph refused to look up Kim Ng (k.ng@northmoorcc.onmicrosoft.com) (403 Authorization_RequestDenied: Insufficient privileges to complete the operation.): missing permission User.Read.All (application, admin consent).',
      });
      // Asked by UPN, never by the mail address.
      expect(refused.calls.map((c) => c.path)).toEqual([
        `/users/${kim.loginName}?$select=id,userPrincipalName`,
      ]);
      const granted = fakeGraphOver(teams, { permissions: ['User.Read.All'], users });
      await expect(
        createIdentityLookup({ sp, graph: granted.options })({ id: kim.id, name: kim.title }),
      ).resolves.toEqual({ ok: true, identity: { aadObjectId: kimOid, upn: kim.loginName } });
      await expect(createIdentityLookup({ sp })({ id: kim.id, name: kim.title })).resolves.toMatchObject({
        ok: false,
        reason: expect.stringContaining('Graph look-ups are not configured'),
      });
    } finally {
      await service.close();
    }
  });
});
