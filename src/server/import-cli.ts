/**
 * `npm run import -- <file.xlsx|file.csv> --register <name> [--matrix kent] [--sheet <name>]
 *   [--header-row <n>] [--map field=Column ...] [--period 2023/24-Q4] [--dry-run] [--site <url>] [--skip-errors]`
 *
 * Imports a council register from Excel or CSV: finds the header row, maps columns by synonym (override
 * with `--map currentRating=F`), prints every problem by cell and header, and unless `--dry-run`, writes
 * in batches with progress. Running it again updates by reference and resumes an interrupted import.
 * `--period` also records each row's ratings and comment as that period's snapshot (history for papers).
 * The matrix defaults to the register's own; `--matrix` names a preset (gloucestershire, kent, medway,
 * cambridgeshire, halton) to check the file against when the register has none yet.
 *
 * Site and auth: `--site` (default SP_SITE_URL); token SP_ACCESS_TOKEN, else the local list service's
 * demo manager for a localhost site, else app-only with the AZURE_* certificate settings.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { presetById } from '../domain/presets';
import type { RiskMatrix } from '../domain/types';
import { demoManager } from '../emulator';
import {
  columnLetter,
  commitImport,
  describeIssue,
  directoryResolver,
  dryRun,
  headersOf,
  importFields,
  suggestForRow,
  readBlockSheets,
  loadExistingRisks,
  adoptMatrix,
  matrixChangeRefusal,
  proposeMatrix,
  readRegisterFile,
  suggestMapping,
  type ColumnMapping,
  type DirectoryEntry,
  type ImportField,
} from '../import';
import { createRegisterStore } from '../sharepoint/register-store';
import { createSpClient } from '../sharepoint/sp-client';
import type { SPFI } from '@pnp/sp';
import { loadCertificate } from './config-certificate';
import { createAppOnlyTokenProvider } from './config-token';

const usage =
  'Usage: npm run import -- <file.xlsx|file.csv> --register <name> [--matrix <preset>] [--sheet <name>]\n' +
  '         [--header-row <n>] [--map <field>=<column letter>]... [--period <2023/24-Q4>] [--dry-run]\n' +
  '         [--skip-errors] [--site <url>]\n' +
  `Fields: ${importFields.map((f) => f.field).join(', ')}`;

/** The site's PnPjs client from the environment (shared with the report CLI). */
export function siteClient(site: string | undefined, env: NodeJS.ProcessEnv = process.env): SPFI {
  const siteUrl = site ?? env.SP_SITE_URL;
  if (!siteUrl) throw new Error(`No site: pass --site <url> or set SP_SITE_URL.`);
  const host = new URL(siteUrl).hostname;
  let getToken: () => Promise<string>;
  if (env.SP_ACCESS_TOKEN) {
    const token = env.SP_ACCESS_TOKEN;
    getToken = async () => token;
  } else if (host === '127.0.0.1' || host === 'localhost') {
    getToken = async () => demoManager.token;
  } else {
    const { credential, problems } = loadCertificate(
      {
        ...(env.AZURE_CLIENT_CERTIFICATE_PATH ? { path: env.AZURE_CLIENT_CERTIFICATE_PATH } : {}),
        ...(env.AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY
          ? { privateKey: env.AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY }
          : {}),
        ...(env.AZURE_CLIENT_CERTIFICATE_THUMBPRINT
          ? { thumbprint: env.AZURE_CLIENT_CERTIFICATE_THUMBPRINT }
          : {}),
      },
      (path) => readFileSync(path, 'utf8'),
    );
    if (!credential || !env.AZURE_TENANT_ID || !env.AZURE_CLIENT_ID) {
      throw new Error(
        `No credentials for ${siteUrl}: set SP_ACCESS_TOKEN, or AZURE_TENANT_ID, AZURE_CLIENT_ID and the certificate ` +
          `(${problems.join(' ') || 'AZURE_CLIENT_CERTIFICATE_PATH and AZURE_CLIENT_CERTIFICATE_THUMBPRINT'}).`,
      );
    }
    getToken = createAppOnlyTokenProvider({
      tenantId: env.AZURE_TENANT_ID,
      clientId: env.AZURE_CLIENT_ID,
      certificate: credential,
      sharePointResource: new URL(siteUrl).origin,
    });
  }
  return createSpClient({ siteUrl, getToken });
}

/**
 * `--map field=X`: X is a column letter (`F`) or the text of a header in the header row (`"Risk
 * Owner"`, matched ignoring case and spacing); `field=` unmaps. A letter wins only when no header has
 * that text, and anything that is neither is refused with the headers the row has.
 */
export function applyOverrides(
  mapping: ColumnMapping,
  overrides: string[],
  headers: { index: number; letter: string; text: string }[],
): ColumnMapping {
  const columns = { ...mapping.columns };
  const known = new Set(importFields.map((f) => f.field));
  const norm = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase();
  for (const o of overrides) {
    const m = /^([A-Za-z]+)=(.*)$/s.exec(o);
    if (!m || !known.has(m[1] as ImportField)) {
      throw new Error(
        `--map ${o}: write <field>=<column letter or header text>, e.g. currentRating=F or owners="Risk Owner" (owners= unmaps).\n${usage}`,
      );
    }
    const field = m[1] as ImportField;
    const target = (m[2] ?? '').trim();
    if (!target) {
      delete columns[field];
      continue;
    }
    const byHeader = headers.filter((h) => h.text && norm(h.text) === norm(target));
    if (byHeader.length > 1)
      throw new Error(
        `--map ${o}: ${byHeader.length} columns are headed "${target}" (${byHeader.map((h) => h.letter).join(', ')}); give the column letter instead, e.g. ${field}=${byHeader[1]?.letter}.`,
      );
    const header = byHeader[0];
    if (header) {
      columns[field] = header.index;
      continue;
    }
    if (/^[A-Za-z]{1,3}$/.test(target)) {
      columns[field] = [...target.toUpperCase()].reduce((n, ch) => n * 26 + (ch.charCodeAt(0) - 64), 0) - 1;
      continue;
    }
    throw new Error(
      `--map ${o}: "${target}" is neither a column letter nor a header of row ${mapping.headerRow} of sheet "${mapping.sheet}". ` +
        `Its headers: ${headers
          .filter((h) => h.text)
          .map((h) => `${h.letter} "${h.text}"`)
          .join(', ')}.`,
    );
  }
  return { ...mapping, columns };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      register: { type: 'string' },
      matrix: { type: 'string' },
      sheet: { type: 'string' },
      'header-row': { type: 'string' },
      map: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      'skip-errors': { type: 'boolean' },
      period: { type: 'string' },
      site: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const path = positionals[0];
  if (values.help || !path || !values.register) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const register = values.register;
  const file = await readRegisterFile(new Uint8Array(readFileSync(path)), basename(path));
  if (!file.ok) {
    for (const e of file.errors) console.error(describeIssue(e));
    return 1;
  }
  // A paper's per-risk blocks pasted into a sheet are read as one row per risk.
  const blocks = readBlockSheets(file.value);
  file.value.sheets = blocks.file.sheets;
  if (values.sheet && !file.value.sheets.some((s) => s.name === values.sheet)) {
    console.error(
      `--sheet "${values.sheet}": the file has no such sheet; its sheets are ${file.value.sheets.map((s) => `"${s.name}"`).join(', ')}.`,
    );
    return 1;
  }
  let mapping: ColumnMapping;
  let notes: string[] = [];
  if (values['header-row']) {
    // A chosen header row: on the given sheet, else the first sheet that has that row; its columns are
    // mapped as the suggestion would map them.
    const row = Number(values['header-row']);
    const sheet = file.value.sheets.find((s) =>
      values.sheet ? s.name === values.sheet : s.rows.length >= row,
    );
    if (!Number.isInteger(row) || row < 1 || !sheet || row > sheet.rows.length) {
      console.error(
        `--header-row ${values['header-row']}: not a row of ${values.sheet ? `sheet "${values.sheet}"` : 'any sheet'}; give a row number from 1 to ${sheet?.rows.length ?? 0}.`,
      );
      return 1;
    }
    const s = suggestForRow(sheet, row);
    mapping = s.mapping;
    notes = s.notes;
  } else {
    const suggestion = suggestMapping(file.value.sheets, values.sheet);
    if (!suggestion.ok) {
      for (const e of suggestion.errors) console.error(describeIssue(e));
      console.error(
        'Give the header row with --header-row <n> (and --sheet "<name>" when the file has several sheets), and map columns with --map <field>=<letter or header>.',
      );
      return 1;
    }
    mapping = suggestion.value.mapping;
    notes = suggestion.value.notes;
  }
  const sheet = file.value.sheets.find((s) => s.name === mapping.sheet);
  const headers = sheet ? headersOf(sheet, mapping.headerRow) : [];
  try {
    mapping = applyOverrides(mapping, values.map ?? [], headers);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  console.log(`Sheet "${mapping.sheet}", header row ${mapping.headerRow}:`);
  for (const n of [...blocks.notes, ...notes]) console.log(`  note: ${n}`);
  for (const [field, index] of Object.entries(mapping.columns)) {
    const header = headers.find((h) => h.index === index)?.text ?? '';
    console.log(`  ${field.padEnd(20)} <- ${columnLetter(index)} ${header}`);
  }

  const sp = siteClient(values.site);
  const store = createRegisterStore(sp);
  const settings = await store.getSettings(register);
  const existing = await loadExistingRisks(store, register);
  let matrix: RiskMatrix = settings.matrix;
  let adopt: RiskMatrix | undefined;
  if (values.matrix) {
    const preset = presetById(values.matrix);
    if (!preset) {
      console.error(
        `--matrix ${values.matrix} is not a preset; use gloucestershire, kent, medway, cambridgeshire or halton.`,
      );
      return 2;
    }
    const refusal = matrixChangeRefusal(register, settings.matrix, preset, existing.length);
    if (refusal) {
      console.error(`Nothing was written. ${refusal}`);
      return 1;
    }
    if (preset.id !== settings.matrix.id) {
      adopt = preset;
      console.log(
        `Register ${register} has no risks yet: its matrix ${values['dry-run'] ? 'would be' : 'will be'} set to ${preset.name} (from ${settings.matrix.name}) before any risk is written.`,
      );
    }
    matrix = preset;
  } else if (sheet) {
    const proposal = proposeMatrix(file.value, mapping, settings.matrix);
    if (proposal.preset)
      console.log(
        `note: ${proposal.reason} ` +
          (existing.length === 0
            ? `Pass --matrix ${proposal.preset.id} to set register ${register}'s matrix to it before importing.`
            : (matrixChangeRefusal(register, settings.matrix, proposal.preset, existing.length) ?? '')),
      );
  }
  const directory: DirectoryEntry[] = await store.listSiteUsers();
  const resolver = directoryResolver(
    directory,
    (email) => store.ensureSiteUser(email),
    store.searchDirectory ? (name) => store.searchDirectory?.(name) ?? Promise.resolve([]) : undefined,
  );
  const plan = await dryRun({
    file: file.value,
    mapping,
    register,
    matrix,
    existing,
    resolver,
    ...(values.period
      ? { periodId: values.period, financialYearStartMonth: settings.financialYearStartMonth }
      : {}),
  });
  for (const issue of plan.issues) console.log(describeIssue(issue));
  if (plan.unresolvedPeople.length > 0) {
    console.log(
      `People to add to the register site (${plan.unresolvedPeople.length}): share the site with them or add them ` +
        'in Site settings > People and groups (or write their e-mail address in the cell), then import again to ' +
        'replace "owner to confirm" with the person:',
    );
    for (const p of plan.unresolvedPeople)
      console.log(`  ${p.name}${p.email ? ` <${p.email}>` : ''} (${p.cells.join(', ')}): ${p.reason}`);
  }
  const c = plan.counts;
  console.log(
    `${plan.rows.length} risks: ${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged, ${c.error} with problems.`,
  );
  if (values['dry-run']) return plan.ready ? 0 : 1;
  if (!plan.ready && !values['skip-errors']) {
    console.error(
      'Nothing was written: fix the problems above, or pass --skip-errors to import the other rows.',
    );
    return 1;
  }
  const me = await store.currentUser();
  if (adopt) {
    await adoptMatrix(store, register, adopt, existing.length, me);
    console.log(`Register ${register}'s matrix is now ${adopt.name} (recorded in its audit trail).`);
  }
  const result = await commitImport(plan, store, me, {
    skipRowsWithErrors: values['skip-errors'] ?? false,
    onProgress: (p) =>
      process.stdout.write(
        `\r${p.done}/${p.total} (batch ${p.batch}/${p.batches}) ${p.reference}: ${p.result}      `,
      ),
  });
  process.stdout.write('\n');
  for (const r of result.results.filter((x) => x.result === 'failed'))
    console.error(
      `${r.reference} (row ${r.rows.join(', ')}): ${r.error}${r.written ? ` What was stored: ${r.written}.` : ''}`,
    );
  const k = result.counts;
  console.log(
    `Created ${k.created}, updated ${k.updated}, unchanged ${k.unchanged}, failed ${k.failed}, skipped ${k.skipped}.`,
  );
  if (plan.periodId) console.log(`${plan.periodId} snapshots recorded: ${result.snapshotsRecorded}.`);
  const written = k.created + k.updated;
  if (written === 0) {
    console.error(
      k.unchanged > 0 && k.failed === 0 && k.skipped === 0
        ? `Nothing was written: all ${k.unchanged} risk(s) already match the file.`
        : 'Nothing was written.',
    );
    return 1;
  }
  // A rerun finishes only what failed in flight (a timeout, throttling); skipped rows need their
  // problems fixed first.
  const retryable = result.results.filter((r) => r.result === 'failed' && r.retryable);
  if (retryable.length > 0)
    console.log(
      `Run the same command again to finish ${retryable.map((r) => r.reference).join(', ')}: the write was ` +
        'interrupted (throttling, the network or an edit at the same time), and rows already written are not duplicated.',
    );
  const refused = k.failed - retryable.length;
  if (refused > 0)
    console.log(
      `${refused} risk(s) were refused by the register (see above): running again will not help until the file or the site is corrected.`,
    );
  if (k.skipped > 0)
    console.log(`${k.skipped} row(s) with problems were skipped: fix them (see above) and import again.`);
  return result.complete ? 0 : 1;
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
