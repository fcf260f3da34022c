/**
 * `npm start`: the whole product on this machine. Starts the local list service on a SQLite file
 * under .data/, provisions the register lists, loads the demo register on first run, builds and
 * serves the tab, and prints the URL. The e2e tests call `startLocalStack` with temporary folders.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { todayIso } from '../tab/lib/dates';
import {
  demoManager,
  demoReader,
  demoRiskOwners,
  demoService,
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
import { startTabServer } from './tab-server';
import { startLocalReview } from './review-local';

export type LocalStackOptions = {
  /** Tab port; 0 = any free port. */
  port?: number;
  /** Folder for the SQLite file and the built tab. */
  dataDir?: string;
  /** Minified production bundle (default) or a faster debug build. */
  production?: boolean;
  /** Defaults to today; tests pin it. */
  today?: string;
  log?: (line: string) => void;
  /** Also start the review service and the Agents Playground (`npm start` does). */
  review?: boolean;
};

export type LocalStack = {
  url: string;
  siteUrl: string;
  /** The Agents Playground's chat UI, when the review service runs. */
  playgroundUrl?: string;
  close(): Promise<void>;
};

const sitePath = '/sites/risk';

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
  try {
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    const provisioned = await provision(sp, {
      registers: demoRegisters.map((r) => r.name),
      councilName: 'Northmoor County Council',
    });
    for (const line of provisioned.changes) log(`provision: ${line}`);
    const store = createRegisterStore(sp);
    const actor = await store.currentUser();
    if (await loadDemoRegister(store, actor, options.today ?? todayIso())) log('Loaded the demo register.');
    const outDir = path.join(dataDir, 'tab');
    await buildTab({ outDir, production: options.production ?? true });
    const config: TabRuntimeConfig = { host: 'local', siteUrl: sitePath, demoPeople: demoPeople() };
    const server = await startTabServer({
      root: outDir,
      config,
      proxyPath: sitePath,
      proxyOrigin: service.origin,
      port: options.port ?? 0,
    });
    const review = options.review
      ? await startLocalReview({
          siteUrl: service.siteUrl,
          token: demoService.token,
          tabUrl: server.url,
          dataDir,
          log,
        }).catch(async (err: unknown) => {
          await server.close();
          throw err;
        })
      : undefined;
    return {
      url: server.url,
      siteUrl: service.siteUrl,
      ...(review ? { playgroundUrl: review.playgroundUrl } : {}),
      close: async () => {
        await review?.close();
        await server.close();
        await service.close();
      },
    };
  } catch (err) {
    await service.close();
    throw err;
  }
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3000);
  startLocalStack({ port, log: (l) => console.log(l), review: true })
    .then((stack) => {
      console.log(
        `\nRisk register tab: ${stack.url}\nLocal list service: ${stack.siteUrl}\nPress Ctrl+C to stop.`,
      );
      if (stack.playgroundUrl) {
        console.log(
          `Agents Playground (Teams chat as Priya Shah): ${stack.playgroundUrl}\n` +
            'Send review cards: npm run review -- run --period <next quarter, e.g. 2026/27-Q4>',
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
