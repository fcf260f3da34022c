/**
 * The local stack's edge: it listens on 127.0.0.1, the tab answers only its own origin and Host,
 * errors are JSON with a correlation id and no stack or server path, local mode refuses a SharePoint
 * Online site and production settings, and the local secret file is owner-only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { demoService, startListService, type ListService } from '../../src/emulator';
import { loadServiceConfig } from '../../src/server/config';
import { ConfigError } from '../../src/server/config-fields';
import { writeSecretFile } from '../../src/server/review-local';
import { startReviewService, type ReviewService } from '../../src/server/review-service';
import { startTabServer, type TabServer } from '../../src/server/tab-server';

jest.setTimeout(120_000);

const noStack = /\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules|\/work\/|\/tmp\/|[A-Z]:\\/;

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

function raw(
  port: number,
  method: string,
  p: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('tab server', () => {
  let list: ListService;
  let tab: TabServer;
  beforeAll(async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'tab-edge-'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>tab</title>');
    list = await startListService();
    tab = await startTabServer({
      root,
      config: {},
      proxyPath: '/sites/risk',
      proxyOrigin: list.origin,
      proxies: [{ path: '/_gone', origin: 'http://127.0.0.1:9' }],
    });
    list.allowOrigin(`http://127.0.0.1:${tab.port}`);
  });
  afterAll(async () => {
    await tab.close();
    await list.close();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(tab.url).hostname).toBe('127.0.0.1');
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign origin, and serves its own', async () => {
    const own = `127.0.0.1:${tab.port}`;
    const foreignHost = await raw(tab.port, 'GET', '/', { Host: `rebind.evil.example:${tab.port}` });
    expect(foreignHost.status).toBe(421);
    const foreignOrigin = await raw(tab.port, 'GET', '/sites/risk/_api/web', {
      Host: own,
      Origin: 'https://evil.example',
      Authorization: `Bearer ${demoService.token}`,
    });
    expect(foreignOrigin.status).toBe(403);
    const otherPage = await raw(tab.port, 'GET', '/sites/risk/_api/web', {
      Host: own,
      'Sec-Fetch-Site': 'same-site',
      'Sec-Fetch-Mode': 'cors',
      Authorization: `Bearer ${demoService.token}`,
    });
    expect(otherPage.status).toBe(403);
    const ownPage = await raw(tab.port, 'GET', '/sites/risk/_api/web', {
      Host: own,
      Origin: `http://${own}`,
      Authorization: `Bearer ${demoService.token}`,
    });
    expect(ownPage.status).toBe(200);
    expect((await raw(tab.port, 'GET', '/', { Host: own })).status).toBe(200);
  });

  it('answers a failure with JSON and a correlation id, without server detail', async () => {
    const r = await raw(tab.port, 'GET', '/_gone/x', { Host: `127.0.0.1:${tab.port}` });
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body)).toMatchObject({ error: { status: 502, correlationId: expect.any(String) } });
    expect(r.body).not.toMatch(noStack);
    expect(r.body).not.toMatch(/127\.0\.0\.1:9|ECONNREFUSED/);
  });
});

describe('review service in local mode', () => {
  let service: ReviewService;
  beforeAll(async () => {
    service = await startReviewService({
      siteUrl: 'http://127.0.0.1:9/sites/risk',
      tokenProvider: async () => demoService.token,
      port: 0,
      serviceUrl: 'http://127.0.0.1:9/_connector',
      local: true,
      cardSecret: 'x'.repeat(32),
      statePath: ':memory:',
      schedule: false,
      sdkLogLevel: 'error',
      log: { info: () => {}, warn: () => {}, error: () => {} },
    });
  });
  afterAll(() => service.stop());

  it('listens on 127.0.0.1, not every interface', () => {
    expect(service.address).toBe('127.0.0.1');
  });

  it('answers bad JSON and a 150 KB body with a JSON error and a correlation id, no stack trace', async () => {
    const bad = await raw(
      service.port,
      'POST',
      '/api/messages',
      { 'Content-Type': 'application/json' },
      '{"type":',
    );
    const big = await raw(
      service.port,
      'POST',
      '/api/messages',
      { 'Content-Type': 'application/json' },
      JSON.stringify({ type: 'message', text: 'x'.repeat(150_000) }),
    );
    expect(bad.status).toBe(400);
    expect(big.status).toBe(413);
    for (const r of [bad, big]) {
      const json = JSON.parse(r.body) as { error: { correlationId: string } };
      expect(json.error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.body).not.toMatch(noStack);
    }
  });

  it('refuses to start in local mode with NODE_ENV=production', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(
        startReviewService({
          siteUrl: 'http://127.0.0.1:9/sites/risk',
          tokenProvider: async () => demoService.token,
          port: 0,
          serviceUrl: 'http://127.0.0.1:9/_connector',
          local: true,
          cardSecret: 'x'.repeat(32),
          statePath: ':memory:',
          schedule: false,
        }),
      ).rejects.toThrow(/NODE_ENV=production/);
    } finally {
      process.env.NODE_ENV = before;
    }
  });
});

describe('local mode settings', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadServiceConfig(env, { readFile: () => '' });
      return [];
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
  };

  it('refuses a SharePoint Online site and NODE_ENV=production', () => {
    expect(
      problems({ LOCAL_MODE: 'true', SHAREPOINT_SITE_URL: 'https://contoso.sharepoint.com/sites/risk' }).join(
        ' ',
      ),
    ).toMatch(/SHAREPOINT_SITE_URL: .*is a SharePoint Online site/);
    expect(
      problems({
        LOCAL_MODE: 'true',
        SHAREPOINT_SITE_URL: 'http://127.0.0.1:5055/sites/risk',
        NODE_ENV: 'production',
      }).join(' '),
    ).toMatch(/NODE_ENV: is "production"/);
    expect(problems({ LOCAL_MODE: 'true', SHAREPOINT_SITE_URL: 'http://127.0.0.1:5055/sites/risk' })).toEqual(
      [],
    );
  });
});

it('writes the local secret file owner-only (0600), narrowing an older wider file', () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'secret-')), 'review-local.json');
  writeFileSync(file, '{}', { mode: 0o644 });
  writeSecretFile(file, '{"cardSecret":"s"}');
  expect(statSync(file).mode & 0o777).toBe(0o600);
});

it('keeps the Agents Playground on 127.0.0.1 (it has no host option: bind-host.cjs)', () => {
  const script =
    "const s=require('node:net').createServer();s.listen(0,()=>{console.log(s.address().address);s.close();});";
  const out = spawnSync(process.execPath, ['-r', path.resolve('scripts/bind-host.cjs'), '-e', script], {
    env: { ...process.env, BIND_HOST: '127.0.0.1' },
    encoding: 'utf8',
  });
  expect(out.stdout.trim()).toBe('127.0.0.1');
});
