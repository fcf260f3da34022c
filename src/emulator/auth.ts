/**
 * Identities from bearer tokens, and the site's people and groups at start-up. The service does not
 * validate JWTs: each configured token maps to one site user (or app principal). Start-up creates
 * the default groups of a team site and places every configured person as a real site would:
 * "<Site> Owners" (Full Control), "<Site> Members" (Edit), "<Site> Visitors" (Read), or a direct
 * role assignment on the web (Contribute), plus any named groups.
 */
import { Directory } from './directory';
import { SpCodes, SpError } from './errors';
import { contributeLevel, editLevel, fullControl, readLevel } from './permissions';
import { webScope, type SecurityStore, type SpGroup } from './security-store';
import type { Store } from './store';
import type { Caller, EmulatorUser } from './types';

/** `i:0#.f|membership|upn` unless the login is already a claims string. */
export function claimsLogin(login: string): string {
  return login.includes('|') ? login : `i:0#.f|membership|${login.toLowerCase()}`;
}

/**
 * SharePoint gives a site's associated groups these ids on a new site collection (Owners 3,
 * Visitors 4, Members 5); later groups and users take the next free principal id.
 */
const defaultGroups = [
  { id: 3, suffix: 'Owners', level: fullControl.id },
  { id: 4, suffix: 'Visitors', level: readLevel.id },
  { id: 5, suffix: 'Members', level: editLevel.id },
] as const;

export type DefaultGroupKind = (typeof defaultGroups)[number]['suffix'];

/** The title of one of the site's associated groups, e.g. "Risk Register Members". */
export function defaultGroupTitle(siteTitle: string, kind: DefaultGroupKind): string {
  return `${siteTitle} ${kind}`;
}

/** The associated group (Owners, Members, Visitors), created with its permission level on first use. */
export function associatedGroup(security: SecurityStore, siteTitle: string, kind: DefaultGroupKind): SpGroup {
  const spec = defaultGroups.find((g) => g.suffix === kind) as (typeof defaultGroups)[number];
  const existing = security.groupById(spec.id);
  if (existing) return existing;
  const group = security.saveGroup({
    id: spec.id,
    title: defaultGroupTitle(siteTitle, kind),
    description: '',
    ownerId: 3,
    allowMembersEditMembership: false,
    onlyAllowMembersViewMembership: false,
  });
  security.addAssignment(webScope, group.id, spec.level);
  return group;
}

function ensureGroup(security: SecurityStore, title: string): SpGroup {
  return (
    security.groupByTitle(title) ??
    security.saveGroup({
      id: security.nextPrincipalId(),
      title,
      description: '',
      ownerId: 3,
      allowMembersEditMembership: false,
      onlyAllowMembersViewMembership: false,
    })
  );
}

const placement: Record<EmulatorUser['role'], DefaultGroupKind | undefined> = {
  full: 'Owners',
  edit: 'Members',
  read: 'Visitors',
  contribute: undefined,
  none: undefined,
};

/**
 * Registers the configured users as site users, creates the site's groups and places everyone;
 * returns token -> caller. Users are registered before any custom group so explicit user ids are
 * never taken by a group.
 */
export function registerUsers(
  store: Store,
  security: SecurityStore,
  siteTitle: string,
  users: EmulatorUser[],
): Map<string, Caller> {
  const byToken = new Map<string, Caller>();
  for (const kind of ['Owners', 'Visitors', 'Members'] as const) associatedGroup(security, siteTitle, kind);
  const registered = users.map((u) => {
    const login = claimsLogin(u.loginName);
    const existing = store.userByLogin(login);
    const id =
      existing?.id ??
      (u.id !== undefined && !security.isPrincipalIdTaken(u.id) ? u.id : security.nextPrincipalId());
    const user = store.upsertUser({
      id,
      loginName: login,
      title: u.title,
      email: u.email,
      isSiteAdmin: u.isSiteAdmin === true,
      ...(u.objectId ? { objectId: u.objectId } : {}),
    });
    byToken.set(u.token, { user, ...(u.appGrant ? { appGrant: u.appGrant } : {}) });
    return { spec: u, user };
  });
  for (const { spec, user } of registered) {
    const kind = placement[spec.role];
    if (kind) security.addMember(associatedGroup(security, siteTitle, kind).id, user.id);
    if (spec.role === 'contribute') security.addAssignment(webScope, user.id, contributeLevel.id);
    for (const title of spec.groups ?? []) security.addMember(ensureGroup(security, title).id, user.id);
  }
  return byToken;
}

/** The directory: every configured person (apps aside) plus the extra people given. */
export function directoryOf(
  users: EmulatorUser[],
  extra: ConstructorParameters<typeof Directory>[0],
): Directory {
  const people = users
    .filter((u) => !u.appGrant)
    .map((u) => {
      const login = claimsLogin(u.loginName);
      const upn = login.slice(login.lastIndexOf('|') + 1);
      return { upn, title: u.title, email: u.email, ...(u.objectId ? { objectId: u.objectId } : {}) };
    });
  return new Directory([...people, ...extra]);
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

/** Where a configured user sits, in words: "Risk Register Members (Edit), Risk Register Managers". */
export function placementOf(u: EmulatorUser, siteTitle = 'Risk Register'): string {
  const kind = placement[u.role];
  const base = u.appGrant
    ? `app-only, Sites.Selected ${u.appGrant}`
    : kind
      ? `${defaultGroupTitle(siteTitle, kind)} (${kind === 'Owners' ? 'Full Control' : kind === 'Members' ? 'Edit' : 'Read'})`
      : u.role === 'contribute'
        ? 'Contribute (direct)'
        : 'no permission level';
  return [base, ...(u.groups ?? [])].join(', ');
}
