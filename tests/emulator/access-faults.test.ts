/**
 * Identities and roles from bearer tokens (401 / 403), and injected throttling that PnPjs's
 * BrowserFetchWithRetry recovers from by honouring Retry-After.
 */
import type { SPFI } from '@pnp/sp';
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  demoService,
  startListService,
  type ListService,
} from '../../src/emulator';
import { ensureSimpleRisks, failureOf, statusOf } from './fixtures';
import { spFor } from './pnp-client';

// The machine is shared: allow slow runs; no test asserts on elapsed time.
jest.setTimeout(60_000);

let service: ListService;
let manager: SPFI;

beforeAll(async () => {
  service = await startListService();
  manager = spFor(service.siteUrl, demoManager.token);
  await ensureSimpleRisks(manager);
  await manager.web.lists.getByTitle('Risks').items.add({ Title: 'Seed', RiskCode: 'S-1' });
});

afterAll(async () => {
  await service.close();
});

describe('authentication and roles', () => {
  it('answers 401 without a token and with an unknown token', async () => {
    expect(await statusOf(spFor(service.siteUrl, undefined).web.currentUser())).toBe(401);
    expect(await statusOf(spFor(service.siteUrl, 'forged').web.currentUser())).toBe(401);
  });

  it('knows who is calling', async () => {
    const me = await spFor(service.siteUrl, demoRiskOwners[1]?.token).web.currentUser();
    expect(me).toMatchObject({
      Title: demoRiskOwners[1]?.title,
      Email: demoRiskOwners[1]?.email,
      IsSiteAdmin: false,
    });
    const app = await spFor(service.siteUrl, demoService.token).web.currentUser();
    expect(app.LoginName).toBe(demoService.loginName);
  });

  it('lets a read-only member read but not write', async () => {
    const reader = spFor(service.siteUrl, demoReader.token);
    const items = await reader.web.lists.getByTitle('Risks').items.select('Title')();
    expect(items.map((i: { Title: string }) => i.Title)).toEqual(['Seed']);
    const denied = await failureOf(reader.web.lists.getByTitle('Risks').items.add({ Title: 'nope' }));
    expect(denied.status).toBe(403);
    expect(denied.message).toContain('Access denied');
    expect(await statusOf(reader.web.lists.getByTitle('Risks').items.getById(1).update({ Title: 'x' }))).toBe(
      403,
    );
  });

  it('lets a risk owner change items but not lists or fields', async () => {
    const owner = spFor(service.siteUrl, demoRiskOwners[0]?.token);
    const risks = owner.web.lists.getByTitle('Risks');
    await risks.items.getById(1).update({ Title: 'Seed (owner edit)' });
    expect(await statusOf(owner.web.lists.add('Owner list'))).toBe(403);
    expect(await statusOf(risks.fields.addText('Sneaky'))).toBe(403);
    expect(await statusOf(risks.fields.getByInternalNameOrTitle('Score').update({ Indexed: true }))).toBe(
      403,
    );
  });

  it('lets the app-only service identity create lists', async () => {
    const app = spFor(service.siteUrl, demoService.token);
    const { created } = await app.web.lists.ensure('Audit log');
    expect(created).toBe(true);
  });
});

describe('fault injection', () => {
  afterEach(() => service.setFaults(undefined));

  it('throttles a share of requests with Retry-After and PnPjs retries them to success', async () => {
    service.setFaults({ rate: 0.4, seed: 42, retryAfterSeconds: 0 });
    service.resetRequestCount();
    const sp = spFor(service.siteUrl, demoManager.token, 6);
    for (let i = 0; i < 15; i++) {
      const me = await sp.web.currentUser();
      expect(me.Title).toBe(demoManager.title);
    }
    // Every throttled attempt was retried, so more requests reached the service than calls were made.
    expect(service.requestCount()).toBeGreaterThan(15);
  });

  it('sends Retry-After and a SharePoint-shaped error, and PnPjs gives up after its attempts', async () => {
    service.setFaults({ rate: 1, statuses: [429], retryAfterSeconds: 0 });
    const res = await fetch(`${service.siteUrl}/_api/web/currentUser`, {
      headers: { Authorization: `Bearer ${demoManager.token}` },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('0');
    expect(((await res.json()) as Record<string, unknown>)['odata.error']).toBeDefined();
    service.resetRequestCount();
    expect(await statusOf(spFor(service.siteUrl, demoManager.token, 3).web.currentUser())).toBe(429);
    expect(service.requestCount()).toBe(3);
  });

  it('is repeatable for the same seed', async () => {
    const run = async (): Promise<number[]> => {
      service.setFaults({ rate: 0.5, seed: 9, statuses: [503], retryAfterSeconds: 0 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await fetch(`${service.siteUrl}/_api/web/currentUser`, {
          headers: { Authorization: `Bearer ${demoManager.token}` },
        });
        statuses.push(r.status);
        await r.arrayBuffer();
      }
      return statuses;
    };
    const first = await run();
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});
