/**
 * People as register cells write them: `Ann James`, `Sarah Hammond, Corporate Director CYPE`,
 * `Rory Love, Education & Skills / David Brazier, Highways`, `Cllr Stephen Davies`, `Priya Shah
 * <priya.shah@council.example>`. The name is what a directory lookup needs; the rest is kept as job title.
 */
import type { Person } from '../domain/types';
import { htmlToText } from './html-text';

/** A person named in a cell, before it is matched to a site user. */
export type NamedPerson = { name: string; email?: string; jobTitle?: string };

const honorific = /^(cllr\.?|councillor|mr\.?|mrs\.?|ms\.?|miss|dr\.?)\s+/i;
const emailRe = /<?\s*([^\s<>@,;]+@[^\s<>@,;]+\.[^\s<>@,;]+)\s*>?/;
// Kent writes "Responsible Cabinet Member(s): On behalf of Cabinet:" above the names.
const labelLine =
  /^(responsible\s+)?(cabinet member\(?s?\)?|risk owner\(?s?\)?|lead officer|on behalf of cabinet)\s*:?\s*/i;

/**
 * `Ann James & Bob Smith` names two people, but `Rory Love, Education & Skills` is one person with a
 * job title: `&` separates only before any comma of the entry (a job title follows the comma).
 */
function splitAmpersands(part: string): string[] {
  const comma = part.indexOf(',');
  const head = comma >= 0 ? part.slice(0, comma) : part;
  const names = head.split(/\s+&\s+(?=[A-Z][a-z]+\s+[A-Z])/);
  if (names.length === 1) return [part];
  const last = names.pop() ?? '';
  return [...names, comma >= 0 ? `${last}${part.slice(comma)}` : last];
}

/**
 * Cabinet members written on one line, each name followed by the portfolio (`Rory Love, Education &
 * Skills David Brazier, Highways and Transportation`): the words before a later comma end with the next
 * person's first and last name.
 */
function splitRunTogether(part: string): string[] {
  const out: string[] = [];
  let rest = part;
  for (;;) {
    const m = /^([^,]+,[^,]*?)\s+([A-Z][a-z'’-]+\s+[A-Z][A-Za-z'’-]+)\s*,/.exec(rest);
    if (!m?.[1] || !m[2] || !/,\s*\S/.test(m[1])) break;
    out.push(m[1].trim());
    rest = rest.slice(m[1].length).trim();
  }
  out.push(rest);
  return out;
}

/** Splits a cell into the people it names, in order, without duplicates. */
export function parsePeopleCell(text: string, options: { runTogether?: boolean } = {}): NamedPerson[] {
  const parts = htmlToText(text)
    .split(/\n|;|\s+\/\s+/)
    .flatMap(splitAmpersands)
    .flatMap((part) => (options.runTogether ? splitRunTogether(part) : [part]))
    .map((part) => part.replace(/^[•\-*]\s*/, ''));
  const out: NamedPerson[] = [];
  for (const rawPart of parts) {
    let part = rawPart.trim();
    while (labelLine.test(part)) part = part.replace(labelLine, '').trim();
    if (!part) continue;
    const emailMatch = emailRe.exec(part);
    const email = emailMatch?.[1]?.toLowerCase();
    if (emailMatch) part = part.replace(emailMatch[0], '').trim();
    const comma = part.indexOf(',');
    let name = (comma >= 0 ? part.slice(0, comma) : part).trim();
    let jobTitle = comma >= 0 ? part.slice(comma + 1).trim() : '';
    // `Mike Hill (Lead Member for PREVENT)`: the role in brackets is a job title.
    const bracket = /^(.+?)\s*\(([^)]+)\)$/.exec(name);
    if (bracket?.[1] && bracket[2] && !jobTitle) {
      name = bracket[1].trim();
      jobTitle = bracket[2].trim();
    }
    if (!name && !email) continue;
    const person: NamedPerson = { name: name || (email ?? '') };
    if (email) person.email = email;
    if (jobTitle) person.jobTitle = jobTitle;
    if (!out.some((p) => samePerson(p, person))) out.push(person);
  }
  return out;
}

const cabinetLabel = /^(?:responsible\s+)?cabinet\s+members?\s*(?:\(s\))?\s*:?\s*/i;

/**
 * An owner cell that also names the cabinet members (Kent: owners with job titles, then `Responsible
 * Cabinet Member(s): …`, sometimes `On behalf of Cabinet:`, on the same line or the lines below): the
 * people after the label are cabinet members, not owners.
 */
export function parseOwnerCell(text: string): { owners: NamedPerson[]; cabinetMembers: NamedPerson[] } {
  const lines = htmlToText(text).split('\n');
  const at = lines.findIndex((l) => cabinetLabel.test(l.trim()));
  if (at < 0) return { owners: parsePeopleCell(text), cabinetMembers: [] };
  const first = (lines[at] ?? '').trim().replace(cabinetLabel, '');
  const members = [first, ...lines.slice(at + 1)].join('\n');
  return {
    owners: parsePeopleCell(lines.slice(0, at).join('\n')),
    cabinetMembers: parsePeopleCell(members, { runTogether: true }),
  };
}

/** A named person as the domain holds one, before a site user id is known. */
export function toPerson(p: NamedPerson): Person {
  return {
    name: p.name,
    ...(p.email ? { email: p.email } : {}),
    ...(p.jobTitle ? { jobTitle: p.jobTitle } : {}),
  };
}

/** The name used to match a person to a directory entry: no honorific, lower case, single spaces. */
export function nameKey(name: string): string {
  return name.replace(honorific, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

function samePerson(a: NamedPerson, b: NamedPerson): boolean {
  if (a.email && b.email) return a.email === b.email;
  return nameKey(a.name) === nameKey(b.name);
}

/** A person as our own export writes them, so a re-import finds the same user: `Name, Job <email>`. */
export function formatPerson(person: Person): string {
  const job = person.jobTitle ? `, ${person.jobTitle}` : '';
  const email = person.email ? ` <${person.email}>` : '';
  return `${person.name}${job}${email}`;
}

/** Several people in one cell, one per line. */
export function formatPeople(people: Person[]): string {
  return people.map(formatPerson).join('\n');
}
