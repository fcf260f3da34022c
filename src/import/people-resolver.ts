/**
 * Matching the people a file names to users of the register site. The storage layer needs a site user
 * id or an e-mail address for every person column, and a name alone ("Ann James") is only safe to use
 * when exactly one directory entry has it. Hosts supply the directory: the tab and the CLI list the
 * site's users (and may search the organisation); tests pass a fixed list.
 */
import type { Person } from '../domain/types';
import { nameKey, type NamedPerson } from './people-text';

export type ResolvedPerson = Person & { id?: number; email?: string };

/** Either the person found, or why not (shown beside the name in the dry run). */
export type Resolution = { ok: true; person: ResolvedPerson } | { ok: false; reason: string };

/** What the import asks of the host: find (and, where the host can, add to the site) one person. */
export type PersonResolver = {
  ensureUser(person: NamedPerson): Promise<Resolution>;
};

/** Someone a directory knows: a site user (with id) or an organisation account (with e-mail). */
export type DirectoryEntry = { id?: number; name: string; email?: string; jobTitle?: string };

/**
 * A resolver over a known list of people: by e-mail first, then by exact name (honorifics and case
 * ignored). When `ensureByEmail` is given (SharePoint's `web.ensureUser`), a person written with an
 * e-mail that the list lacks is looked up through it. Results are cached per name and e-mail.
 */
export function directoryResolver(
  entries: DirectoryEntry[],
  ensureByEmail?: (email: string) => Promise<DirectoryEntry | undefined>,
  searchDirectory?: (name: string) => Promise<{ name: string; email?: string; login: string }[]>,
): PersonResolver {
  const byEmail = new Map<string, DirectoryEntry>();
  const byName = new Map<string, DirectoryEntry[]>();
  for (const e of entries) {
    if (e.email) byEmail.set(e.email.toLowerCase(), e);
    const key = nameKey(e.name);
    byName.set(key, [...(byName.get(key) ?? []), e]);
  }
  const cache = new Map<string, Promise<Resolution>>();
  const toPerson = (e: DirectoryEntry, named: NamedPerson): ResolvedPerson => ({
    name: e.name,
    ...(e.id !== undefined ? { id: e.id } : {}),
    ...(e.email ? { email: e.email } : {}),
    ...(named.jobTitle || e.jobTitle ? { jobTitle: named.jobTitle || e.jobTitle } : {}),
  });

  async function resolve(named: NamedPerson): Promise<Resolution> {
    const email = named.email?.toLowerCase();
    if (email) {
      const known = byEmail.get(email);
      if (known) return { ok: true, person: toPerson(known, named) };
      if (ensureByEmail) {
        try {
          const found = await ensureByEmail(email);
          if (found) return { ok: true, person: toPerson(found, named) };
        } catch (err) {
          const detail = err instanceof Error ? err.message : String(err);
          return { ok: false, reason: `${email} could not be added to the site (${detail}).` };
        }
      }
      return { ok: false, reason: `nobody with the e-mail ${email} is a user of the site or the directory.` };
    }
    const matches = byName.get(nameKey(named.name)) ?? [];
    if (matches.length === 1 && matches[0]) return { ok: true, person: toPerson(matches[0], named) };
    if (matches.length > 1) {
      return {
        ok: false,
        reason: `${matches.length} people are called ${named.name} (${matches.map((m) => m.email ?? `id ${m.id}`).join(', ')}); write the e-mail address in the cell.`,
      };
    }
    return fromDirectory(named);
  }

  /** A name that is no site user yet: the organisation's directory, then `ensureUser` adds them. */
  async function fromDirectory(named: NamedPerson): Promise<Resolution> {
    const addHow =
      'add them to the register site (Site settings > People and groups, or share the site with them) or write their e-mail address in the cell, then import again.';
    if (!searchDirectory || !ensureByEmail)
      return { ok: false, reason: `nobody called ${named.name} is a user of the site; ${addHow}` };
    const key = nameKey(named.name);
    let found: { name: string; email?: string; login: string }[];
    try {
      found = (await searchDirectory(named.name.replace(/^(cllr\.?|councillor)\s+/i, ''))).filter(
        (m) => nameKey(m.name) === key,
      );
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return { ok: false, reason: `the directory could not be searched for ${named.name} (${detail}).` };
    }
    if (found.length > 1)
      return {
        ok: false,
        reason: `${found.length} people in the directory are called ${named.name} (${found.map((m) => m.email ?? m.login).join(', ')}); write the e-mail address in the cell.`,
      };
    const match = found[0];
    if (!match)
      return {
        ok: false,
        reason: `nobody called ${named.name} is a user of the site or in the organisation's directory; ${addHow}`,
      };
    try {
      const user = await ensureByEmail(match.email ?? match.login);
      if (user) return { ok: true, person: toPerson(user, named) };
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return { ok: false, reason: `${named.name} could not be added to the site (${detail}); ${addHow}` };
    }
    return { ok: false, reason: `${named.name} could not be added to the site; ${addHow}` };
  }

  return {
    async ensureUser(named) {
      const key = named.email ? `e:${named.email.toLowerCase()}` : `n:${nameKey(named.name)}`;
      let hit = cache.get(key);
      if (!hit) {
        // Cached without the cell's job title: the same person is printed with a different title (or
        // none) in another cell, and each cell keeps its own.
        const { jobTitle: _cellTitle, ...person } = named;
        hit = resolve(person);
        cache.set(key, hit);
      }
      const r = await hit;
      return r.ok && named.jobTitle ? { ok: true, person: { ...r.person, jobTitle: named.jobTitle } } : r;
    },
  };
}
