/**
 * The HTTP surface: CORS for a tab on another port, the request digest flow (contextinfo) that
 * PnPjs's browser behaviors use, JSON flavours (minimal, verbose, nometadata), users and errors.
 */
import type { Queryable, QueryableAuthObserver, QueryablePreObserver } from '@pnp/queryable';
import { SPBrowser, spfi } from '@pnp/sp';
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  startListService,
  type ListService,
} from '../../src/emulator';
import { ensureSimpleRisks, failureOf } from './fixtures';
import { spFor } from './pnp-client';

// The machine is shared: allow slow runs; no test asserts on elapsed time.
jest.setTimeout(60_000);

let service: ListService;
const auth = { Authorization: `Bearer ${demoManager.token}` };

beforeAll(async () => {
  // A tab on another port is a browser origin the service must be told about (edge.test.ts).
  service = await startListService({ allowedOrigins: ['http://localhost:53000'] });
  const sp = spFor(service.siteUrl, demoManager.token);
  await ensureSimpleRisks(sp);
  await sp.web.lists.getByTitle('Risks').items.add({ Title: 'First', RiskCode: 'H-1' });
});

afterAll(async () => {
  await service.close();
});

const api = (path: string) => `${service.siteUrl}/_api/${path}`;

describe('CORS', () => {
  it('answers a preflight from a tab on another origin, allowing Authorization', async () => {
    const res = await fetch(api("web/lists/getByTitle('Risks')/items(1)"), {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:53000',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type,if-match,x-http-method',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:53000');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('MERGE');
  });

  it('exposes ETag to the page', async () => {
    const res = await fetch(api("web/lists/getByTitle('Risks')/items(1)"), {
      headers: { ...auth, Origin: 'http://localhost:53000' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:53000');
    expect(res.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(res.headers.get('etag')).toBe('"1"');
  });
});

describe('request digest', () => {
  it('serves contextinfo as flat JSON', async () => {
    const res = await fetch(api('contextinfo'), { method: 'POST', headers: auth });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.FormDigestTimeoutSeconds).toBe(1800);
    expect(typeof body.FormDigestValue).toBe('string');
    expect(body.d).toBeUndefined();
  });

  it('works with the SPBrowser behaviors, which fetch a digest before the first POST', async () => {
    // The token is added after RequestDigest's own auth observer, so that observer still sees no
    // Authorization header and goes through contextinfo, as in a browser session with cookies.
    const lateBearer = (instance: Queryable): Queryable => {
      const pre: QueryablePreObserver = async function (url, init, result) {
        const addToken: QueryableAuthObserver = async (u, i) => {
          i.headers = {
            ...(i.headers as Record<string, string>),
            Authorization: `Bearer ${demoManager.token}`,
          };
          return [u, i];
        };
        (this as unknown as Queryable).on.auth(addToken);
        return [url, init, result];
      };
      instance.on.pre(pre);
      return instance;
    };
    const sp = spfi(service.siteUrl).using(SPBrowser(), lateBearer);
    service.resetRequestCount();
    const added = await sp.web.lists.getByTitle('Risks').items.add({ Title: 'via digest', RiskCode: 'H-2' });
    expect(added.Title).toBe('via digest');
    expect(service.requestCount()).toBe(2);
    await sp.web.lists.getByTitle('Risks').items.add({ Title: 'digest reused', RiskCode: 'H-3' });
    expect(service.requestCount()).toBe(3);
  });
});

describe('JSON flavours', () => {
  it('answers odata=verbose with d and __metadata carrying the etag', async () => {
    const res = await fetch(api("web/lists/getByTitle('Risks')/items(1)"), {
      headers: { ...auth, Accept: 'application/json;odata=verbose' },
    });
    const body = (await res.json()) as { d: { __metadata: { etag: string; type: string }; Title: string } };
    expect(body.d.__metadata).toMatchObject({ etag: '"1"', type: 'SP.Data.RisksListItem' });
    expect(body.d.Title).toBe('First');
  });

  it('answers odata=nometadata without annotations', async () => {
    const res = await fetch(api("web/lists/getByTitle('Risks')/items?$select=Title"), {
      headers: { ...auth, Accept: 'application/json;odata=nometadata' },
    });
    const body = (await res.json()) as { value: Record<string, unknown>[] };
    expect(body.value[0]).toEqual({ Title: 'First' });
  });

  it('lists the lists of the web with $filter and $select', async () => {
    const sp = spFor(service.siteUrl, demoManager.token);
    const lists = await sp.web.lists.filter("Title eq 'Risks'").select('Title', 'ItemCount')();
    expect(lists).toHaveLength(1);
    expect(lists[0]).toMatchObject({ Title: 'Risks' });
  });
});

describe('$batch on the wire', () => {
  it('accepts CRLF line endings and relative part URLs, and answers one part per request ending with a newline', async () => {
    const body = [
      '--batch_1',
      'Content-Type: multipart/mixed; boundary="changeset_1"',
      '',
      '--changeset_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      "POST /sites/risk/_api/web/lists/getByTitle('Risks')/items HTTP/1.1",
      'Content-Type: application/json',
      '',
      '{"Title":"crlf batch","RiskCode":"W-1"}',
      '--changeset_1--',
      '--batch_1',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      "GET /sites/risk/_api/web/lists/getByTitle('Nope') HTTP/1.1",
      'Accept: application/json',
      '',
      '--batch_1--',
      '',
    ].join('\r\n');
    const res = await fetch(api('$batch'), {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'multipart/mixed; boundary=batch_1' },
      body,
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.endsWith('--\n')).toBe(true);
    expect([...text.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => m[1])).toEqual(['201', '404']);
    expect(text).toContain('"Title":"crlf batch"');
  });

  it('refuses a batch without a boundary with 400', async () => {
    const res = await fetch(api('$batch'), {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'text/plain' },
      body: 'x',
    });
    expect(res.status).toBe(400);
  });
});

describe('users', () => {
  const sp = () => spFor(service.siteUrl, demoManager.token);

  it('ensures a configured user by e-mail or claims login and returns the same id', async () => {
    const priya = demoRiskOwners[0] as (typeof demoRiskOwners)[0];
    const byMail = await sp().web.ensureUser(priya.email);
    const byClaims = await sp().web.ensureUser(`i:0#.f|membership|${priya.email}`);
    expect(byMail).toMatchObject({ Id: priya.id, Title: priya.title, Email: priya.email });
    expect(byClaims.Id).toBe(byMail.Id);
    expect(byMail.LoginName).toBe(`i:0#.f|membership|${priya.email}`);
  });

  it('adds a directory person as a new site user and refuses a login the directory does not know', async () => {
    const added = await sp().web.ensureUser('dana.whitfield@council.example');
    expect(added.Title).toBe('Dana Whitfield');
    const users = await sp().web.siteUsers();
    expect(users.map((u: { Email: string }) => u.Email)).toContain('dana.whitfield@council.example');
    expect((await sp().web.siteUsers.getById(added.Id)()).Id).toBe(added.Id);
    const bad = await failureOf(sp().web.ensureUser('not a login'));
    expect(bad.message).toContain('could not be found');
    expect((await failureOf(sp().web.ensureUser('jo.bloggs@council.example'))).status).toBe(500);
  });

  it('does not let a reader add people to the site', async () => {
    const reader = spFor(service.siteUrl, demoReader.token);
    expect((await failureOf(reader.web.ensureUser('c.obi@northmoorcc.onmicrosoft.com'))).status).toBe(403);
  });
});

describe('request log', () => {
  it('reports each HTTP request with its status when a log is given', async () => {
    const lines: string[] = [];
    const logged = await startListService({ log: (line) => lines.push(line) });
    try {
      await fetch(`${logged.siteUrl}/_api/web/currentUser`, { headers: auth });
      await fetch(`${logged.siteUrl}/_api/web/currentUser`);
    } finally {
      await logged.close();
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/sites\/risk\/_api\/web\/currentUser -> 200 \(\d+ ms\)$/);
    expect(lines[1]).toContain('-> 401');
  });
});

describe('errors', () => {
  it('shapes errors as SharePoint does', async () => {
    const res = await fetch(api("web/lists/getByTitle('Risks')/items(999)"), { headers: auth });
    expect(res.status).toBe(404);
    const body = (await res.json()) as {
      'odata.error': { code: string; message: { lang: string; value: string } };
    };
    expect(body['odata.error'].code).toBe('-2130575338, Microsoft.SharePoint.SPException');
    expect(body['odata.error'].message.lang).toBe('en-US');
    expect(body['odata.error'].message.value).toContain('Item does not exist');
  });

  it('uses the verbose error shape for verbose clients', async () => {
    const res = await fetch(api("web/lists/getByTitle('Nope')"), {
      headers: { ...auth, Accept: 'application/json;odata=verbose' },
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { message: { value: string } } };
    expect(body.error.message.value).toContain("List 'Nope' does not exist");
  });

  it('answers 401 with WWW-Authenticate when no token is sent', async () => {
    const res = await fetch(api('web/currentUser'));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const res = await fetch(api("web/lists/getByTitle('Risks')/items"), {
      method: 'POST',
      headers: auth,
      body: '{oops',
    });
    expect(res.status).toBe(400);
  });

  it('answers 404 for an endpoint it does not implement, naming it', async () => {
    const res = await fetch(api('web/folders'), { headers: auth });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('web/folders');
  });
});
