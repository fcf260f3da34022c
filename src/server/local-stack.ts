/**
 * `npm start`: the whole product on this machine. Starts the local list service on a SQLite file
 * under .data/, provisions the register lists, loads the demo register on first run, builds and
 * serves the tab, and prints the URL. The e2e tests call `startLocalStack` with temporary folders.
 * The review service keeps its state in .data/review-state.db, or with REVIEW_STATE_STORE=azure-tables
 * in Azure Table Storage: Azurite, started here (data in .data/azurite), unless
 * REVIEW_STATE_TABLE_CONNECTION_STRING names another.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { todayIso } from '../tab/lib/dates';
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  demoService,
  demoSiteOwner,
  demoUsers,
  startListService,
} from '../emulator';
import { createRegisterStore, provision } from '../sharepoint';
import { createSpClient } from '../sharepoint/sp-client';
import type { DemoPerson, TabRuntimeConfig } from '../tab/hosts/runtime-config';
import { demoRegisters } from './demo-data/registers';
import { morgan, helen, priya, sam, tom } from './demo-data/people';
import { loadDemoRegister } from './demo-register';
import { buildTab } from './tab-build';
import { startLocalIdentity, localTokenOrigin, type LocalIdentity } from './local-identity';
import { startTabServer, type TabServerOptions } from './tab-server';
import { apiBasePath } from '../service-api/wire';
import { startLocalReview } from './review-local';
import { startAzurite } from './azurite';
import { defaultStateTable } from './config-state';

export type LocalStackOptions = {
  /** Tab port; 0 = any free port. */
  port?: number;
  /**
   * Address the tab, the bot and the Playground listen on. Default 127.0.0.1: the bot takes any
   * message unauthenticated in local mode and the demo tokens are published, so nothing off this
   * machine may reach them. `npm start -- --expose` (or LOCAL_STACK_HOST) opens them deliberately.
   */
  host?: string;
  /** Folder for the SQLite file and the built tab. */
  dataDir?: string;
  /** Minified production bundle (default) or a faster debug build. */
  production?: boolean;
  /** Defaults to today; tests pin it. */
  today?: string;
  log?: (line: string) => void;
  /**
   * Also start the Agents Playground and the review schedule (`npm start` does). The review service
   * itself always runs: it is the register's only writer.
   */
  review?: boolean;
  /**
   * The review service's state in Azure Table Storage instead of SQLite: Azurite started here, or the
   * store of `connectionString` (REVIEW_STATE_STORE=azure-tables, REVIEW_STATE_TABLE_CONNECTION_STRING).
   */
  stateTable?: { connectionString?: string; table?: string };
};

export type LocalStack = {
  url: string;
  siteUrl: string;
  /** The review service (its write API is under /api/register). */
  apiOrigin: string;
  /** The local token issuer the review service trusts. */
  identity: LocalIdentity;
  /** The Agents Playground's chat UI, when `review` is on. */
  playgroundUrl?: string;
  /** Where the review service keeps its state, when in Azure Table Storage (Azurite). */
  stateTable?: { connectionString: string; table: string };
  close(): Promise<void>;
};

const sitePath = '/sites/risk';
/** Where the tab server proxies the local token issuer. */
const localIdpPath = '/_local-idp';

const jobTitles = new Map([morgan, priya, tom, helen, sam].map((p) => [p.email, p.jobTitle ?? '']));

function demoPeople(): DemoPerson[] {
  const person = (u: typeof demoManager, role: DemoPerson['role']): DemoPerson => ({
    name: u.title,
    email: u.email,
    jobTitle: jobTitles.get(u.email) ?? '',
    role,
    token: u.token,
  });
  return [
    person(demoManager, 'manager'),
    ...demoRiskOwners.map((u) => person(u, 'owner')),
    person(demoReader, 'read'),
  ];
}

/** Starts list service + tab server; resolves when the URL is ready to open. */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const service = await startListService({
    dbPath: path.join(dataDir, 'list-service.db'),
    port: 0,
    sitePath,
    users: demoUsers,
  });
  const closers: (() => Promise<void>)[] = [() => service.close()];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  };
  try {
    // The site owner provisions (lists, and their permissions: people Read, the service Contribute);
    // the review service's identity loads the demo register on Morgan's behalf, as an import would.
    const owner = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoSiteOwner.token });
    const provisioned = await provision(owner, {
      registers: demoRegisters.map((r) => r.name),
      councilName: 'Northmoor County Council',
      permissions: { serviceLogin: demoService.loginName },
    });
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    for (const line of provisioned.changes) log(`provision: ${line}`);
    const asService = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoService.token });
    const actor = await createRegisterStore(sp).currentUser();
    if (await loadDemoRegister(createRegisterStore(asService), actor, options.today ?? todayIso()))
      log('Loaded the demo register.');
    const outDir = path.join(dataDir, 'tab');
    await buildTab({ outDir, production: options.production ?? true });
    const people = demoPeople();
    const identity = await startLocalIdentity({ people });
    closers.push(() => identity.close());
    const config: TabRuntimeConfig = {
      host: 'local',
      siteUrl: sitePath,
      demoPeople: people,
      apiUrl: '',
      tokenUrl: `${localIdpPath}/token`,
    };
    // The tab server answers on one origin: the site's REST calls go to the list service, writes to
    // the review service's API, token requests to the local issuer. The review service starts after
    // the tab server (its cards link to the tab), so its proxy entry is added once it listens.
    const proxies: TabServerOptions['proxies'] = [
      { path: localIdpPath, origin: localTokenOrigin(identity), rewrite: '/token' },
    ];
    const server = await startTabServer({
      root: outDir,
      config,
      proxyPath: sitePath,
      proxyOrigin: service.origin,
      proxies,
      port: options.port ?? 0,
      host: options.host ?? '127.0.0.1',
    });
    closers.push(() => server.close());
    // The tab's proxy forwards the browser's Origin: the list service answers that one origin only.
    const tabOrigins = [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`];
    for (const o of tabOrigins) service.allowOrigin(o);
    let stateTable: { connectionString: string; table: string } | undefined;
    if (options.stateTable) {
      let connectionString = options.stateTable.connectionString;
      if (!connectionString) {
        const azurite = await startAzurite({ location: path.join(dataDir, 'azurite') });
        closers.push(() => azurite.stop());
        log(`Azurite (Table service) for the review service's state on 127.0.0.1:${azurite.port}`);
        connectionString = azurite.connectionString;
      }
      stateTable = { connectionString, table: options.stateTable.table ?? defaultStateTable };
    }
    const review = await startLocalReview({
      ...(stateTable ? { stateTable } : {}),
      siteUrl: service.siteUrl,
      token: demoService.token,
      tabUrl: server.url,
      dataDir,
      log,
      playground: options.review ?? false,
      host: options.host ?? '127.0.0.1',
      ...(options.review ? {} : { botPort: 0 }),
      writeApi: {
        token: { issuer: identity.issuer, audience: [identity.audience], jwksUrl: identity.jwksUrl },
        allowedOrigins: tabOrigins,
      },
    });
    closers.push(() => review.close());
    proxies.push({ path: apiBasePath, origin: review.origin });
    return {
      url: server.url,
      siteUrl: service.siteUrl,
      apiOrigin: review.origin,
      identity,
      ...(review.playgroundUrl ? { playgroundUrl: review.playgroundUrl } : {}),
      ...(stateTable ? { stateTable } : {}),
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.argv.includes('--expose') ? '0.0.0.0' : (process.env.LOCAL_STACK_HOST ?? '127.0.0.1');
  if (host !== '127.0.0.1') {
    console.warn(
      `Listening on ${host}: anyone who can reach this machine can use the demo tokens and post to the bot as any owner.`,
    );
  }
  const store = process.env.REVIEW_STATE_STORE?.trim() || 'sqlite';
  if (store !== 'sqlite' && store !== 'azure-tables') {
    console.error(
      `REVIEW_STATE_STORE: must be "sqlite" (default) or "azure-tables" (Azurite, started by npm start), not "${store}".`,
    );
    process.exit(1);
  }
  const stateTable =
    store === 'azure-tables'
      ? {
          ...(process.env.REVIEW_STATE_TABLE_CONNECTION_STRING?.trim()
            ? { connectionString: process.env.REVIEW_STATE_TABLE_CONNECTION_STRING.trim() }
            : {}),
          ...(process.env.REVIEW_STATE_TABLE_NAME?.trim()
            ? { table: process.env.REVIEW_STATE_TABLE_NAME.trim() }
            : {}),
        }
      : undefined;
  startLocalStack({
    port,
    host,
    log: (l) => console.log(l),
    review: true,
    ...(stateTable ? { stateTable } : {}),
  })
    .then((stack) => {
      console.log(
        `\nRisk register tab: ${stack.url}\nLocal list service: ${stack.siteUrl}\nPress Ctrl+C to stop.`,
      );
      if (stack.playgroundUrl) {
        console.log(
          `Agents Playground (Teams chat as Priya Shah): ${stack.playgroundUrl}\n` +
            'Send review cards: npm run review -- run --period <next quarter, e.g. 2026/27-Q4> --local',
        );
      }
      const stop = () => void stack.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      console.error(`The local stack could not start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
