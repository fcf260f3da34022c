/**
 * What an imported row changes on an existing risk. Only the fields the mapping reads are compared, so
 * importing a summary sheet (reference, title, rating) never blanks the descriptions, controls or
 * people it does not carry. Controls and actions are matched by title; ones the file does not list are
 * kept (a file is not a reason to delete a council's records).
 */
import {
  RISK_FIELDS,
  type FieldCatalogue,
  type FieldKind,
  type RiskFieldName,
} from '../domain/field-catalogue';
import type { Control, Person, Rating, Risk, RiskAction } from '../domain/types';
import type { RiskPatch } from '../ports';
import type { ImportField } from './columns';

export type ChildChanges<T> = {
  add: T[];
  /** Existing ones (with id) whose details the file changes, with the new values. */
  update: { id: number; title: string; next: T }[];
  /** Titles of existing ones the file does not list; kept. */
  kept: string[];
};

export type RiskChanges = {
  patch: RiskPatch;
  /** Names of the risk fields that change, for the dry run. */
  fields: string[];
  controls: ChildChanges<Control>;
  actions: ChildChanges<RiskAction>;
};

type PatchKey = keyof RiskPatch;

/** Mapped columns that write other fields than their own name says (controls and actions: see diffRisk). */
const specialWrites: Partial<Record<ImportField, PatchKey[]>> = {
  // A reference cell's bracketed former references become aliases; the reference itself is the match.
  reference: ['aliases'],
  // Halton prints a date where others print a frequency.
  reviewFrequency: ['reviewFrequency', 'nextReviewDate'],
  controls: [],
  actions: [],
};

/** The risk fields one mapped column writes: its catalogue field (a rating part writes its tier). */
function writesOf(mapped: string, catalogue: FieldCatalogue<RiskFieldName>): PatchKey[] {
  const special = specialWrites[mapped as ImportField];
  if (special) return special;
  const part = /^(.+)(Rating|Likelihood|Impact)$/.exec(mapped);
  const tier = part?.[1] as RiskFieldName | undefined;
  // A rating column writes its tier's cell or, for a score alone, the tier's score without a cell.
  if (tier && catalogue[tier]?.kind === 'rating') return [tier as PatchKey, `${tier}ScoreOnly` as PatchKey];
  // An owner who is not a site user yet is kept as printed, to confirm.
  if (mapped === 'owners') return ['owners', 'ownersToConfirm'];
  return Object.hasOwn(catalogue, mapped) ? [mapped as PatchKey] : [];
}

/** The risk fields a mapping writes (a description also comes from extra paragraphs in the title cell). */
export function writtenFields(
  mapped: ImportField[],
  risk: Risk,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): Set<PatchKey> {
  const out = new Set<PatchKey>();
  for (const f of mapped) for (const k of writesOf(f, catalogue)) out.add(k);
  if (risk.description) out.add('description');
  if (risk.directorate) out.add('directorate');
  return out;
}

const norm = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
// A file names people by e-mail or name while storage also knows their site id: compare on what both have.
function samePerson(a: Person, b: Person): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id;
  if (a.email && b.email) return a.email.toLowerCase() === b.email.toLowerCase();
  return norm(a.name).toLowerCase() === norm(b.name).toLowerCase();
}
const samePeople = (a: Person[], b: Person[]): boolean =>
  a.length === b.length &&
  b.every((p) => a.some((q) => samePerson(p, q))) &&
  a.every((p) => b.some((q) => samePerson(p, q)));
const sameRating = (a: Rating | undefined, b: Rating | undefined): boolean =>
  a?.likelihood === b?.likelihood && a?.impact === b?.impact;
const sameList = (a: string[], b: string[]): boolean => a.map(norm).join('\n') === b.map(norm).join('\n');

function sameValue(kind: FieldKind | undefined, a: unknown, b: unknown): boolean {
  if (kind === 'people') return samePeople(a as Person[], b as Person[]);
  if (kind === 'rating') return sameRating(a as Rating, b as Rating);
  if (Array.isArray(a) || Array.isArray(b)) return sameList((a as string[]) ?? [], (b as string[]) ?? []);
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return norm(a as string) === norm(b as string);
}

/** The changes `incoming` makes to `existing`, reading only `mapped` fields. */
export function diffRisk(
  existing: Risk,
  incoming: Risk,
  mapped: ImportField[],
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): RiskChanges {
  const patch: RiskPatch = {};
  const fields: string[] = [];
  for (const key of writtenFields(mapped, incoming, catalogue)) {
    let next = incoming[key];
    // A reference cell that names no alias keeps the aliases the register already has.
    if (key === 'aliases' && !mapped.includes('aliases') && incoming.aliases.length === 0) continue;
    if (key === 'nextReviewDate' && next === undefined && existing.nextReviewDate === undefined) continue;
    if (sameValue(catalogue[key as RiskFieldName]?.kind, existing[key], next)) continue;
    if (key === 'aliases') next = [...new Set([...existing.aliases, ...incoming.aliases])];
    (patch as Record<string, unknown>)[key] = next;
    fields.push(key);
  }
  return {
    patch,
    fields,
    controls: mapped.includes('controls') ? diffControls(existing.controls, incoming.controls) : none(),
    actions: mapped.includes('actions') ? diffActions(existing.actions, incoming.actions) : none(),
  };
}

function none<T>(): ChildChanges<T> {
  return { add: [], update: [], kept: [] };
}

function matchByTitle<T extends { id?: number; title: string }>(
  existing: T[],
  incoming: T[],
  same: (a: T, b: T) => boolean,
): ChildChanges<T> {
  const out = none<T>();
  const pool = new Map<string, T[]>();
  for (const e of existing)
    pool.set(norm(e.title).toLowerCase(), [...(pool.get(norm(e.title).toLowerCase()) ?? []), e]);
  for (const item of incoming) {
    const key = norm(item.title).toLowerCase();
    const candidates = pool.get(key) ?? [];
    const match = candidates.shift();
    if (!match) {
      out.add.push(item);
      continue;
    }
    if (match.id !== undefined && !same(match, item))
      out.update.push({ id: match.id, title: match.title, next: item });
  }
  for (const rest of pool.values()) for (const e of rest) out.kept.push(e.title);
  return out;
}

function diffControls(existing: Control[], incoming: Control[]): ChildChanges<Control> {
  return matchByTitle(
    existing,
    incoming,
    (a, b) => samePeople(a.owners, b.owners) && norm(a.serviceTag) === norm(b.serviceTag),
  );
}

function diffActions(existing: RiskAction[], incoming: RiskAction[]): ChildChanges<RiskAction> {
  return matchByTitle(
    existing,
    incoming,
    (a, b) =>
      samePeople(a.owners, b.owners) &&
      a.status === b.status &&
      (a.plannedDate ?? '') === (b.plannedDate ?? '') &&
      (a.reviewDate ?? '') === (b.reviewDate ?? '') &&
      (a.progress ?? null) === (b.progress ?? null) &&
      norm(a.progressNote) === norm(b.progressNote),
  );
}

/** Whether a change set writes nothing. */
export function isEmpty(changes: RiskChanges): boolean {
  return (
    changes.fields.length === 0 &&
    changes.controls.add.length === 0 &&
    changes.controls.update.length === 0 &&
    changes.actions.add.length === 0 &&
    changes.actions.update.length === 0
  );
}
