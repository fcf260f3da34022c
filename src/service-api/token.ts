/**
 * Validates the Entra ID access token a caller sends to the review service's write API: signature
 * against the tenant's published keys, issuer, audience, expiry and the delegated scope, with `jose`
 * (a maintained JOSE/JWT library). Production reads the keys from
 * `https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys`; locally the same code checks
 * tokens from the local issuer (src/server/local-identity.ts). Every refusal names what was wrong.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from 'jose';

/** Who called, as the validated token says. */
export type CallerIdentity = {
  /** Entra object id (`oid`): the stable key for a person. */
  objectId: string;
  tenantId: string;
  /** `preferred_username` (v2) or `upn` (v1): the sign-in name, normally the UPN. */
  username: string;
  name: string;
};

export type TokenVerifierOptions = {
  /** Exact `iss`: `https://login.microsoftonline.com/{tenant}/v2.0` in production. */
  issuer: string;
  /** Accepted `aud` values: the API's client id and/or its Application ID URI (`api://…`). */
  audience: string[];
  /** The tenant's JWKS endpoint; or `jwks` for a key set held in memory (tests, local issuer). */
  jwksUrl?: string;
  jwks?: JSONWebKeySet;
  /** The delegated scope the token must carry in `scp` (default `access_as_user`). */
  scope?: string;
  /** Tolerated clock skew (default 60 s, the figure Microsoft's own middleware uses). */
  clockToleranceSeconds?: number;
};

/** 401: the token is missing or not acceptable. `reason` is a short code; the message says what to do. */
export class TokenError extends Error {
  readonly reason:
    | 'missing'
    | 'malformed'
    | 'expired'
    | 'not-yet-valid'
    | 'wrong-audience'
    | 'wrong-issuer'
    | 'bad-signature'
    | 'unknown-key'
    | 'missing-scope'
    | 'missing-claim'
    | 'keys-unavailable';
  constructor(reason: TokenError['reason'], message: string) {
    super(message);
    this.name = 'TokenError';
    this.reason = reason;
  }
}

export type TokenVerifier = (authorization: string | undefined) => Promise<CallerIdentity>;

const bearer = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i;

function claim(payload: JWTPayload, name: string): string | undefined {
  const v = payload[name];
  return typeof v === 'string' && v ? v : undefined;
}

function translate(err: unknown, options: TokenVerifierOptions): TokenError {
  if (err instanceof TokenError) return err;
  if (err instanceof joseErrors.JWTExpired) {
    const exp = typeof err.payload.exp === 'number' ? new Date(err.payload.exp * 1000).toISOString() : '?';
    return new TokenError('expired', `The access token expired at ${exp}; sign in again to get a new one.`);
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') {
      const aud = JSON.stringify(err.payload.aud ?? null);
      return new TokenError(
        'wrong-audience',
        `The access token is for ${aud}, not this service (expected ${options.audience.join(' or ')}); ` +
          'request a token for the review service API scope.',
      );
    }
    if (err.claim === 'iss') {
      return new TokenError(
        'wrong-issuer',
        `The access token was issued by ${JSON.stringify(err.payload.iss ?? null)}, not ${options.issuer}; ` +
          "sign in with an account of the council's tenant.",
      );
    }
    if (err.claim === 'nbf') {
      return new TokenError('not-yet-valid', 'The access token is not valid yet (nbf); check the clock.');
    }
    return new TokenError('missing-claim', `The access token's "${err.claim}" claim is not acceptable.`);
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new TokenError(
      'bad-signature',
      "The access token's signature does not match the tenant's signing keys; it was altered or forged.",
    );
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWKSMultipleMatchingKeys) {
    return new TokenError(
      'unknown-key',
      'The access token was signed with a key the tenant does not publish; sign in again.',
    );
  }
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) {
    return new TokenError(
      'keys-unavailable',
      "The service could not read the tenant's signing keys; try again in a minute.",
    );
  }
  if (err instanceof joseErrors.JOSEError) {
    return new TokenError('malformed', `The access token could not be read (${err.code}); sign in again.`);
  }
  return new TokenError(
    'malformed',
    `The access token could not be read: ${err instanceof Error ? err.message : String(err)}.`,
  );
}

/** A verifier for the given issuer, audience and keys. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  if (!options.jwks && !options.jwksUrl) throw new Error('createTokenVerifier needs jwks or jwksUrl.');
  const keys = options.jwks
    ? createLocalJWKSet(options.jwks)
    : createRemoteJWKSet(new URL(options.jwksUrl as string));
  const scope = options.scope ?? 'access_as_user';
  return async (authorization) => {
    try {
      if (!authorization?.trim()) {
        throw new TokenError(
          'missing',
          'No access token: send "Authorization: Bearer <token>" with a token for the review service API.',
        );
      }
      const m = bearer.exec(authorization);
      if (!m) {
        throw new TokenError(
          'malformed',
          'The Authorization header is not "Bearer <JWT>"; send an Entra access token for the review service API.',
        );
      }
      const { payload } = await jwtVerify(m[1] as string, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['RS256'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
        requiredClaims: ['exp', 'iat'],
      });
      const scopes = (claim(payload, 'scp') ?? '').split(' ');
      if (!scopes.includes(scope)) {
        throw new TokenError(
          'missing-scope',
          `The access token does not carry the delegated scope "${scope}" (it has ${JSON.stringify(claim(payload, 'scp') ?? '')}); ` +
            'request the review service API scope, not an app-only token.',
        );
      }
      const objectId = claim(payload, 'oid');
      const tenantId = claim(payload, 'tid');
      const username = claim(payload, 'preferred_username') ?? claim(payload, 'upn');
      const missing = [
        ['oid', objectId],
        ['tid', tenantId],
        ['preferred_username', username],
      ]
        .filter(([, v]) => !v)
        .map(([k]) => k);
      if (missing.length) {
        throw new TokenError(
          'missing-claim',
          `The access token has no ${missing.join(', ')} claim; it must be a user's token for this API.`,
        );
      }
      return {
        objectId: objectId as string,
        tenantId: tenantId as string,
        username: username as string,
        name: claim(payload, 'name') ?? (username as string),
      };
    } catch (err) {
      throw translate(err, options);
    }
  };
}

/** Entra ID's v2.0 issuer and key set for a tenant. */
export function entraTokenSettings(tenantId: string): { issuer: string; jwksUrl: string } {
  return {
    issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
    jwksUrl: `https://login.microsoftonline.com/${tenantId}/discovery/v2.0/keys`,
  };
}
