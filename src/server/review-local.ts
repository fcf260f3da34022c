/**
 * The review half of `npm start`: the review service in local mode against the local list service,
 * and the Agents Playground as the Teams client, with Priya Shah (a demo risk owner) signed in. Writes
 * .data/review-local.json so `npm run review -- run --period …` sends through the same Playground with
 * the same card secret.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startPlayground } from './playground';
import type { LocalReviewSettings } from './review-cli';
import { consoleLogger, startReviewService, type ReviewServiceOptions } from './review-service';
import type { ReviewStateStore } from './review-state';

export type LocalReviewOptions = {
  siteUrl: string;
  /** The service account's token on the local list service. */
  token: string;
  tabUrl: string;
  dataDir: string;
  /** Ports; 0 = free ones. Defaults: the Teams SDK's 3978 and the Playground's 56150 when free. */
  botPort?: number;
  playgroundPort?: number;
  log?: (line: string) => void;
  /** Address the bot and the Playground listen on; default 127.0.0.1 (see LocalStackOptions.host). */
  host?: string;
  /** Also start the Agents Playground (`npm start` does; the tab's tests need only the write API). */
  playground?: boolean;
  /** The register's write API: tokens from the local issuer, calls from the tab's origin. */
  writeApi: NonNullable<ReviewServiceOptions['writeApi']>;
  /** Azure Table Storage (Azurite) instead of the SQLite file under `dataDir` (REVIEW_STATE_STORE). */
  stateTable?: { connectionString: string; table: string };
};

export type LocalReview = {
  playgroundUrl?: string;
  botEndpoint: string;
  /** The review service's origin (its write API is under /api/register). */
  origin: string;
  close(): Promise<void>;
};

async function portOr(preferred: number | undefined, fallback: number): Promise<number> {
  if (preferred !== undefined) return preferred || freePort();
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(fallback, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
  return free ? fallback : freePort();
}

/**
 * Writes a file only its owner may read or write (0600): the local settings hold the card-signing
 * secret. `mode` applies only when the file is created, so an older, wider file is narrowed too.
 */
export function writeSecretFile(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}

export async function startLocalReview(options: LocalReviewOptions): Promise<LocalReview> {
  const log = options.log ?? (() => undefined);
  const cardSecret = randomBytes(32).toString('base64url');
  const statePath = path.join(options.dataDir, 'review-state.db');
  const withPlayground = options.playground ?? true;
  const playgroundPort = withPlayground ? await portOr(options.playgroundPort, 56150) : await freePort();
  const serviceUrl = `http://localhost:${playgroundPort}/_connector`;
  const service = await startReviewService({
    siteUrl: options.siteUrl,
    tokenProvider: async () => options.token,
    port: withPlayground ? await portOr(options.botPort, 3978) : (options.botPort ?? 0),
    serviceUrl,
    local: true,
    host: options.host ?? '127.0.0.1',
    cardSecret,
    statePath,
    ...(options.stateTable
      ? { stateStore: { kind: 'azure-tables', ...options.stateTable } satisfies ReviewStateStore }
      : {}),
    tabUrl: options.tabUrl,
    sdkLogLevel: 'error',
    log: consoleLogger('review'),
    // Answers queued during a list-service hiccup are retried every 10 s locally.
    drainIntervalMs: 10_000,
    writeApi: options.writeApi,
    // Without the Playground nothing is sent, so the schedule stays off.
    schedule: withPlayground,
  });
  try {
    const settings: LocalReviewSettings = {
      siteUrl: options.siteUrl,
      serviceUrl,
      cardSecret,
      statePath,
      ...(options.stateTable ? { stateTable: options.stateTable } : {}),
      tabUrl: options.tabUrl,
    };
    if (!withPlayground) {
      return { botEndpoint: service.botEndpoint, origin: service.origin, close: () => service.stop() };
    }
    writeSecretFile(path.join(options.dataDir, 'review-local.json'), JSON.stringify(settings, null, 2));
    const playground = await startPlayground({
      botEndpoint: service.botEndpoint,
      port: playgroundPort,
      host: options.host ?? '127.0.0.1',
      workDir: path.join(options.dataDir, 'playground'),
      log,
    });
    return {
      playgroundUrl: `http://localhost:${playground.port}`,
      botEndpoint: service.botEndpoint,
      origin: service.origin,
      close: async () => {
        await playground.stop();
        await service.stop();
      },
    };
  } catch (err) {
    await service.stop();
    throw err;
  }
}
