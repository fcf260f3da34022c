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

const lower = (s: string | undefined): string => (s ?? '').trim().toLowerCase();

/**
 * A directory that asks `lookup` once per site user and keeps each answer found; a refusal (no
 * permission, a passing outage) is not kept, so the next run asks again.
 */
export function cachedDirectory(lookup: IdentityLookup): OwnerDirectory {
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
        pending = lookup({ id, name: person.name }).then((r) => {
          if (r.ok) found.set(id, { ...r.identity, aadObjectId: lower(r.identity.aadObjectId) });
          return r;
        });
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
