/**
 * `npm run import:score [-- [--skip-errors] [council/layout ...]]`
 *
 * Measures the importer against the hand-written corpus (tests/fixtures/import-corpus): for each layout
 * and each file type (.xlsx, and the CSV files Excel saves), it starts a local list service in-process,
 * provisions a register with the council's preset matrix, runs `npm run import` (src/server/import-cli.ts,
 * the real CLI in its own process) with no flags and no mapping, reads back what was stored, and compares
 * it field by field with expected.json. It prints, per council, layout and file type, the fields the
 * sheets state and how many were stored correctly, then every miss. A workbook of several sheets is
 * imported as the CLI imports it (one run); its CSV files are imported one after another, in sheet order.
 * `--skip-errors` is a diagnostic (the CLI then writes the rows without problems); the acceptance
 * figure is the run without it.
 *
 * It is a measurement: the exit code is 0 whatever the figures, and 1 only when the corpus itself is
 * malformed (a missing file, an unknown preset, a bad expected.json) or the run fails (the list service
 * cannot start).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bandOf, bandOfScore, scoreOf } from '../src/domain/matrix';
import { presetById } from '../src/domain/presets';
import { formatRating, formatScore } from '../src/domain/rating-display';
import type { Person, Rating, RiskMatrix } from '../src/domain/types';
import { demoManager, startListService } from '../src/emulator';
import { loadExistingRisks } from '../src/import';
import { provision } from '../src/sharepoint/provisioning';
import type { Actor, StoredRisk } from '../src/ports';
import { createRegisterStore } from '../src/sharepoint/register-store';
import { createSpClient } from '../src/sharepoint/sp-client';
import {
  fileNames,
  layoutDirs,
  loadExpected,
  loadLayout,
  type CorpusLayout,
  type Expected,
  type ExpectedRating,
  type ExpectedRisk,
} from '../tests/fixtures/import-corpus/corpus-model';

const register = 'Corpus';
const repoRoot = resolve(__dirname, '..');
const cliPath = join(repoRoot, 'src/server/import-cli.ts');
const actor: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };

/** One field a sheet states, and whether it was stored as stated. */
export type FieldResult = {
  reference: string;
  field: string;
  ok: boolean;
  expected: string;
  /** What was stored, or `not imported: <the importer's messages>`. */
  stored: string;
};

export type FileTypeResult = {
  council: string;
  layout: string;
  fileType: 'xlsx' | 'csv';
  files: string[];
  fields: FieldResult[];
  /** What the CLI printed, per run. */
  runs: { file: string; exitCode: number; output: string }[];
  stored: StoredRisk[];
};

export class CorpusError extends Error {}

/** Whitespace (line breaks, tabs, no-break spaces) collapsed to one space; NFC; trimmed. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

function short(text: string, max = 110): string {
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

/** Runs the import CLI as `npm run import` would, in its own Node process, and returns what it printed. */
function runCli(
  file: string,
  siteUrl: string,
  extraArgs: string[],
): Promise<{ exitCode: number; output: string }> {
  const env = { ...process.env };
  delete env.SP_ACCESS_TOKEN;
  delete env.SP_SITE_URL;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [require.resolve('tsx/cli'), cliPath, file, '--register', register, '--site', siteUrl, ...extraArgs],
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ exitCode: code ?? 1, output }));
  });
}

/** Sheet rows (1-based, as Excel numbers them) on which a reference is written. */
function rowsOf(layout: CorpusLayout, reference: string): Set<number> {
  const want = normaliseText(reference).toLowerCase();
  const rows = new Set<number>();
  for (const sheet of layout.sheets)
    sheet.rows.forEach((row, i) => {
      if (
        row.some((c) => {
          const t = c === null ? '' : normaliseText(String(c)).toLowerCase();
          return t === want || t.startsWith(`${want} `);
        })
      )
        rows.add(i + 1);
    });
  return rows;
}

/** Row numbers a CLI line points at: `Sheet!C12`, `row 12`, or a cell list such as `(B5, B6, B8)`. */
function rowsNamed(line: string): number[] {
  const out: number[] = [];
  for (const m of line.matchAll(/![A-Z]{1,3}(\d+)\b|\brow (\d+)\b/g)) out.push(Number(m[1] ?? m[2]));
  for (const list of line.matchAll(/\(((?:[A-Z]{1,3}\d+, )*[A-Z]{1,3}\d+)\)/g))
    for (const cell of (list[1] ?? '').split(', ')) out.push(Number(cell.replace(/^[A-Z]+/, '')));
  return out;
}

/** The CLI's lines about a risk's rows, else its errors and closing line. */
function whyMissing(layout: CorpusLayout, runs: { output: string }[], reference: string): string {
  const rows = rowsOf(layout, reference);
  const lines = runs.flatMap((r) =>
    r.output
      .split(/\r?\n|\r/)
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const about = lines
    .filter((line) => rowsNamed(line).some((n) => rows.has(n)))
    .map((line) =>
      /^Sheet ".*", header row \d+:$/.test(line)
        ? `the CLI took this risk's row as the header row (${line})`
        : line,
    );
  const errors = lines.filter((line) => / error: /.test(line) && rowsNamed(line).length === 0);
  if (about.length)
    return about
      .slice(0, 3)
      .map((l) => short(l, 240))
      .join(' | ');
  const where = rows.size ? `no message names row ${[...rows].join(', ')}; ` : '';
  const chosen = [...errors.slice(0, 2), ...lines.slice(-1)];
  return `${where}${chosen.map((l) => short(l, 240)).join(' | ') || 'the importer printed nothing'}`;
}

async function scoreFiles(
  layout: CorpusLayout,
  expected: Expected,
  matrix: RiskMatrix,
  dir: string,
  fileType: 'xlsx' | 'csv',
  files: string[],
  extraArgs: string[],
): Promise<FileTypeResult> {
  const service = await startListService({
    directory: layout.people.map((p) => ({ upn: p.email, title: p.name, email: p.email })),
  });
  try {
    const sp = createSpClient({
      siteUrl: service.siteUrl,
      getToken: async () => demoManager.token,
      retry: { baseDelayMs: 10, maxAttempts: 8 },
    });
    await provision(sp, { registers: [register] });
    const store = createRegisterStore(sp);
    const settings = await store.getSettings(register);
    await store.saveSettings({ ...settings, matrix }, settings.etag, actor);
    const runs: FileTypeResult['runs'] = [];
    for (const file of files)
      runs.push({ file, ...(await runCli(join(dir, file), service.siteUrl, extraArgs)) });
    const stored = await loadExistingRisks(store, register);
    const fields = compareRisks(matrix, expected.risks, stored, (ref) => whyMissing(layout, runs, ref));
    return { council: layout.council, layout: layout.layout, fileType, files, fields, runs, stored };
  } finally {
    await service.close();
  }
}

/**
 * Scores the given layouts (default: the whole corpus). `skipErrors` passes `--skip-errors` to the CLI:
 * a diagnostic that shows what the rows without problems would store; the acceptance figure is without it.
 */
export async function scoreCorpus(
  only: string[] = [],
  onResult: (r: FileTypeResult) => void = () => undefined,
  options: { skipErrors?: boolean } = {},
): Promise<FileTypeResult[]> {
  const extraArgs = options.skipErrors ? ['--skip-errors'] : [];
  const dirs = layoutDirs().filter((d) => only.length === 0 || only.includes(`${d.council}/${d.layout}`));
  if (only.length && dirs.length !== only.length)
    throw new CorpusError(
      `No such layout: ${only.filter((o) => !dirs.some((d) => `${d.council}/${d.layout}` === o)).join(', ')}`,
    );
  const results: FileTypeResult[] = [];
  for (const { dir } of dirs) {
    const layout = await loadLayout(dir);
    const matrix = presetById(layout.preset);
    if (!matrix) throw new CorpusError(`${layout.council}/${layout.layout}: no preset ${layout.preset}`);
    const expected = loadExpected(dir);
    checkExpected(expected, layout, matrix);
    const names = fileNames(layout);
    for (const f of [names.xlsx, ...names.csv])
      if (!existsSync(join(dir, f)))
        throw new CorpusError(
          `${join(dir, f)} is missing: run npx tsx tests/fixtures/import-corpus/build-corpus.ts`,
        );
    for (const [fileType, files] of [
      ['xlsx', [names.xlsx]],
      ['csv', names.csv],
    ] as const) {
      const r = await scoreFiles(layout, expected, matrix, dir, fileType, [...files], extraArgs);
      results.push(r);
      onResult(r);
    }
  }
  return results;
}

function pct(ok: number, all: number): string {
  return all === 0 ? '-' : `${((100 * ok) / all).toFixed(1)}%`;
}

/** The table and the misses, as printed. */
export function report(results: FileTypeResult[]): string {
  const rows = results.map((r) => {
    const ok = r.fields.filter((f) => f.ok).length;
    return [r.council, r.layout, r.fileType, String(r.fields.length), String(ok), pct(ok, r.fields.length)];
  });
  const stated = results.reduce((n, r) => n + r.fields.length, 0);
  const correct = results.reduce((n, r) => n + r.fields.filter((f) => f.ok).length, 0);
  const head = ['council', 'layout', 'file', 'stated', 'correct', '%'];
  const all = [head, ...rows, ['total', '', '', String(stated), String(correct), pct(correct, stated)]];
  const widths = head.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row.map((c, i) => (i >= 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  const out = [
    line(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    line(all[all.length - 1] ?? []),
  ];
  // A risk that was not imported gives its reason once, on its reference line.
  const misses = results.flatMap((r) =>
    r.fields
      .filter((f) => !f.ok)
      .map((f) => {
        const where = `${r.council}/${r.layout} ${r.fileType === 'xlsx' ? r.files[0] : r.files.join(' + ')}`;
        const what = !f.stored.startsWith('not imported:')
          ? `expected ${f.expected}, stored ${f.stored}`
          : f.field === 'reference'
            ? `expected ${f.expected}, ${f.stored}`
            : `expected ${f.expected}, not imported`;
        return `${where}: risk ${f.reference} ${f.field}: ${what}`;
      }),
  );
  const byField = new Map<string, [number, number]>();
  for (const f of results.flatMap((r) => r.fields)) {
    const [ok, all] = byField.get(f.field) ?? [0, 0];
    byField.set(f.field, [ok + (f.ok ? 1 : 0), all + 1]);
  }
  out.push(
    '',
    `By field: ${[...byField].map(([field, [ok, n]]) => `${field} ${ok}/${n}`).join(', ')}`,
    '',
    `Misses (${misses.length}):`,
    ...misses,
  );
  return out.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--skip-errors');
  if (unknown.length) {
    console.error(
      `Unknown option ${unknown.join(' ')}. Usage: npm run import:score [-- [--skip-errors] [council/layout ...]]`,
    );
    process.exit(2);
  }
  const skipErrors = args.includes('--skip-errors');
  const only = args.filter((a) => !a.startsWith('-'));
  scoreCorpus(
    only,
    (r) => {
      const ok = r.fields.filter((f) => f.ok).length;
      process.stderr.write(`scored ${r.council}/${r.layout} ${r.fileType}: ${ok}/${r.fields.length}\n`);
    },
    { skipErrors },
  ).then(
    (results) => {
      if (skipErrors)
        console.log(
          'Diagnostic run: the import CLI was given --skip-errors (the acceptance figure is without it).\n',
        );
      console.log(report(results));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err instanceof CorpusError ? `Corpus malformed: ${err.message}` : err);
      process.exit(1);
    },
  );
}
