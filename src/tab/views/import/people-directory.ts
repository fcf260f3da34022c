/**
 * The people the import can match owners to: the users of the register site, everyone named on the
 * loaded registers' risks, controls and actions, and the signed-in person. A person written with an
 * e-mail address the site does not know yet is looked up in the organisation's directory by the
 * wizard (SharePoint's ensureUser); names nobody matches are listed in the dry run to correct.
 */
import type { Person } from '../../../domain/types';
import type { DirectoryEntry } from '../../../import';
import type { CurrentUser, SiteUser } from '../../../ports';
import type { RegisterData } from '../../data/use-register-data';

/** Known site users (with an id) and accounts (with an e-mail), one entry per person. */
export function directoryFrom(
  data: RegisterData,
  user: CurrentUser,
  siteUsers: SiteUser[] = [],
): DirectoryEntry[] {
  const byKey = new Map<string, DirectoryEntry>();
  const add = (p: Person) => {
    if (p.id === undefined && !p.email) return;
    const key = p.email ? p.email.toLowerCase() : `id:${p.id}`;
    const known = byKey.get(key);
    byKey.set(key, {
      name: p.name,
      ...(p.id !== undefined ? { id: p.id } : known?.id !== undefined ? { id: known.id } : {}),
      ...(p.email ? { email: p.email } : {}),
      ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}),
    });
  };
  add(user);
  siteUsers.forEach(add);
  for (const { risk } of data.rows) {
    [...risk.owners, ...risk.delegates, ...risk.cabinetMembers].forEach(add);
    for (const c of risk.controls) c.owners.forEach(add);
    for (const a of risk.actions) a.owners.forEach(add);
  }
  return [...byKey.values()];
}
