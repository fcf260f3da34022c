/**
 * The local stack's stand-in for Entra ID, for the review service's API only: an RS256 key pair made
 * at start, its public key published as a JWKS on loopback (at the path Entra uses,
 * `/{tenant}/discovery/v2.0/keys`), and tokens shaped like Entra v2.0 access tokens (iss, aud, oid,
 * tid, preferred_username, name, scp, iat, nbf, exp) for the demo people chosen at the local sign-in.
 * The review service validates them with exactly the code it uses for Entra tokens (jose, remote
 * JWKS). Nothing here is used in production.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JSONWebKeySet } from 'jose';

/** A fixed tenant id for the local stack, so issuers read the same on every run. */
export const localTenantId = '00000000-0000-4000-8000-00000000c0de';
/** The review service API's audience locally (its Application ID URI in production). */
export const localApiAudience = 'api://localhost/risk-review-service';
export const apiScope = 'access_as_user';

export type LocalPerson = { name: string; email: string };

export type LocalIdentity = {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** A token for a demo person; `overrides` are for tests (expired, wrong audience, …). */
  mint(email: string, overrides?: Record<string, unknown> & { expiresInSeconds?: number }): Promise<string>;
  /** The public keys, as served. */
  jwks: JSONWebKeySet;
  close(): Promise<void>;
};

/** Entra object ids are GUIDs; a demo person's is derived from their e-mail so it is stable. */
export function localObjectId(email: string): string {
  const h = createHash('sha256').update(email.toLowerCase()).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Starts the local issuer on 127.0.0.1 (port 0 = any free port). */
export async function startLocalIdentity(options: {
  people: LocalPerson[];
  port?: number;
}): Promise<LocalIdentity> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' };
  const jwks: JSONWebKeySet = { keys: [jwk] };
  const people = new Map(options.people.map((p) => [p.email.toLowerCase(), p]));
  let issuer = '';

  const mint: LocalIdentity['mint'] = async (email, overrides = {}) => {
    const person = people.get(email.toLowerCase());
    if (!person) throw new Error(`${email} is not one of the local demo people.`);
    const { expiresInSeconds = 3600, ...claims } = overrides;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      aud: localApiAudience,
      iss: issuer,
      oid: localObjectId(person.email),
      sub: localObjectId(`sub:${person.email}`),
      tid: localTenantId,
      preferred_username: person.email,
      name: person.name,
      scp: apiScope,
      ver: '2.0',
      iat: now,
      nbf: now,
      exp: now + expiresInSeconds,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .sign(privateKey);
  };

  const keysPath = `/${localTenantId}/discovery/v2.0/keys`;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://idp');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && url.pathname === keysPath) return json(200, jwks);
    if (req.method === 'POST' && url.pathname.endsWith('/token')) {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 4096) chunks.push(c);
      });
      req.on('end', () => {
        let email = '';
        try {
          email = String(
            (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { email?: unknown }).email ?? '',
          );
        } catch {
          return json(400, { error: 'Send {"email": "<a demo person>"} as JSON.' });
        }
        mint(email).then(
          (token) => json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 }),
          (err: unknown) => json(400, { error: err instanceof Error ? err.message : String(err) }),
        );
      });
      return;
    }
    json(404, { error: `The local issuer serves ${keysPath} and POST /token only.` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${origin}/${localTenantId}/v2.0`;
  return {
    issuer,
    jwksUrl: `${origin}${keysPath}`,
    audience: localApiAudience,
    jwks,
    mint,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Where the local issuer's token endpoint is, for a proxy in front of it. */
export function localTokenOrigin(identity: LocalIdentity): string {
  return new URL(identity.jwksUrl).origin;
}
