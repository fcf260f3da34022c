/**
 * The web part's data path: PnPjs with the SPFx behavior, as `createWebPartStore(this.context)`
 * builds it, against the local list service. SharePoint authenticates a page's requests by its
 * cookies; here a fetch wrapper adds the demo manager's bearer token in their place, below PnPjs.
 */
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { provision } from '../../src/sharepoint/provisioning';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { createWebPartStore } from '../../webparts/app/register-app';

describe('web part store over the SPFx behavior', () => {
  let service: ListService;
  const realFetch = globalThis.fetch;
  const seen: { method: string; url: string; digest?: string }[] = [];
  // SharePoint's digest is "<value>,<creation date>"; PnPjs reads the date to know when it expires.
  const formDigest = `0x1234,${new Date().toUTCString()}`;

  beforeAll(async () => {
    service = await startListService();
    const admin = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    await provision(admin, { registers: ['Strategic', 'Adult Social Care'] });
    globalThis.fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push({
        method: init?.method ?? 'GET',
        url: String(input),
        ...(headers.get('X-RequestDigest') ? { digest: headers.get('X-RequestDigest') as string } : {}),
      });
      headers.set('Authorization', `Bearer ${demoManager.token}`);
      return realFetch(input, { ...init, headers });
    };
  });

  afterAll(async () => {
    globalThis.fetch = realFetch;
    await service.close();
  });

  const context = () => ({
    pageContext: {
      web: { absoluteUrl: service.siteUrl, title: 'Risk register' },
      legacyPageContext: {
        formDigestValue: formDigest,
        formDigestTimeoutSeconds: 1800,
      },
    },
  });

  it('reads the signed-in person and the registers of the page site', async () => {
    const store = createWebPartStore(context());
    const user = await store.currentUser();
    expect(user.name).toBe(demoManager.title);
    expect(user.access).toBe('manage');
    expect((await store.listRegisters()).sort()).toEqual(['Adult Social Care', 'Strategic']);
    expect(seen.every((r) => r.url.startsWith(service.siteUrl))).toBe(true);
  });

  it('loads the register view in one $batch carrying the page form digest', async () => {
    seen.length = 0;
    const store = createWebPartStore(context());
    const view = await store.loadRegisterView({ register: 'Strategic', periodId: '2026/27-Q3' });
    expect(view.settings.register).toBe('Strategic');
    expect(view.rows).toEqual([]);
    const batch = seen.find((r) => r.url.endsWith('/_api/$batch'));
    expect(batch?.method).toBe('POST');
    expect(batch?.digest).toBe(formDigest);
  });

  it('refuses to start without the SharePoint page context, saying what is missing', () => {
    expect(() => createWebPartStore({})).toThrow(
      /without its SharePoint context \(this\.context\.pageContext\.web\)/,
    );
  });
});
