/**
 * The review service with its write API over a fresh local list service, with the local token
 * issuer: the same wiring as the local stack, on free ports. Tests call the API over HTTP with
 * tokens minted for the demo people, and read SharePoint back with the service's identity.
 */
import {
  demoManager,
  demoRiskOwners,
  demoService,
  demoUsers,
  startListService,
  type ListService,
} from '../../src/emulator';
import { startLocalIdentity, type LocalIdentity } from '../../src/server/local-identity';
import { startReviewService, type ReviewService } from '../../src/server/review-service';
import { createRegisterStore, provision, type RegisterStore } from '../../src/sharepoint';
import { createSpClient } from '../../src/sharepoint/sp-client';
import type { SPFI } from '@pnp/sp';
import { aRisk } from '../sharepoint/fixtures';

jest.setTimeout(180_000);

export const [priya, tom, helen] = demoRiskOwners.map((u) => ({
  id: u.id as number,
  name: u.title,
  email: u.email,
  token: u.token,
})) as [Person, Person, Person];
type Person = { id: number; name: string; email: string; token: string };
export const morgan = { id: demoManager.id as number, name: demoManager.title, email: demoManager.email };

export type ApiHarness = {
  list: ListService;
  identity: LocalIdentity;
  service: ReviewService;
  /** The register as the service's identity reads it. */
  store: RegisterStore;
  sp: SPFI;
  clientFor(token: string): SPFI;
  /** Ids of the seeded risk (owned by Priya, Helen delegate) and its action (owned by Tom). */
  riskId: number;
  actionId: number;
  call(
    op: string,
    body: unknown,
    token?: string | null,
  ): Promise<{ status: number; json: { error?: Record<string, unknown> } & Record<string, unknown> }>;
  /** Items in every register list: compared before and after a refusal. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
};

export async function startApiHarness(): Promise<ApiHarness> {
  const list = await startListService({ users: demoUsers });
  const clientFor = (token: string) =>
    createSpClient({ siteUrl: list.siteUrl, getToken: async () => token, retry: { baseDelayMs: 10 } });
  await provision(clientFor(demoManager.token), { registers: ['Corporate'] });
  const sp = clientFor(demoService.token);
  const store = createRegisterStore(sp);
  const risk = await store.createRisk(
    aRisk({
      reference: 'CRR01',
      owners: [{ id: priya.id, name: priya.name, email: priya.email }],
      delegates: [{ id: helen.id, name: helen.name, email: helen.email }],
    }),
    morgan,
    'import',
  );
  const action = await store.addAction(
    risk.id,
    {
      title: 'Recruit social workers',
      owners: [{ id: tom.id, name: tom.name, email: tom.email }],
      status: 'in-progress',
      progress: 20,
      plannedDate: '2027-03-31',
    },
    morgan,
    'import',
  );
  const identity = await startLocalIdentity({
    people: [demoManager, ...demoRiskOwners, ...demoUsers.filter((u) => u.role === 'read')].map((u) => ({
      name: u.title,
      email: u.email,
    })),
  });
  const service = await startReviewService({
    siteUrl: list.siteUrl,
    tokenProvider: async () => demoService.token,
    port: 0,
    serviceUrl: 'http://127.0.0.1:9/_connector',
    local: true,
    cardSecret: 'x'.repeat(32),
    statePath: ':memory:',
    schedule: false,
    sdkLogLevel: 'error',
    log: { info: () => {}, warn: () => {}, error: () => {} },
    writeApi: {
      token: { issuer: identity.issuer, audience: [identity.audience], jwksUrl: identity.jwksUrl },
      allowedOrigins: ['http://tab.example'],
    },
  });
  const call: ApiHarness['call'] = async (op, body, token) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token ?? (await identity.mint(demoManager.email))}`;
    const res = await fetch(`${service.origin}/api/register/${op}`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as never };
  };
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const title of ['Risks', 'Controls', 'Actions', 'PeriodSnapshots', 'RegisterSettings', 'AuditLog']) {
      const items = await sp.web.lists.getByTitle(title).items.select('Id', 'Modified').top(5000)();
      out[title] = items.length;
      out[`${title}:modified`] = items.reduce((n, i) => Math.max(n, Date.parse(String(i.Modified))), 0);
    }
    return out;
  };
  return {
    list,
    identity,
    service,
    store,
    sp,
    clientFor,
    riskId: risk.id,
    actionId: action.id as number,
    call,
    counts,
    close: async () => {
      await service.stop();
      await identity.close();
      await list.close();
    },
  };
}
