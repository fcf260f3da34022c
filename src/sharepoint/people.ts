/**
 * Person columns hold site user ids. People arriving without an id (an import, a picker that only
 * knows e-mail addresses) are resolved with `web.ensureUser`, which also adds them to the site.
 */
import type { SPFI } from '@pnp/sp';
import type { Person } from '../domain/types';
import { toStorageError, ValidationError } from './errors';
import type { SitePerson } from './item-codec';

export type PeopleResolver = (people: Person[], field: string, record: string) => Promise<SitePerson[]>;

/** A resolver with a per-instance cache by e-mail (lower case). */
export function createPeopleResolver(sp: SPFI): PeopleResolver {
  const cache = new Map<string, number>();
  return async (people, field, record) => {
    const out: SitePerson[] = [];
    for (const p of people) {
      if (typeof p.id === 'number') {
        out.push({ ...p, id: p.id });
        continue;
      }
      const email = p.email?.trim().toLowerCase();
      if (!email) {
        throw new ValidationError(
          `${record}: ${field} '${p.name}' has neither a SharePoint user id nor an e-mail address. ` +
            'Pick the person from the directory or give their e-mail address.',
          field,
          record,
        );
      }
      let id = cache.get(email);
      if (id === undefined) {
        try {
          const user = (await sp.web.ensureUser(email)) as { Id?: number; data?: { Id: number } };
          id = user.Id ?? user.data?.Id;
        } catch (err) {
          throw toStorageError(err, {
            operation: `find ${field} '${p.name}' <${email}> for ${record} on the site`,
          });
        }
        if (typeof id !== 'number') {
          throw new ValidationError(
            `${record}: ${field} <${email}> is not a user of the site.`,
            field,
            record,
          );
        }
        cache.set(email, id);
      }
      out.push({ ...p, id });
    }
    return out;
  };
}
