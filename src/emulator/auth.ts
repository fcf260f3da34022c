/**
 * Identities from bearer tokens. The service does not validate JWTs: each configured token maps to
 * one site user and a role, the way a site's permission levels would (Read, Contribute, Full Control).
 */
import { SpCodes, SpError } from './errors';
import type { Store } from './store';
import type { Caller, EmulatorUser, Role } from './types';

/** `i:0#.f|membership|upn` unless the login is already a claims string. */
export function claimsLogin(login: string): string {
  return login.includes('|') ? login : `i:0#.f|membership|${login.toLowerCase()}`;
}

/** Registers the configured users as site users and returns token -> caller. */
export function registerUsers(store: Store, users: EmulatorUser[]): Map<string, Caller> {
  const byToken = new Map<string, Caller>();
  for (const u of users) {
    const user = store.upsertUser({
      ...(u.id !== undefined ? { id: u.id } : {}),
      loginName: claimsLogin(u.loginName),
      title: u.title,
      email: u.email,
      isSiteAdmin: u.role === 'full',
    });
    byToken.set(u.token, { user, role: u.role });
  }
  return byToken;
}

/** The caller of a request, or 401 as SharePoint answers a missing or unknown token. */
export function authenticate(authorization: string | undefined, callers: Map<string, Caller>): Caller {
  const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  const caller = m ? callers.get((m[1] as string).trim()) : undefined;
  if (!caller) {
    throw new SpError(
      401,
      SpCodes.accessDenied,
      m
        ? "Invalid bearer token: the local list service does not know this token. Use one of the demo users' tokens."
        : 'Unauthorized: send Authorization: Bearer <token>.',
    );
  }
  return caller;
}

const rank: Record<Role, number> = { read: 0, contribute: 1, full: 2 };

/** 403 unless the caller holds at least `needed`; `action` says what was refused. */
export function requireRole(caller: Caller, needed: Role, action: string): void {
  if (rank[caller.role] < rank[needed]) {
    throw new SpError(
      403,
      SpCodes.accessDenied,
      `Access denied. You do not have permission to perform this action or access this resource. ` +
        `(${caller.user.title} has '${caller.role}' and ${action} needs '${needed}'.)`,
    );
  }
}
