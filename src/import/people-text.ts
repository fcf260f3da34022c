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

/** Splits a cell into the people it names, in order, without duplicates. */
export function parsePeopleCell(text: string): NamedPerson[] {
  const parts = htmlToText(text)
    .split(/\n|;|\s+\/\s+|\s+&\s+(?=[A-Z][a-z]+\s+[A-Z])/)
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
    const name = (comma >= 0 ? part.slice(0, comma) : part).trim();
    const jobTitle = comma >= 0 ? part.slice(comma + 1).trim() : '';
    if (!name && !email) continue;
    const person: NamedPerson = { name: name || (email ?? '') };
    if (email) person.email = email;
    if (jobTitle) person.jobTitle = jobTitle;
    if (!out.some((p) => samePerson(p, person))) out.push(person);
  }
  return out;
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
