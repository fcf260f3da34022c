/**
 * People are reached and recognised by their Entra object id, never by e-mail: a person's mail
 * address and sign-in name (UPN) can differ, Graph's `/users/{id}` takes an object id or a UPN only,
 * and Teams names the person behind every activity by `from.aadObjectId`. A register person is a
 * SharePoint site user; their object id is resolved once (SharePoint's site user, else Graph by UPN)
 * and kept for the life of the process.
 */
import type { Person } from '../domain';

/** The Entra identity of a register person. */
export type OwnerIdentity = {
  /** Lower-case Entra object id. */
  aadObjectId: string;
  /** userPrincipalName, when known. */
  upn?: string;
};

export type IdentityResult = { ok: true; identity: OwnerIdentity } | { ok: false; reason: string };

/** Finds the Entra identity of a register person (a site user id is needed). */
export type IdentityLookup = (person: { id: number; name: string }) => Promise<IdentityResult>;

export type OwnerDirectory = {
  resolve(person: Pick<Person, 'id' | 'name'>): Promise<IdentityResult>;
};

/**
 * Where resolved identities are kept beyond one process (the service's state file): a site user id
 * is never reused and an object id never changes, so an entry never goes stale.
 */
export type IdentityCache = {
  get(personId: number): Promise<OwnerIdentity | undefined>;
  put(personId: number, identity: OwnerIdentity): Promise<void>;
};

const lower = (s: string | undefined): string => (s ?? '').trim().toLowerCase();

/**
 * A directory that asks `lookup` once per site user and keeps each answer found (in memory, and in
 * `cache` when given, so a restarted service does not ask again); a refusal (no permission, a
 * passing outage) is not kept, so the next run asks again.
 */
export function cachedDirectory(lookup: IdentityLookup, cache?: IdentityCache): OwnerDirectory {
  const found = new Map<number, OwnerIdentity>();
  const inFlight = new Map<number, Promise<IdentityResult>>();
  return {
    async resolve(person) {
      if (typeof person.id !== 'number')
        return {
          ok: false,
          reason: `${person.name} is not a user of the register site, so their Entra account is not known; pick them again in the register.`,
        };
      const id = person.id;
      const known = found.get(id);
      if (known) return { ok: true, identity: known };
      let pending = inFlight.get(id);
      if (!pending) {
        pending = (async (): Promise<IdentityResult> => {
          const kept = await cache?.get(id);
          if (kept) {
            found.set(id, kept);
            return { ok: true, identity: kept };
          }
          const r = await lookup({ id, name: person.name });
          if (r.ok) {
            const identity = { ...r.identity, aadObjectId: lower(r.identity.aadObjectId) };
            found.set(id, identity);
            await cache?.put(id, identity);
          }
          return r;
        })();
        inFlight.set(id, pending);
        void pending.finally(() => inFlight.delete(id));
      }
      const result = await pending;
      return result.ok ? { ok: true, identity: found.get(id) ?? result.identity } : result;
    },
  };
}

/** Whether two object ids name the same person (object ids are GUIDs; case does not matter). */
export function sameObjectId(a: string | undefined, b: string | undefined): boolean {
  return lower(a) !== '' && lower(a) === lower(b);
}

/** An in-process identity cache: tests, and a service run without a state file. */
export function createMemoryIdentityCache(): IdentityCache {
  const kept = new Map<number, OwnerIdentity>();
  return {
    get: async (id) => kept.get(id),
    put: async (id, identity) => void kept.set(id, identity),
  };
}
