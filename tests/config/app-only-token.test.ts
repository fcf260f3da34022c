import { X509Certificate, constants, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadServiceConfig, type ProductionServiceConfig } from '../../src/server/config';
import { createAppOnlyTokenProvider, type TokenProviderOptions } from '../../src/server/config-token';

const pemFile = path.join(__dirname, 'fixtures', 'test-only-cert-and-key.pem');
const tenant = '11111111-2222-3333-4444-555555555555';
const app = '7d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d';
const host = 'https://login.microsoftonline.com';

function config(): ProductionServiceConfig {
  const c = loadServiceConfig({
    AZURE_TENANT_ID: tenant,
    SHAREPOINT_SITE_URL: 'https://contoso.sharepoint.com/sites/risk',
    AZURE_CLIENT_ID: app,
    AZURE_CLIENT_CERTIFICATE_PATH: pemFile,
    BOT_ID: app,
    GRAPH_PROACTIVE_INSTALL: 'false',
    CARD_HMAC_SECRET: 'x'.repeat(40),
    TAB_BASE_URL: 'https://risk.contoso.gov.uk/tab',
  });
  if (c.mode !== 'production') throw new Error('expected production');
  return c;
}

type Post = { url: string; form: URLSearchParams };

/** A fake Entra ID: metadata answers, and a token endpoint that checks the signed client assertion. */
function fakeEntra(answer: (post: Post) => { status: number; body: object }) {
  const posts: Post[] = [];
  const json = <T>(status: number, body: object) => Promise.resolve({ status, headers: {}, body: body as T });
  const tenantBase = `${host}/${tenant}`;
  const networkClient: NonNullable<TokenProviderOptions['networkClient']> = {
    sendGetRequestAsync: <T>(url: string) => {
      if (url.includes('/discovery/instance')) {
        return json<T>(200, {
          tenant_discovery_endpoint: `${tenantBase}/v2.0/.well-known/openid-configuration`,
          metadata: [
            { preferred_network: 'login.microsoftonline.com', aliases: ['login.microsoftonline.com'] },
          ],
        });
      }
      if (url.includes('openid-configuration')) {
        return json<T>(200, {
          token_endpoint: `${tenantBase}/oauth2/v2.0/token`,
          authorization_endpoint: `${tenantBase}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${tenantBase}/oauth2/v2.0/logout`,
          issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
          jwks_uri: `${tenantBase}/discovery/v2.0/keys`,
        });
      }
      return json<T>(404, { error: 'not_found' });
    },
    sendPostRequestAsync: <T>(url: string, options?: { body?: string }) => {
      const post = { url, form: new URLSearchParams(options?.body ?? '') };
      posts.push(post);
      const { status, body } = answer(post);
      return json<T>(status, body);
    },
  };
  return { networkClient, posts };
}

function decodeAssertion(jwt: string) {
  const [header, payload, signature] = jwt.split('.');
  const cert = new X509Certificate(readFileSync(pemFile, 'utf8'));
  return {
    header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>,
    // MSAL signs with PS256 (RSA-PSS, SHA-256, salt length = hash length).
    signedByCertificate: verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
      Buffer.from(signature ?? '', 'base64url'),
    ),
    certificateDer: cert.raw.toString('base64'),
  };
}

describe('createAppOnlyTokenProvider', () => {
  it('asks for the SharePoint .default scope with a certificate-signed assertion, then reuses the token', async () => {
    const entra = fakeEntra(() => ({
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'sp-token-1' },
    }));
    const getToken = createAppOnlyTokenProvider(config(), { networkClient: entra.networkClient });
    expect(await getToken()).toBe('sp-token-1');
    expect(await getToken()).toBe('sp-token-1');
    expect(entra.posts).toHaveLength(1);
    const [post] = entra.posts;
    expect(post?.url.split('?')[0]).toBe(`${host}/${tenant}/oauth2/v2.0/token`);
    expect(post?.form.get('grant_type')).toBe('client_credentials');
    expect(post?.form.get('scope')?.split(' ')).toContain('https://contoso.sharepoint.com/.default');
    expect(post?.form.get('client_id')).toBe(app);
    expect(post?.form.has('client_secret')).toBe(false);
    const assertion = decodeAssertion(post?.form.get('client_assertion') ?? '');
    expect(assertion.header.alg).toBe('PS256');
    expect(assertion.signedByCertificate).toBe(true);
    // The certificate travels in x5c so Entra can match it (subject name + issuer setups).
    expect(assertion.header.x5c).toEqual([assertion.certificateDer]);
    expect(assertion.header['x5t#S256']).toBe(
      Buffer.from(config().certificate.thumbprintSha256, 'hex').toString('base64url'),
    );
    expect(assertion.payload.iss).toBe(app);
  });

  it('asks Graph for its own .default scope', async () => {
    const entra = fakeEntra(() => ({
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3599, access_token: 'graph-token' },
    }));
    const getToken = createAppOnlyTokenProvider(config(), {
      resource: 'graph',
      networkClient: entra.networkClient,
    });
    expect(await getToken()).toBe('graph-token');
    expect(entra.posts[0]?.form.get('scope')?.split(' ')).toContain('https://graph.microsoft.com/.default');
  });

  it('explains a refusal with the tenant, app, scope and what to check', async () => {
    const entra = fakeEntra(() => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description:
          'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application.',
        error_codes: [700027],
      },
    }));
    const getToken = createAppOnlyTokenProvider(config(), { networkClient: entra.networkClient });
    await expect(getToken()).rejects.toThrow(
      new RegExp(
        `refused an app-only token for https://contoso\\.sharepoint\\.com/\\.default \\(tenant ${tenant}, app ${app}\\).*AADSTS700027.*certificate`,
      ),
    );
  });
});
