/**
 * `npm run audit -- verify [--register <name>] [--head <register>:<seq>:<hash>]... [--json] [--site <url>]`
 *
 * Checks the audit log's hash chains and reports every edited, deleted or inserted entry with its
 * item id, register, seq and time; entries from before the chain are listed as unchained (not
 * tampering). Prints each register's head (seq and hash): record it, and pass it back later with
 * `--head` to show that nothing was removed from the end or rewritten since.
 * Exit code: 0 no tampering found, 1 tampering found (or the check could not run), 2 bad usage.
 *
 * Site and auth as for `npm run import`: `--site` (default SP_SITE_URL); token SP_ACCESS_TOKEN, else
 * the local list service's demo manager for a localhost site, else app-only with the AZURE_*
 * certificate settings. Reading needs only Read on the AuditLog list.
 */
import { parseArgs } from 'node:util';
import { verifyAudit, type Finding, type VerifyReport } from '../sharepoint/audit-verify';
import { siteClient } from './import-cli';

const usage =
  'Usage: npm run audit -- verify [--register <name>] [--head <register>:<seq>:<hash>]... [--json] [--site <url>]';

class UsageError extends Error {}

/** `Corporate:120:ab12…` (the register may itself contain ':'; seq and hash are the last two parts). */
export function parseHead(text: string): { register: string; seq: number; hash: string } {
  const parts = text.split(':');
  const hash = parts.pop() ?? '';
  const seq = Number(parts.pop());
  const register = parts.join(':');
  if (!register || !Number.isInteger(seq) || seq < 1 || !/^[0-9a-f]{64}$/i.test(hash)) {
    throw new UsageError(
      `--head '${text}' is not <register>:<seq>:<hash> (a whole seq from 1 and the 64-character hash a report printed).`,
    );
  }
  return { register, seq, hash: hash.toLowerCase() };
}

const kindLabel: Record<Finding['kind'], string> = {
  edited: 'EDITED',
  deleted: 'DELETED',
  inserted: 'INSERTED',
};

function findingLine(f: Finding): string {
  const where =
    f.entryId !== undefined
      ? `entry ${f.entryId}`
      : `seq ${f.seq}${f.toSeq !== undefined && f.toSeq !== f.seq ? `-${f.toSeq}` : ''}`;
  const place = f.entryId !== undefined && f.seq !== undefined ? ` (seq ${f.seq})` : '';
  const when = f.at ? `, written ${f.at}${f.by ? ` by ${f.by}` : ''}` : '';
  const change = f.change ? `\n      records: ${f.change}` : '';
  return `  ${kindLabel[f.kind].padEnd(8)} ${where}${place}${when}: ${f.reason}${change}`;
}

/** The report as an auditor reads it. */
export function formatReport(report: VerifyReport, site: string): string {
  const lines = [`Audit log of ${site}: ${report.entriesRead} entries read.`];
  for (const r of report.registers) {
    const head = r.head
      ? `head seq ${r.head.seq} (entry ${r.head.entryId}, ${r.head.at}), hash ${r.head.hash}`
      : 'no chained entries';
    lines.push('', `Register '${r.register}': ${r.entries} chained entries; ${head}.`);
    lines.push(
      ...(r.findings.length ? r.findings.map(findingLine) : ['  No edited, deleted or inserted entries.']),
    );
    if (r.notWritten.length)
      lines.push(
        `  Not written: seq ${r.notWritten.map((n) => `${n.seq} (entry ${n.entryId})`).join(', ')}: places an append ` +
          'reserved and never wrote (its writer stopped), filled by the next writer. Not tampering; those changes have no audit entry.',
      );
  }
  const loose = report.findings.filter((f) => !report.registers.some((r) => r.findings.includes(f)));
  if (loose.length) lines.push('', 'Entries outside every chain:', ...loose.map(findingLine));
  if (report.unchained.count) {
    const ids = report.unchained.entryIds;
    lines.push(
      '',
      `Unchained: ${report.unchained.count} entries written before the audit chain began ` +
        `(entries ${ids[0]}-${ids[ids.length - 1]}); they carry no hash, so they cannot be checked, and are not counted as tampering.`,
    );
  }
  const counts = (['edited', 'deleted', 'inserted'] as const)
    .map((k) => [k, report.findings.filter((f) => f.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  lines.push(
    '',
    report.tampered
      ? `Result: TAMPERING FOUND (${counts.join(', ')}).`
      : 'Result: no tampering found in the chains checked.',
  );
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      register: { type: 'string' },
      head: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      site: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (positionals[0] !== 'verify' || positionals.length > 1) throw new UsageError(usage);
  const heads = (values.head ?? []).map(parseHead);
  const site = values.site ?? process.env.SP_SITE_URL ?? '';
  const report = await verifyAudit(siteClient(values.site), {
    ...(values.register ? { register: values.register } : {}),
    heads,
  });
  console.log(values.json ? JSON.stringify({ site, ...report }, null, 2) : formatReport(report, site));
  return report.tampered ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(
        err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1,
      );
    },
  );
}
