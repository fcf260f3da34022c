/**
 * The scorer's comparison (scripts/import-score.ts): what was stored against what the sheets state, field
 * by field, by the corpus README's rules (ratings by cell or by score and band, titles over 255
 * characters by their beginning and the description, list items after collapsing whitespace).
 */
import { bandOf, bandOfScore, scoreOf } from '../src/domain/matrix';
import { formatRating, formatScore } from '../src/domain/rating-display';
import type { Person, Rating, RiskMatrix } from '../src/domain/types';
import type { StoredRisk } from '../src/ports';
import type {
  CorpusLayout,
  Expected,
  ExpectedRating,
  ExpectedRisk,
} from '../tests/fixtures/import-corpus/corpus-model';

/** One field a sheet states, and whether it was stored as stated. */
export type FieldResult = {
  reference: string;
  field: string;
  ok: boolean;
  expected: string;
  /** What was stored, or `not imported: <the importer's messages>`. */
  stored: string;
};

export class CorpusError extends Error {}

/** Whitespace (line breaks, tabs, no-break spaces) collapsed to one space; NFC; trimmed. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function short(text: string, max = 110): string {
  const t = normaliseText(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function quoted(text: string): string {
  return `"${short(text)}"`;
}

function levelValue(matrix: RiskMatrix, axis: 'likelihood' | 'impact', v: string | number): number {
  const scale = matrix[axis];
  const byCode = scale.levels.find((l) => l.code.toLowerCase() === String(v).toLowerCase());
  if (byCode) return byCode.value;
  throw new CorpusError(
    `${axis} ${String(v)} is no level of the ${matrix.id} matrix (codes: ${scale.levels.map((l) => l.code).join(', ')})`,
  );
}

function describeRating(matrix: RiskMatrix, rating: StoredTier | undefined): string {
  if (!rating) return 'nothing';
  if ('scoreOnly' in rating)
    return `score ${rating.scoreOnly} without a cell = ${formatScore(matrix, rating.scoreOnly)}`;
  const l = matrix.likelihood.levels.find((x) => x.value === rating.likelihood);
  const i = matrix.impact.levels.find((x) => x.value === rating.impact);
  let shown = '';
  try {
    shown = ` = ${formatRating(matrix, rating)}`;
  } catch {
    shown = ' (not a cell of the matrix)';
  }
  return `likelihood ${l?.code ?? rating.likelihood}, impact ${i?.code ?? rating.impact}${shown}`;
}

function describeExpectedRating(r: ExpectedRating): string {
  return 'score' in r
    ? `score ${r.score}${r.band ? `, band ${r.band}` : ''}`
    : `likelihood ${r.likelihood}, impact ${r.impact}`;
}

/** A tier as stored: its cell, or its score without a cell (`Risk.currentScoreOnly`). */
type StoredTier = Rating | { scoreOnly: number };

function ratingMatches(
  matrix: RiskMatrix,
  expected: ExpectedRating,
  stored: StoredTier | undefined,
): boolean {
  if (!stored) return false;
  if ('scoreOnly' in stored) {
    // A score without a cell states no likelihood or impact, so it matches only a score.
    if (!('score' in expected) || stored.scoreOnly !== expected.score) return false;
    return (
      !expected.band ||
      bandOfScore(matrix, stored.scoreOnly)?.name.toLowerCase() === expected.band.toLowerCase()
    );
  }
  if ('score' in expected) {
    if (scoreOf(matrix, stored) !== expected.score) return false;
    if (!expected.band) return true;
    return bandOf(matrix, stored)?.name.toLowerCase() === expected.band.toLowerCase();
  }
  return (
    stored.likelihood === levelValue(matrix, 'likelihood', expected.likelihood) &&
    stored.impact === levelValue(matrix, 'impact', expected.impact)
  );
}

function names(people: Person[]): string[] {
  return people.map((p) => normaliseText(p.name));
}

function sameNames(expected: string[], stored: Person[]): boolean {
  const a = expected.map((n) => normaliseText(n).toLowerCase()).sort();
  const b = names(stored)
    .map((n) => n.toLowerCase())
    .sort();
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/**
 * The title as stated. A title over 255 characters (SharePoint's Title limit) also counts as stored when
 * the stored title begins it and the description holds the whole statement.
 */
function titleMatches(expected: string, risk: StoredRisk): boolean {
  const want = normaliseText(expected);
  const title = normaliseText(risk.title);
  if (title === want) return true;
  if (want.length <= 255 || !title) return false;
  const head = title.replace(/(…|\.\.\.)$/u, '').trim();
  return want.startsWith(head) && normaliseText(risk.description).includes(want);
}

function closest(want: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestLen = -1;
  const w = normaliseText(want);
  for (const c of candidates) {
    const n = normaliseText(c);
    let k = 0;
    while (k < n.length && k < w.length && n[k] === w[k]) k++;
    if (k > bestLen) {
      best = c;
      bestLen = k;
    }
  }
  return best;
}

function listItems(
  out: FieldResult[],
  reference: string,
  field: 'control' | 'action',
  expected: string[],
  stored: string[],
): void {
  const storedNorm = new Set(stored.map(normaliseText));
  for (const text of expected) {
    const ok = storedNorm.has(normaliseText(text));
    const near = closest(text, stored);
    out.push({
      reference,
      field,
      ok,
      expected: quoted(text),
      stored: ok
        ? quoted(text)
        : near === undefined
          ? `no ${field}s (${stored.length})`
          : `${quoted(near)} (closest of ${stored.length} ${field}s)`,
    });
  }
}

/** The stored risk for an expected reference: the same reference, else one whose reference begins with it. */
function findStored(reference: string, stored: StoredRisk[]): StoredRisk | undefined {
  const want = normaliseText(reference).toLowerCase();
  return (
    stored.find((r) => normaliseText(r.reference).toLowerCase() === want) ??
    stored.find((r) => {
      const ref = normaliseText(r.reference).toLowerCase();
      return ref.startsWith(`${want} `) || ref.startsWith(`${want}(`);
    })
  );
}

/** The fields of one expected risk, in a fixed order. */
export function expectedFields(risk: ExpectedRisk): string[] {
  const out = ['reference'];
  if (risk.title !== undefined) out.push('title');
  if (risk.owners !== undefined) out.push('owners');
  if (risk.cabinetMembers !== undefined) out.push('cabinetMembers');
  for (const slot of ['inherent', 'current', 'target'] as const) if (risk[slot]) out.push(slot);
  if (risk.appetite !== undefined) out.push('appetite');
  for (let i = 0; i < (risk.controls ?? []).length; i++) out.push('control');
  for (let i = 0; i < (risk.actions ?? []).length; i++) out.push('action');
  return out;
}

/**
 * Compares what was stored with what the sheets state. `notImported(reference)` says why a risk is
 * missing (the importer's messages).
 */
export function compareRisks(
  matrix: RiskMatrix,
  expected: ExpectedRisk[],
  stored: StoredRisk[],
  notImported: (reference: string) => string = () => 'the importer stored no risk with this reference',
): FieldResult[] {
  const out: FieldResult[] = [];
  for (const want of expected) {
    const ref = want.reference;
    const risk = findStored(ref, stored);
    if (!risk) {
      const why = `not imported: ${notImported(ref)}`;
      const fields = expectedFields(want);
      const texts = [...(want.controls ?? []), ...(want.actions ?? [])];
      let item = 0;
      for (const field of fields) {
        const expectedText =
          field === 'control' || field === 'action'
            ? quoted(texts[item++] ?? '')
            : field === 'reference'
              ? ref
              : describeField(want, field);
        out.push({ reference: ref, field, ok: false, expected: expectedText, stored: why });
      }
      continue;
    }
    const refOk = normaliseText(risk.reference) === normaliseText(ref);
    out.push({ reference: ref, field: 'reference', ok: refOk, expected: ref, stored: risk.reference });
    if (want.title !== undefined)
      out.push({
        reference: ref,
        field: 'title',
        ok: titleMatches(want.title, risk),
        expected: quoted(want.title),
        stored: quoted(risk.title),
      });
    for (const field of ['owners', 'cabinetMembers'] as const) {
      const list = want[field];
      if (list === undefined) continue;
      out.push({
        reference: ref,
        field,
        ok: sameNames(list, risk[field]),
        expected: JSON.stringify(list),
        stored: JSON.stringify(names(risk[field])),
      });
    }
    for (const slot of ['inherent', 'current', 'target'] as const) {
      const r = want[slot];
      if (!r) continue;
      const scoreOnly = risk[`${slot}ScoreOnly`];
      const stored: StoredTier | undefined =
        risk[slot] ?? (scoreOnly === undefined ? undefined : { scoreOnly });
      out.push({
        reference: ref,
        field: slot,
        ok: ratingMatches(matrix, r, stored),
        expected: describeExpectedRating(r),
        stored: describeRating(matrix, stored),
      });
    }
    if (want.appetite !== undefined)
      out.push({
        reference: ref,
        field: 'appetite',
        ok: risk.appetite === want.appetite,
        expected: String(want.appetite),
        stored: risk.appetite === undefined ? 'nothing' : String(risk.appetite),
      });
    listItems(
      out,
      ref,
      'control',
      want.controls ?? [],
      // A text longer than a title may be is stored whole beside its short title.
      risk.controls.map((c) => c.detail ?? c.title),
    );
    listItems(
      out,
      ref,
      'action',
      want.actions ?? [],
      risk.actions.map((a) => a.detail ?? a.title),
    );
  }
  return out;
}

function describeField(want: ExpectedRisk, field: string): string {
  switch (field) {
    case 'title':
      return quoted(want.title ?? '');
    case 'owners':
      return JSON.stringify(want.owners);
    case 'cabinetMembers':
      return JSON.stringify(want.cabinetMembers);
    case 'inherent':
    case 'current':
    case 'target': {
      const r = want[field];
      return r ? describeExpectedRating(r) : '';
    }
    case 'appetite':
      return String(want.appetite);
    default:
      return '';
  }
}

/** Checks that expected.json is well formed for its layout's matrix; throws CorpusError otherwise. */
export function checkExpected(expected: Expected, layout: CorpusLayout, matrix: RiskMatrix): void {
  const where = `${layout.council}/${layout.layout}/expected.json`;
  if (expected.council !== layout.council || expected.layout !== layout.layout)
    throw new CorpusError(`${where} names ${expected.council}/${expected.layout}`);
  if (!Array.isArray(expected.risks) || expected.risks.length === 0)
    throw new CorpusError(`${where} has no risks`);
  const seen = new Set<string>();
  for (const r of expected.risks) {
    if (typeof r.reference !== 'string' || !r.reference.trim())
      throw new CorpusError(`${where}: a risk without a reference`);
    if (seen.has(r.reference)) throw new CorpusError(`${where}: ${r.reference} twice`);
    seen.add(r.reference);
    for (const slot of ['inherent', 'current', 'target'] as const) {
      const rating = r[slot];
      if (!rating) continue;
      if ('score' in rating) {
        if (!Number.isInteger(rating.score)) throw new CorpusError(`${where}: ${r.reference} ${slot} score`);
      } else {
        try {
          levelValue(matrix, 'likelihood', rating.likelihood);
          levelValue(matrix, 'impact', rating.impact);
        } catch (err) {
          throw new CorpusError(`${where}: ${r.reference} ${slot}: ${(err as Error).message}`);
        }
      }
    }
  }
}
