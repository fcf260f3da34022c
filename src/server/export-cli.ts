/**
 * `npm run export -- --register <name> --out <file.xlsx|file.csv> [--site <url>]`
 *
 * Exports a register's live state (no period: today's risks, controls and actions) in the layout
 * `npm run import` reads back with no flags and no mapping (src/reports/import-layout.ts):
 * - `.xlsx`: sheets `Register` and `Controls and actions` (keyed by reference); one import reads both;
 * - `.csv`: a sheet per file, as Excel saves CSV: `<file>.csv` with the risks and, when the register has
 *   any, `<file>-controls-and-actions.csv`; import the risks file, then the controls-and-actions file.
 * The register imported into needs the same matrix. Site and auth as for `npm run import`.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadExistingRisks } from '../import';
import { exportRegisterForImportCsv, exportRegisterForImportXlsx } from '../reports';
import { createRegisterStore } from '../sharepoint/register-store';
import { siteClient } from './import-cli';

const usage = 'Usage: npm run export -- --register <name> --out <file.xlsx|file.csv> [--site <url>]';

/** The controls-and-actions file written beside `out` for a CSV export. */
export function childrenCsvPath(out: string): string {
  return out.replace(/\.csv$/i, '') + '-controls-and-actions.csv';
}

/** Runs the command; returns the exit code. Messages go to `log` (stdout) and `error` (stderr). */
export async function runExport(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = console.log,
  error: (line: string) => void = console.error,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      register: { type: 'string' },
      out: { type: 'string' },
      site: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.register || !values.out) {
    log(usage);
    return values.help ? 0 : 2;
  }
  const out = values.out;
  const kind = /\.xlsx$/i.test(out) ? 'xlsx' : /\.csv$/i.test(out) ? 'csv' : undefined;
  if (!kind) {
    error(`--out ${out}: name a .xlsx or a .csv file.\n${usage}`);
    return 2;
  }
  const register = values.register;
  const store = createRegisterStore(siteClient(values.site, env));
  const registers = await store.listRegisters();
  if (!registers.some((r) => r.toLowerCase() === register.toLowerCase())) {
    error(
      `--register ${register}: the site has no such register; its registers are ${registers.map((r) => `"${r}"`).join(', ') || 'none'}.`,
    );
    return 1;
  }
  const settings = await store.getSettings(register);
  const risks = await loadExistingRisks(store, register);
  const controls = risks.reduce((n, r) => n + r.controls.length, 0);
  const actions = risks.reduce((n, r) => n + r.actions.length, 0);
  const counts = `${risks.length} risks, ${controls} controls, ${actions} actions`;
  const again = `--register <name> (a register with the ${settings.matrix.name} matrix)`;
  if (kind === 'xlsx') {
    writeFileSync(out, await exportRegisterForImportXlsx(settings, risks));
    log(`${out}: ${counts} of ${register} (sheets "Register" and "Controls and actions").`);
    log(`Import it with: npm run import -- ${out} ${again}`);
    return 0;
  }
  const csv = exportRegisterForImportCsv(settings, risks);
  writeFileSync(out, csv.register);
  log(`${out}: ${risks.length} risks of ${register}.`);
  if (csv.children) {
    const children = childrenCsvPath(out);
    writeFileSync(children, csv.children);
    log(`${children}: ${controls} controls and ${actions} actions, by risk reference.`);
    log(`Import them in this order: npm run import -- ${out} ${again}`);
    log(`                      then npm run import -- ${children} ${again}`);
  } else log(`Import it with: npm run import -- ${out} ${again}`);
  return 0;
}

if (require.main === module) {
  runExport(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
