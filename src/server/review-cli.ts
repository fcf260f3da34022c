/**
 * One-shot review commands for people and external schedulers:
 *   npm run review -- run --period 2026/27-Q3 [--register Corporate] [--dry-run]
 *   npm run review -- status [--period 2026/27-Q3]
 *   npm run review -- walk        (what the in-process schedule does once: run, remind, escalate, close)
 * Configuration is the review service's (the settings file named by RISK_REGISTER_CONFIG and the
 * environment, see src/server/config.ts). Only with `--local` does it use the settings `npm start`
 * wrote to .data/review-local.json, sending through the running Playground with the running
 * service's card secret; a local state file alone never switches a command to local mode.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { periodOf } from '../domain';
import type { RunReport, StatusReport } from '../review/scheduler';
import { reviewServiceOptions } from './config-service';
import { ConfigError, loadServiceConfig } from './config';
import { startReviewService } from './review-service';

/** What the local stack writes for this command (see local-stack.ts). */
export type LocalReviewSettings = {
  siteUrl: string;
  serviceUrl: string;
  cardSecret: string;
  statePath: string;
  /** Set when `npm start` keeps the state in Azure Table Storage (Azurite) instead of `statePath`. */
  stateTable?: { connectionString: string; table: string };
  tabUrl: string;
};

export const localSettingsFile = path.resolve('.data', 'review-local.json');

type Args = { command: string; period?: string; register?: string; dryRun: boolean; local: boolean };

export function parseArgs(argv: string[]): Args {
  const [command = 'help', ...rest] = argv;
  const args: Args = { command, dryRun: false, local: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--local') args.local = true;
    else if (a === '--period') args.period = rest[++i];
    else if (a === '--register') args.register = rest[++i];
    else
      throw new Error(`Unknown option "${a}". Use --period <id>, --register <name>, --dry-run or --local.`);
  }
  return args;
}

/**
 * The settings the command runs with: the service's own (settings file and environment), or, only
 * when asked for with `--local`, those of the local stack `npm start` is running.
 */
export function environment(
  local: boolean,
  base: Record<string, string | undefined> = process.env,
  file: string = localSettingsFile,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...base };
  if (local) {
    if (!existsSync(file))
      throw new Error(
        `--local: ${file} is missing. Start the local stack first (\`npm start\`, which writes it), then run this again.`,
      );
    const stack = JSON.parse(readFileSync(file, 'utf8')) as LocalReviewSettings;
    // The local stack's settings replace any production ones: a settings file is not read in local mode.
    delete env.RISK_REGISTER_CONFIG;
    Object.assign(env, {
      LOCAL_MODE: 'true',
      SHAREPOINT_SITE_URL: stack.siteUrl,
      SP_ACCESS_TOKEN: env.SP_ACCESS_TOKEN ?? 'demo-service-token',
      BOT_SERVICE_URL: stack.serviceUrl,
      CARD_HMAC_SECRET: stack.cardSecret,
      ...(stack.stateTable
        ? {
            REVIEW_STATE_STORE: 'azure-tables',
            REVIEW_STATE_TABLE_CONNECTION_STRING: stack.stateTable.connectionString,
            REVIEW_STATE_TABLE_NAME: stack.stateTable.table,
          }
        : { REVIEW_STATE_PATH: stack.statePath }),
      TAB_BASE_URL: stack.tabUrl,
    });
  }
  return env;
}

export function describeRun(report: RunReport): string[] {
  const lines = [`${report.dryRun ? 'Dry run for' : 'Review run for'} ${report.periodId}`];
  for (const r of report.registers) {
    lines.push(
      `  ${r.register}: ${r.due} risks due, ${r.created} new requests, ${r.alreadyRequested} already requested, ${r.alreadyReviewed.length} already reviewed`,
    );
    if (r.skipped) lines.push(`    ${r.skipped}`);
    for (const p of r.problems) lines.push(`    problem: ${p.problem}`);
  }
  if (report.send) {
    const s = report.send;
    lines.push(
      `  sent ${s.sent.length} cards; ${s.unreachable.length} owners unreachable; ${s.failed.length} failed; ${s.skipped.length} skipped`,
    );
    for (const u of s.unreachable) lines.push(`    unreachable: ${u.owner} (${u.key}): ${u.reason}`);
    for (const f of s.failed) lines.push(`    failed: ${f.key}: ${f.error}`);
  }
  return lines;
}

export function describeStatus(status: StatusReport): string[] {
  const c = status.counts;
  const lines = [
    `Review status for ${status.periodId}: ${status.requests.length} requests`,
    `  pending ${c.pending}, sent ${c.sent}, reminded ${c.reminded}, escalated ${c.escalated}, answered ${c.answered}, unreachable ${c.unreachable}, closed ${c.closed}`,
  ];
  for (const r of status.requests.filter((q) => q.status !== 'answered' && q.status !== 'closed')) {
    lines.push(`  ${r.riskReference} ${r.owner.name}: ${r.status}${r.lastError ? ` (${r.lastError})` : ''}`);
  }
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!['run', 'status', 'walk'].includes(args.command)) {
    console.log(
      'Usage: npm run review -- run --period 2026/27-Q3 [--register <name>] [--dry-run] | status [--period <id>] | walk; add --local to use the local stack `npm start` runs',
    );
    return args.command === 'help' ? 0 : 2;
  }
  if (args.command === 'run' && !args.period)
    throw new Error('run needs --period, e.g. --period 2026/27-Q3.');
  const env = environment(args.local);
  let config: ReturnType<typeof loadServiceConfig>;
  try {
    config = loadServiceConfig(env);
  } catch (err) {
    if (err instanceof ConfigError && !args.local && existsSync(localSettingsFile))
      throw new Error(
        `${err.message}\nTo send through the local stack \`npm start\` is running instead, add --local.`,
      );
    throw err;
  }
  const options = reviewServiceOptions(config);
  // A one-shot process: no schedule, no fixed port (the long-running service may hold it).
  const service = await startReviewService({ ...options, port: 0, schedule: false, sdkLogLevel: 'error' });
  try {
    if (args.command === 'run') {
      const report = await service.run({
        periodId: args.period!,
        ...(args.register ? { register: args.register } : {}),
        dryRun: args.dryRun,
      });
      describeRun(report).forEach((l) => console.log(l));
      return report.send && report.send.failed.length > 0 ? 1 : 0;
    }
    if (args.command === 'walk') {
      const report = await service.walk();
      for (const r of report.runs) describeRun(r).forEach((l) => console.log(l));
      for (const c of report.chases) {
        console.log(
          `Chased ${c.periodId}: ${c.report.reminded.length} reminded, ${c.report.escalated.length} escalated, ${c.report.closed.length} closed`,
        );
        for (const u of c.report.undelivered) console.log(`  ${u.reason}`);
      }
      return 0;
    }
    const periodId = args.period ?? periodOf(new Date(), 'quarter').id;
    describeStatus(await service.status(periodId)).forEach((l) => console.log(l));
    return 0;
  } finally {
    await service.stop();
  }
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
