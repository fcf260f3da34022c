/**
 * The web part saves through the review service, as the Teams tab does: reads go to SharePoint with
 * the page's context, every change goes to the service's write API with the token SPFx's
 * AadTokenProvider gets for the API's Application ID URI. Without the service configured it shows
 * the register and refuses each change before anything is sent.
 */
import { demoManager } from '../../src/emulator';
import { PermissionDeniedError } from '../../src/sharepoint';
import { createWebPartStore } from '../../webparts/app/register-app';
import { morgan, startApiHarness, type ApiHarness } from '../service-api/api-harness';

describe('web part writes', () => {
  let h: ApiHarness;
  const realFetch = globalThis.fetch;
  const seen: { method: string; url: string }[] = [];
  const tokensAskedFor: string[] = [];

  beforeAll(async () => {
    h = await startApiHarness();
    // SharePoint authenticates a page's requests by its cookies; here the manager's bearer token
    // stands in for them on the page's SharePoint requests (they carry no Authorization header).
    // The review service runs in this process too: its own requests already carry its token and
    // are neither changed nor counted as the web part's.
    globalThis.fetch = (input, init) => {
      const url = String(input);
      const headers = new Headers(init?.headers);
      if (url.startsWith(h.list.siteUrl) && headers.has('Authorization')) return realFetch(input, init);
      seen.push({ method: init?.method ?? 'GET', url });
      if (!url.startsWith(h.list.siteUrl)) return realFetch(input, init);
      headers.set('Authorization', `Bearer ${demoManager.token}`);
      return realFetch(input, { ...init, headers });
    };
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    await h?.close();
  });

  const context = () => ({
    pageContext: {
      web: { absoluteUrl: h.list.siteUrl, title: 'Risk register' },
      legacyPageContext: {
        formDigestValue: `0x1,${new Date().toUTCString()}`,
        formDigestTimeoutSeconds: 1800,
      },
    },
    aadTokenProviderFactory: {
      getTokenProvider: async () => ({
        getToken: async (resource: string) => {
          tokensAskedFor.push(resource);
          return h.identity.mint(demoManager.email);
        },
      }),
    },
  });

  it("saves a manager's change through the service's API with SPFx's token for the API, audited as the manager", async () => {
    seen.length = 0;
    const store = createWebPartStore(context(), {
      url: h.service.origin,
      resource: h.identity.audience,
    });
    const risk = await store.getRisk(h.riskId);
    const saved = await store.updateRisk(h.riskId, { title: 'Children placements shortfall' }, risk.etag, {
      id: 0,
      name: 'Anyone the page claims',
    });
    expect(saved.title).toBe('Children placements shortfall');
    expect(tokensAskedFor).toEqual([h.identity.audience]);
    const writes = seen.filter((r) => r.method !== 'GET' && !r.url.endsWith('/_api/$batch'));
    expect(writes.map((r) => r.url)).toEqual([`${h.service.origin}/api/register/updateRisk`]);
    const audit = await h.store.getAudit(h.riskId);
    expect(audit.find((a) => a.newValue === 'Children placements shortfall')?.by).toBe(morgan.email);
  });

  it('without the service configured shows the register and refuses every change, saying what to set', async () => {
    const before = await h.counts();
    seen.length = 0;
    const store = createWebPartStore(context(), { url: '', resource: '' });
    const risk = await store.getRisk(h.riskId);
    expect(risk.reference).toBe('CRR01');
    const refusal = store.updateRisk(h.riskId, { title: 'Not saved' }, risk.etag, morgan);
    await expect(refusal).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(refusal).rejects.toThrow(
      /Review service address.*nothing was saved|nothing was saved.*Review service address/s,
    );
    expect(seen.filter((r) => r.method !== 'GET' && !r.url.endsWith('/_api/$batch'))).toEqual([]);
    expect(await h.counts()).toEqual(before);
  });
});
