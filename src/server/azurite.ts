/**
 * Azurite, the local Azure Storage emulator (npm package `azurite`), started as a child process with
 * only its Table service: for the tests of the Azure Table Storage state adapter and for `npm start`
 * when REVIEW_STATE_STORE=azure-tables (src/server/local-stack.ts). Telemetry is off (Azurite collects it by default) and it listens
 * on 127.0.0.1 only. The well-known development account and key are Azurite's documented defaults
 * (Learn, "Use the Azurite emulator for local Azure Storage development": devstoreaccount1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import path from 'node:path';

export type Azurite = {
  /** A connection string for the Table service of the development account. */
  connectionString: string;
  port: number;
  stop(): Promise<void>;
};

const account = 'devstoreaccount1';
const key = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function listening(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`Azurite exited ${child.exitCode} before listening:\n${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Azurite did not listen on ${port} within 60 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts Azurite's Table service. `location` keeps its data in a folder (survives restarts);
 * without it the data lives in memory until `stop()`.
 */
export async function startAzurite(options: { location?: string; port?: number } = {}): Promise<Azurite> {
  const port = options.port ?? (await freePort());
  const main = require.resolve('azurite/dist/src/table/main.js');
  const args = [
    main,
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(port),
    '--disableTelemetry',
    '--silent',
    '--skipApiVersionCheck',
    ...(options.location ? ['--location', path.resolve(options.location)] : ['--inMemoryPersistence']),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await listening(port, child, () => out);
  } catch (err) {
    child.kill();
    throw err;
  }
  return {
    port,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};TableEndpoint=http://127.0.0.1:${port}/${account};`,
    // SIGINT is Azurite's graceful stop (table/main.js): it closes its database, which writes what its
    // 5-second autosave has not yet; SIGTERM would drop that. Killed if it has not gone within 10 s.
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGINT');
      }),
  };
}
