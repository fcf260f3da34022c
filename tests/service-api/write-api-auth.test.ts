/**
 * The review service's write API over HTTP: tokens validated with jose against the local issuer's
 * JWKS (the production code path). Every refusal is a 401 naming what was wrong, and writes nothing.
 */
import { demoManager } from '../../src/emulator';
import { startLocalIdentity } from '../../src/server/local-identity';
import { morgan, priya, startApiHarness, type ApiHarness } from './api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h?.close());

const newRisk = { reference: 'CRR02', title: 'Cyber attack', register: 'Corporate' };

async function riskBody() {
  const { aRisk } = await import('../sharepoint/fixtures');
  return { risk: aRisk({ ...newRisk, owners: [{ id: priya.id, name: priya.name, email: priya.email }] }) };
}

describe('authentication: 401 naming what was wrong, nothing written', () => {
  it.each([
    ['missing', async () => null, /No access token/],
    ['malformed', async () => 'not-a-jwt', /not "Bearer <JWT>"/],
    ['expired', () => h.identity.mint(priya.email, { expiresInSeconds: -3600 }), /expired at/],
    [
      'wrong-audience',
      () => h.identity.mint(priya.email, { aud: 'https://graph.microsoft.com' }),
      /graph\.microsoft\.com.*not this service/,
    ],
    [
      'wrong-issuer',
      () => h.identity.mint(priya.email, { iss: 'https://login.microsoftonline.com/other/v2.0' }),
      /issued by/,
    ],
    ['missing-scope', () => h.identity.mint(priya.email, { scp: 'User.Read' }), /access_as_user/],
  ])('%s token', async (reason, token, message) => {
    const before = await h.counts();
    const res = await h.call('createRisk', await riskBody(), await token());
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'unauthorized', reason });
    expect(String(res.json.error?.message)).toMatch(message);
    expect(await h.counts()).toEqual(before);
  });

  it('refuses a token whose payload was altered, or signed by a key the issuer does not publish', async () => {
    const before = await h.counts();
    const good = await h.identity.mint(priya.email);
    const [head, payload, sig] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, preferred_username: demoManager.email })).toString(
      'base64url',
    );
    const altered = await h.call('createRisk', await riskBody(), `${head}.${forged}.${sig}`);
    expect(altered.status).toBe(401);
    expect(altered.json.error).toMatchObject({ reason: 'bad-signature' });

    const other = await startLocalIdentity({ people: [{ name: morgan.name, email: morgan.email }] });
    try {
      const foreign = await other.mint(morgan.email, { iss: h.identity.issuer });
      const res = await h.call('createRisk', await riskBody(), foreign);
      expect(res.status).toBe(401);
      expect(res.json.error).toMatchObject({ reason: 'unknown-key' });
    } finally {
      await other.close();
    }
    expect(await h.counts()).toEqual(before);
  });
});

describe('bad requests', () => {
  it('refuses an unknown operation, a non-JSON body and an oversized body without writing', async () => {
    const before = await h.counts();
    expect((await h.call('deleteAudit', {})).status).toBe(404);
    const notJson = await h.call('createRisk', '{nope');
    expect(notJson.status).toBe(400);
    expect(String(notJson.json.error?.message)).toMatch(/not valid JSON/);
    const big = await h.call('createRisk', { risk: { title: 'x'.repeat(300 * 1024) } });
    expect(big.status).toBe(413);
    expect(await h.counts()).toEqual(before);
  });
});
