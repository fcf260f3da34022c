/**
 * The local directory: the people Entra ID would know. SharePoint's `ensureUser` resolves a logon
 * name against the directory (by claims login, sign-in name or mail address) and adds the person to
 * the site; a name the directory does not know fails (SPWeb.EnsureUser: "The specified user {0}
 * could not be found."). Guests would have to be invited first; there are none here.
 */
import type { DirectoryPerson } from './types';

const claimsPrefix = 'i:0#.f|membership|';

/** Who the directory knows; lookups are case-insensitive, as Entra's are. */
export class Directory {
  private readonly people: DirectoryPerson[] = [];

  constructor(people: DirectoryPerson[]) {
    for (const p of people) this.add(p);
  }

  /** Adds a person (a later entry with the same UPN replaces the earlier one). */
  add(person: DirectoryPerson): void {
    const i = this.people.findIndex((p) => p.upn.toLowerCase() === person.upn.toLowerCase());
    if (i >= 0) this.people[i] = person;
    else this.people.push(person);
  }

  /** The person a logon name names: `i:0#.f|membership|upn`, the UPN, or the mail address. */
  resolve(logonName: string): DirectoryPerson | undefined {
    const text = logonName.trim().toLowerCase();
    const name = text.startsWith(claimsPrefix) ? text.slice(claimsPrefix.length) : text;
    if (!name || name.includes('|')) return undefined;
    return (
      this.people.find((p) => p.upn.toLowerCase() === name) ??
      this.people.find((p) => p.email.toLowerCase() === name)
    );
  }

  /**
   * People whose display name, one of its words, e-mail or sign-in name starts with `query` (case
   * insensitive), as the people picker's search matches them.
   */
  search(query: string): DirectoryPerson[] {
    const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!q) return [];
    return this.people.filter((p) => {
      const title = p.title.toLowerCase().replace(/\s+/g, ' ');
      return (
        title.startsWith(q) ||
        title.split(' ').some((word) => word.startsWith(q)) ||
        p.email.toLowerCase().startsWith(q) ||
        p.upn.toLowerCase().startsWith(q)
      );
    });
  }

  /** The claims login SharePoint gives a directory person. */
  static loginOf(person: DirectoryPerson): string {
    return `${claimsPrefix}${person.upn.toLowerCase()}`;
  }
}
