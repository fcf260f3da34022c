/**
 * `npm run report -- --register <name> --period 2023/24-Q4 --out paper.docx [--min-band High]
 *   [--committee "..."] [--council "..."] [--title "..."] [--meeting-date "8 March 2023"]
 *   [--xlsx register.xlsx] [--csv register.csv] [--snapshots q4.xlsx] [--site <url>]`
 *
 * Writes the committee paper for a register and period from the period's snapshots, and optionally the
 * register and the period's snapshots as spreadsheets. Site and auth as for `npm run import`.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  createCommitteePaper,
  exportRegisterCsv,
  exportRegisterXlsx,
  exportSnapshotsCsv,
  exportSnapshotsXlsx,
} from '../reports';
import { createRegisterStore } from '../sharepoint/register-store';
import { siteClient } from './import-cli';

const usage =
  'Usage: npm run report -- --register <name> --period <2023/24-Q4> --out <paper.docx> [--min-band <band>]\n' +
  '         [--committee <name>] [--council <name>] [--title <text>] [--meeting-date <text>]\n' +
  '         [--xlsx <register.xlsx>] [--csv <register.csv>] [--snapshots <file.xlsx|file.csv>] [--site <url>]';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      register: { type: 'string' },
      period: { type: 'string' },
      out: { type: 'string' },
      'min-band': { type: 'string' },
      committee: { type: 'string' },
      council: { type: 'string' },
      title: { type: 'string' },
      'meeting-date': { type: 'string' },
      xlsx: { type: 'string' },
      csv: { type: 'string' },
      snapshots: { type: 'string' },
      site: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.register || !values.period || !values.out) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const store = createRegisterStore(siteClient(values.site));
  const { paper, docx } = await createCommitteePaper(store, {
    register: values.register,
    periodId: values.period,
    options: {
      ...(values['min-band'] ? { minBand: values['min-band'] } : {}),
      ...(values.committee ? { committee: values.committee } : {}),
      ...(values.council ? { councilName: values.council } : {}),
      ...(values.title ? { title: values.title } : {}),
      ...(values['meeting-date'] ? { meetingDate: values['meeting-date'] } : {}),
    },
    onProgress: (p) => process.stdout.write(`\r${p.step} ${p.done}/${p.total}      `),
  });
  process.stdout.write('\n');
  writeFileSync(values.out, docx);
  console.log(
    `${values.out}: ${paper.summary.length} risks for ${paper.period.label} (${paper.bandCounts.map((b) => `${b.band} ${b.count}`).join(', ')}).`,
  );
  if (paper.notReviewed.length)
    console.log(
      `Not reviewed this period (shown with their last reviewed rating): ${paper.notReviewed.join(', ')}.`,
    );
  if (values.xlsx || values.csv || values.snapshots) {
    const view = await store.loadRegisterView({ register: values.register, periodId: paper.period.id });
    const risks = view.rows.map((r) => r.risk);
    if (values.xlsx) writeFileSync(values.xlsx, await exportRegisterXlsx(view.settings, risks));
    if (values.csv) writeFileSync(values.csv, exportRegisterCsv(view.settings, risks));
    if (values.snapshots) {
      writeFileSync(
        values.snapshots,
        values.snapshots.toLowerCase().endsWith('.csv')
          ? exportSnapshotsCsv(view)
          : await exportSnapshotsXlsx(view),
      );
    }
    for (const f of [values.xlsx, values.csv, values.snapshots]) if (f) console.log(`${f}: written.`);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
