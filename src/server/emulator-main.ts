/**
 * `npm run emulator`: starts the local list service on a file database so data survives restarts.
 * Usage: npm run emulator -- [--port 5055] [--db .data/list-service.db] [--site /sites/risk]
 *        [--threshold 5000] [--time-zone 2] [--resource-units 1250] [--quiet]; PORT, LIST_SERVICE_DB,
 *        LIST_SERVICE_SITE, LIST_SERVICE_THRESHOLD, LIST_SERVICE_TIME_ZONE, LIST_SERVICE_RESOURCE_UNITS also
 *        work. --resource-units meters app-only callers per minute as SharePoint Online does (off by default). --time-zone is the site's SharePoint
 *        time zone id (2 London, the default; 3 Paris; 10 US Eastern; 13 US Pacific).
 *        Every request is logged unless --quiet.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { demoUsers, placementOf, startListService } from '../emulator';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function numberOption(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${what} must be a whole number, got '${value}'.`);
    process.exit(2);
  }
  return n;
}

/** A comma-separated option as a list. */
function listOption(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function resourceUnits(perMinute: number | undefined) {
  return perMinute ? { resourceUnits: { perMinute } } : {};
}

async function main(): Promise<void> {
  const dbPath = arg('db') ?? process.env.LIST_SERVICE_DB ?? '.data/list-service.db';
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const service = await startListService({
    dbPath,
    port: numberOption(arg('port') ?? process.env.PORT, 'The port') ?? 5055,
    host: arg('host') ?? process.env.LIST_SERVICE_HOST ?? '127.0.0.1',
    sitePath: arg('site') ?? process.env.LIST_SERVICE_SITE ?? '/sites/risk',
    listViewThreshold: numberOption(arg('threshold') ?? process.env.LIST_SERVICE_THRESHOLD, 'The threshold'),
    timeZoneId: numberOption(arg('time-zone') ?? process.env.LIST_SERVICE_TIME_ZONE, 'The time zone id'),
    users: demoUsers,
    // Browser pages on other origins and other host names (a wildcard bind) only when named.
    allowedOrigins: listOption(arg('allow-origin') ?? process.env.LIST_SERVICE_ALLOW_ORIGINS),
    allowedHosts: listOption(arg('allow-host') ?? process.env.LIST_SERVICE_ALLOW_HOSTS),
    ...resourceUnits(
      numberOption(arg('resource-units') ?? process.env.LIST_SERVICE_RESOURCE_UNITS, 'The resource units'),
    ),
    ...(process.argv.includes('--quiet') ? {} : { log: (line: string) => console.log(line) }),
  });
  console.log(`Local list service: ${service.siteUrl}  (data: ${dbPath})`);
  console.log('Bearer tokens of the demo users:');
  for (const u of demoUsers) console.log(`  ${u.title.padEnd(16)} ${u.token.padEnd(24)} ${placementOf(u)}`);
  const stop = (): void => {
    void service.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`The local list service could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
