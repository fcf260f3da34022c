/**
 * SharePoint's RateLimit headers and resource units (src/emulator/resource-units.ts cites the Learn
 * page and the Microsoft 365 Developer Blog post), and the client pacing itself on them before a
 * 429 (src/sharepoint/retry.ts). Time is a fake clock shared by the list service and the client,
 * so a minute-long window costs no real time.
 */
import { DefaultHeaders, DefaultInit, SPFx, spfi, type SPFI } from '@pnp/sp';
import { DefaultParse } from '@pnp/queryable';
import '@pnp/sp/webs';
import '@pnp/sp/lists';
import '@pnp/sp/items';
import { demoManager, demoService, startListService, type ListService } from '../../src/emulator';
import { resourceMeter, resourceUnitCost } from '../../src/emulator/resource-units';
import type { Caller } from '../../src/emulator/types';
import { provision } from '../../src/sharepoint/provisioning';
import { FetchWithRetry, rateLimitPauseMs, type RequestRecord } from '../../src/sharepoint/retry';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { BearerToken, spFor } from '../emulator/pnp-client';

jest.setTimeout(120_000);

const app: Caller = {
  user: {
    id: 20,
    loginName: 'i:0i.t|ms.sp.ext|app@tenant',
    title: 'Risk Register service',
  } as Caller['user'],
  appGrant: 'fullcontrol',
};
const person: Caller = {
  user: { id: 7, loginName: 'i:0#.f|membership|morgan@council.example', title: 'Morgan' } as Caller['user'],
};

describe('resource units as SharePoint Online meters them', () => {
  it('costs 1 for a single item, 2 for a collection or a write, 5 for a permissions call (Learn table)', () => {
    expect(resourceUnitCost('GET', "web/lists/getByTitle('Risks')/items(7)")).toBe(1);
    expect(resourceUnitCost('GET', 'web/currentuser')).toBe(1);
    expect(resourceUnitCost('GET', "web/lists/getByTitle('Risks')/items")).toBe(2);
    expect(resourceUnitCost('POST', "web/lists/getByTitle('Risks')/items")).toBe(2);
    expect(resourceUnitCost('MERGE', "web/lists/getByTitle('Risks')/items(3)")).toBe(2);
    expect(resourceUnitCost('GET', 'web/roleassignments')).toBe(5);
    expect(resourceUnitCost('POST', "web/lists/getByTitle('AuditLog')/breakroleinheritance(false)")).toBe(5);
  });

  it('adds RateLimit headers from 80% of the budget, refuses with 429 past it, and only for apps', () => {
    let now = 1_000_000;
    const meter = resourceMeter({ perMinute: 10, now: () => now });
    for (let n = 0; n < 3; n++) expect(meter.charge(app, 'GET', 'web/lists')).toBeUndefined();
    expect(meter.headers(app)).toEqual({}); // 6 of 10: below 80%
    now += 20_000;
    expect(meter.charge(app, 'GET', 'web/lists')).toBeUndefined();
    expect(meter.headers(app)).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '2',
      'RateLimit-Reset': '40', // the first three calls leave the window 40 s from now
    });
    expect(meter.charge(app, 'GET', 'web/lists')).toBeUndefined();
    const refused = meter.charge(app, 'GET', 'web/lists');
    expect(refused?.status).toBe(429);
    expect(refused?.headers['Retry-After']).toBe('40');
    expect(refused?.headers['RateLimit-Remaining']).toBe('0');
    expect(refused?.body).toContain('resource units');
    // Delegated calls are never given the headers (the blog: application permissions only).
    for (let n = 0; n < 20; n++) expect(meter.charge(person, 'GET', 'web/lists')).toBeUndefined();
    expect(meter.headers(person)).toEqual({});
    now += 40_000;
    expect(meter.charge(app, 'GET', 'web/lists')).toBeUndefined();
  });

  it('spreads what remains over the rest of the window, and waits for the reset at 0', () => {
    const h = (remaining: string, reset: string) =>
      new Headers({ 'RateLimit-Remaining': remaining, 'RateLimit-Reset': reset });
    expect(rateLimitPauseMs(new Headers())).toBe(0);
    expect(rateLimitPauseMs(h('20', '30'))).toBe(3000);
    expect(rateLimitPauseMs(h('0', '12'))).toBe(12_000);
    expect(rateLimitPauseMs(h('1', '12'))).toBe(12_000);
    expect(rateLimitPauseMs(h('soon', '12'))).toBe(0);
  });
});

describe('an app-only client against a metered list service', () => {
  let now = 0;
  let service: ListService;
  beforeAll(async () => {
    service = await startListService({ resourceUnits: { perMinute: 60, now: () => now } });
    // Provisioning runs as the site owner would, unmetered (a delegated caller).
    await provision(createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token }), {
      registers: ['Corporate'],
    });
  });
  afterAll(() => service.close());

  const readRisks = async (sp: SPFI, times: number) => {
    for (let n = 0; n < times; n++) await sp.web.lists.getByTitle('Risks').items.select('Id').top(5)();
  };

  it('paces itself on RateLimit-Remaining and meets no 429 over three windows of budget', async () => {
    now = 10_000_000;
    const requests: RequestRecord[] = [];
    let waited = 0;
    const sp = spfi(service.siteUrl).using(
      DefaultHeaders(),
      DefaultInit(),
      DefaultParse(),
      FetchWithRetry({
        now: () => now,
        sleep: async (ms) => {
          waited += ms;
          now += ms;
        },
        onRequest: (r) => requests.push(r),
      }),
      BearerToken(demoService.token),
    );
    await readRisks(sp, 90); // 180 units against a budget of 60 a minute
    expect(requests).toHaveLength(90);
    expect(requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(waited).toBeGreaterThanOrEqual(120_000);
  });

  it("while PnPjs's own retry, which ignores the headers, runs into a 429", async () => {
    now = 20_000_000;
    const sp = spFor(service.siteUrl, demoService.token, 1);
    // 30 calls at 2 units each fit a budget of 60; the 31st is refused.
    await expect(readRisks(sp, 30)).resolves.toBeUndefined();
    await expect(readRisks(sp, 1)).rejects.toThrow(/429/);
  });
});

describe('the product retry stays in charge under the SPFx behavior', () => {
  it('replaces the BrowserFetchWithRetry that PnPjs SPFx() installs', async () => {
    const seen: RequestRecord[] = [];
    const statuses = [429, 200];
    const fakeFetch = (async () => {
      const status = statuses.shift() ?? 200;
      return status === 200
        ? new Response(JSON.stringify({ Title: 'Risk Register' }), {
            status,
            headers: { 'Content-Type': 'application/json' },
          })
        : // An HTTP-date Retry-After, which BrowserFetchWithRetry reads as NaN.
          new Response('', {
            status,
            headers: { 'Retry-After': new Date(Date.now() + 1000).toUTCString() },
          });
    }) as unknown as typeof fetch;
    const siteUrl = 'https://council.sharepoint.com/sites/risk';
    const context = {
      pageContext: {
        web: { absoluteUrl: siteUrl },
        legacyPageContext: {
          formDigestValue: `0xABC,${new Date().toUTCString()}`,
          formDigestTimeoutSeconds: 1800,
        },
      },
      aadTokenProviderFactory: { getTokenProvider: async () => ({ getToken: async () => 'token' }) },
    };
    const sp = createSpClient({
      siteUrl,
      fetch: fakeFetch,
      onRequest: (r) => seen.push(r),
      retry: { baseDelayMs: 10 },
      behaviors: [SPFx(context as unknown as Parameters<typeof SPFx>[0])],
    });
    await expect(sp.web.select('Title')()).resolves.toMatchObject({ Title: 'Risk Register' });
    expect(seen.map((r) => [r.status, r.attempt])).toEqual([
      [429, 1],
      [200, 2],
    ]);
  });
});
