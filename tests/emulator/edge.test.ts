/**
 * The list service's edge: browser origins and Host names it answers, body limits enforced while
 * reading and after authentication, and error bodies that carry a correlation id but no server detail.
 */
import http from 'node:http';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { maxBodyBytes } from '../../src/emulator/edge';

jest.setTimeout(60_000);

let service: ListService;
const tab = 'http://127.0.0.1:53000';

beforeAll(async () => {
  service = await startListService({ allowedOrigins: [tab] });
});
afterAll(() => service.close());

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A raw request, so Host, Content-Length and the body are exactly what a test says. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: (req: http.ClientRequest) => void,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: service.port, method, path, headers }, (res) => {
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
    if (body) body(req);
    else req.end();
  });
}

const items = "/sites/risk/_api/web/lists/getByTitle('Risks')/items";
const auth = { Authorization: `Bearer ${demoManager.token}` };

it('refuses a browser request from another web origin, preflight included', async () => {
  for (const method of ['GET', 'OPTIONS']) {
    const r = await raw(method, '/sites/risk/_api/web', {
      ...auth,
      Origin: 'https://evil.example',
      'Access-Control-Request-Method': 'GET',
    });
    expect(r.status).toBe(403);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.body).toMatch(/web origin 'https:\/\/evil\.example' are not allowed/);
  }
  const ok = await raw('GET', '/sites/risk/_api/web', { ...auth, Origin: tab });
  expect(ok.status).toBe(200);
  expect(ok.headers['access-control-allow-origin']).toBe(tab);
});

it('refuses a Host that is not the service (DNS rebinding)', async () => {
  const r = await raw('GET', '/sites/risk/_api/web', { ...auth, Host: `evil.example:${service.port}` });
  expect(r.status).toBe(400);
  expect(r.body).toMatch(/Invalid Hostname/);
  for (const host of [`127.0.0.1:${service.port}`, `localhost:${service.port}`]) {
    expect((await raw('GET', '/sites/risk/_api/web', { ...auth, Host: host })).status).toBe(200);
  }
});

it('checks the token before reading a body, and refuses an oversize one before reading it', async () => {
  const huge = String(50 * 1024 * 1024);
  // Nothing of the body is ever sent: the answer must come from the headers alone.
  const anonymous = await raw(
    'POST',
    items,
    { 'Content-Type': 'application/json', 'Content-Length': huge },
    (req) => req.flushHeaders(),
  );
  expect(anonymous.status).toBe(401);
  const signedIn = await raw(
    'POST',
    items,
    { ...auth, 'Content-Type': 'application/json', 'Content-Length': huge },
    (req) => req.flushHeaders(),
  );
  expect(signedIn.status).toBe(413);
});

it('stops reading a chunked body as soon as it passes the limit', async () => {
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  const r = await raw('POST', items, { ...auth, 'Content-Type': 'application/json' }, (req) => {
    const more = (): void => {
      let ok = true;
      for (let sent = 0; ok && sent < maxBodyBytes * 2; sent += chunk.length) ok = req.write(chunk);
      if (!ok) req.once('drain', more);
    };
    req.on('error', () => undefined);
    more();
  });
  expect(r.status).toBe(413);
});

it('answers every error with a correlation id and no stack trace or server path', async () => {
  const cases: [string, string, Record<string, string>, string?][] = [
    ['POST', items, { ...auth, 'Content-Type': 'application/json' }, '{"Title": '],
    ['GET', `${items}?$filter=Title%20eq`, auth],
    ['GET', '/sites/risk/_api/web/nothing', auth],
    ['GET', '/sites/other', auth],
    [
      'POST',
      '/sites/risk/_api/$batch',
      { ...auth, 'Content-Type': 'multipart/mixed; boundary=x' },
      '--x\r\nbad',
    ],
  ];
  for (const [method, path, headers, body] of cases) {
    const r = await raw(method, path, headers, (req) => req.end(body));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.headers.sprequestguid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules|\/work\/|[A-Z]:\\/);
  }
});
