import { FetchWithRetry, parseRetryAfter, retryDelayMs } from '../../src/sharepoint/retry';
import { createSpClient, userAgent } from '../../src/sharepoint/sp-client';

describe('retry behaviour of the configured client', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const throttled = new Response('', { status: 429, headers: { 'Retry-After': '3' } });
    expect(retryDelayMs(throttled, 1, {})).toBe(3000);
    const busy = new Response('', { status: 503 });
    expect(retryDelayMs(busy, 3, { baseDelayMs: 100 })).toBeGreaterThanOrEqual(400);
  });

  it('retries 429 and 503 honouring Retry-After, then succeeds, sending auth and user agent', async () => {
    const seen: { headers: Headers }[] = [];
    const statuses = [429, 503, 200];
    const slept: number[] = [];
    const fakeFetch = (async (_url: string, init: RequestInit) => {
      seen.push({ headers: new Headers(init.headers) });
      const status = statuses.shift() ?? 200;
      return status === 200
        ? new Response(JSON.stringify({ Id: 7, Title: 'Me' }), {
            status,
            headers: { 'Content-Type': 'application/json' },
          })
        : new Response('busy', { status, headers: { 'Retry-After': status === 429 ? '2' : '1' } });
    }) as unknown as typeof fetch;
    const sp = createSpClient({
      siteUrl: 'https://contoso.sharepoint.com/sites/risk/',
      getToken: async () => 'tok',
      fetch: fakeFetch,
    });
    // The same send behavior with a recording sleep, so the test does not wait out Retry-After.
    sp.using(FetchWithRetry({ fetch: fakeFetch, sleep: async (ms) => void slept.push(ms) }));
    const me = await sp.web.currentUser();
    expect(me).toMatchObject({ Id: 7 });
    expect(seen).toHaveLength(3);
    expect(slept).toEqual([2000, 1000]);
    expect(seen[0]!.headers.get('Authorization')).toBe('Bearer tok');
    expect(seen[0]!.headers.get('User-Agent')).toBe(userAgent());
    expect(userAgent('1.2.3')).toBe('NONISV|CouncilRiskRegister|RiskRegister/1.2.3');
  });

  it('gives up after maxAttempts and surfaces the last 429', async () => {
    let calls = 0;
    const fakeFetch = (async () => {
      calls++;
      return new Response('throttled', { status: 429, headers: { 'Retry-After': '0' } });
    }) as unknown as typeof fetch;
    const sp = createSpClient({
      siteUrl: 'https://x.example/sites/r',
      retry: { maxAttempts: 3 },
      fetch: fakeFetch,
    });
    await expect(sp.web.currentUser()).rejects.toMatchObject({ status: 429 });
    expect(calls).toBe(3);
  });
});
