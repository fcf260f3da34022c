/** @jest-environment jsdom */
import { isAuthResponse } from '../../src/tab/hosts/auth-response';
import { themeFromTeams } from '../../src/tab/host';
import { parseRuntimeConfig } from '../../src/tab/hosts/runtime-config';
import { themeFromUrl } from '../../src/tab/themes';

describe('host selection', () => {
  it('reads a local or Microsoft 365 runtime config and says which setting is wrong', () => {
    expect(
      parseRuntimeConfig({
        host: 'microsoft365',
        siteUrl: 'https://c.sharepoint.com/sites/risk',
        clientId: 'abc',
        apiUrl: 'https://risk-review.c.gov.uk',
        apiScope: 'api://abc/access_as_user',
      }),
    ).toEqual({
      host: 'microsoft365',
      siteUrl: 'https://c.sharepoint.com/sites/risk',
      clientId: 'abc',
      authority: undefined,
      apiUrl: 'https://risk-review.c.gov.uk',
      apiScope: 'api://abc/access_as_user',
    });
    expect(() => parseRuntimeConfig({ host: 'microsoft365', siteUrl: 'https://x' })).toThrow(
      /"clientId" is missing/,
    );
    expect(() => parseRuntimeConfig({ host: 'microsoft365', siteUrl: 'https://x', clientId: 'abc' })).toThrow(
      /"apiUrl" is missing/,
    );
    expect(() =>
      parseRuntimeConfig({
        host: 'microsoft365',
        siteUrl: 'https://x',
        clientId: 'abc',
        apiUrl: 'https://risk-review.c.gov.uk',
      }),
    ).toThrow(/"apiScope" is missing/);
    expect(() => parseRuntimeConfig({ host: 'local', siteUrl: '/sites/risk', demoPeople: [] })).toThrow(
      /needs "demoPeople"/,
    );
    expect(() => parseRuntimeConfig({ host: 'spfx', siteUrl: '/x' })).toThrow(
      /"host" must be "local" or "microsoft365", not "spfx"/,
    );
  });

  it('maps Teams and URL theme names onto the three Fluent Teams themes', () => {
    expect(themeFromTeams('default')).toBe('light');
    expect(themeFromTeams('dark')).toBe('dark');
    expect(themeFromTeams('contrast')).toBe('contrast');
    expect(themeFromUrl('?theme=contrast')).toBe('contrast');
    expect(themeFromUrl('?theme=purple')).toBeUndefined();
  });

  it('recognises Teams mobile: a top-level page with the native interface TeamsJS talks to', async () => {
    (globalThis as { fetch?: unknown }).fetch = () => Promise.reject(new Error('offline'));
    const { isFramelessHost } = await import('../../src/tab/hosts/microsoft365');
    const page = { nativeInterface: { framelessPostMessage: () => undefined } } as Record<string, unknown>;
    page.self = page;
    page.top = page;
    expect(isFramelessHost(page as unknown as Window)).toBe(true);
    expect(isFramelessHost({ ...page, nativeInterface: undefined } as unknown as Window)).toBe(false);
    const framed = { self: {}, top: {}, nativeInterface: {} };
    expect(isFramelessHost(framed as unknown as Window)).toBe(false);
    expect(isFramelessHost(window)).toBe(false);
  });

  it('recognises the sign-in response MSAL returns to the redirect URI, and nothing the tab itself uses', () => {
    expect(isAuthResponse({ hash: '#code=0.A&client_info=x&state=abc', search: '' })).toBe(true);
    expect(isAuthResponse({ hash: '', search: '?error=access_denied&state=abc' })).toBe(true);
    expect(isAuthResponse({ hash: '', search: '?view=heatmap&register=Corporate' })).toBe(false);
    expect(isAuthResponse({ hash: '#state=abc', search: '' })).toBe(false);
    expect(isAuthResponse({ hash: '', search: '?page=config' })).toBe(false);
  });

  it('knows at once that a top-level page is not in Teams, without waiting for TeamsJS', async () => {
    // TeamsJS fetches its origin list when imported; jsdom has no fetch.
    (globalThis as { fetch?: unknown }).fetch = () => Promise.reject(new Error('offline'));
    const { detectTeams } = await import('../../src/tab/hosts/microsoft365');
    jest.useFakeTimers();
    const result = detectTeams(60_000);
    await expect(result).resolves.toBe(false);
    jest.useRealTimers();
  });
});
