/**
 * Injected latency (`latencyMs`, `setLatency`): every HTTP request waits before it is handled, a
 * `$batch` once however many parts it carries, as a slow SharePoint round trip would.
 */
import { demoService, startListService, type ListService } from '../../src/emulator';
import { spFor } from './pnp-client';

let svc: ListService;

beforeAll(async () => {
  svc = await startListService({ latencyMs: 150 });
});

afterAll(async () => {
  await svc?.close();
});

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

test('each request waits, and a $batch of several reads waits once', async () => {
  const sp = spFor(svc.siteUrl, demoService.token);
  expect(await timed(() => sp.web.select('Title')())).toBeGreaterThanOrEqual(145);
  const [batched, execute] = sp.batched();
  const reads = [1, 2, 3, 4].map(() => batched.web.select('Title')());
  const before = svc.requestCount();
  // Four parts in one request: one wait.
  const ms = await timed(async () => {
    await execute();
    await Promise.all(reads);
  });
  expect(svc.requestCount() - before).toBe(1);
  expect(ms).toBeGreaterThanOrEqual(145);
});

test('setLatency changes the wait, and 0 turns it off', async () => {
  const sp = spFor(svc.siteUrl, demoService.token);
  try {
    svc.setLatency(2_000);
    expect(await timed(() => sp.web.select('Title')())).toBeGreaterThanOrEqual(1_995);
    svc.setLatency(0);
    const ms = await timed(async () => {
      const web = (await sp.web.select('Title')()) as { Title: string };
      expect(web.Title).toBe('Risk Register');
    });
    // No wait of its own: far under the 2 s it was just told to wait.
    expect(ms).toBeLessThan(1_500);
  } finally {
    svc.setLatency(150);
  }
});
