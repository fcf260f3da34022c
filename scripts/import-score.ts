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
import { presetById } from '../src/domain/presets';
import type { RiskMatrix } from '../src/domain/types';
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
} from '../tests/fixtures/import-corpus/corpus-model';
import {
  CorpusError,
  checkExpected,
  compareRisks,
  normaliseText,
  short,
  type FieldResult,
} from './import-score-compare';

export {
  CorpusError,
  checkExpected,
  compareRisks,
  expectedFields,
  normaliseText,
} from './import-score-compare';
export type { FieldResult } from './import-score-compare';

const register = 'Corpus';
const repoRoot = resolve(__dirname, '..');
const cliPath = join(repoRoot, 'src/server/import-cli.ts');
const actor: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };

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
