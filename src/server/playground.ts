/**
 * Starts the Microsoft 365 Agents Playground (the offline Teams emulator) as a child process pointed at
 * the review service's /api/messages. Its mock users are written to a config file so the Playground's
 * signed-in person can be a demo risk owner: the card answer is then attributed by the Entra object id
 * of the mock user (the demo site user's AadObjectId) to the SharePoint person, exactly as in Teams. Telemetry off, no browser opened, install event sent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * The managers' channel of the Playground's team: the demo registers post their escalation digests
 * here, so a newcomer sees one in the Playground's "Risk managers" channel.
 */
export const PLAYGROUND_MANAGERS_CHANNEL = { id: 'channel-risk-managers-id', name: 'Risk managers' };

export type PlaygroundUser = {
  id: string;
  name: string;
  email: string;
  /** Entra object id: the review service matches answers by it (the demo site user's AadObjectId). */
  aadObjectId: string;
  /** Sign-in name when it differs from the mail address. */
  upn?: string;
};

export type PlaygroundOptions = {
  botEndpoint: string;
  /** 0 = a free port. */
  port: number;
  /** The signed-in person; default a demo risk owner. */
  currentUser?: PlaygroundUser;
  /** Other people in the Playground's tenant. */
  users?: PlaygroundUser[];
  /** Where the config and the Playground's log go; default a temporary folder. */
  workDir?: string;
  /** Address the Playground listens on (default 127.0.0.1; it has no option of its own, see bind-host.cjs). */
  host?: string;
  /** Send the install event once started (default true), so the bot learns the personal chat. */
  announceInstall?: boolean;
  /** Ms to wait for the Playground to answer (default 60 s: its first start unpacks a large bundle). */
  startTimeoutMs?: number;
  log?: (line: string) => void;
};

export type Playground = {
  url: string;
  port: number;
  /** Bot Connector base URL the bot must send to. */
  serviceUrl: string;
  logFile: string;
  /** The signed-in person's 1:1 chat with the bot. */
  personalChatId: string;
  /** Sends the installation event for the personal chat (as Teams does when a person adds the app). */
  announceInstall(): Promise<void>;
  stop(): Promise<void>;
};

/** Priya Shah, a demo risk owner in the local list service. */
export const defaultPlaygroundUser: PlaygroundUser = {
  id: 'user-id-0',
  name: 'Priya Shah',
  email: 'priya.shah@council.example',
  aadObjectId: '00000000-0000-0000-0000-000000000108',
};

/** The other demo people (the Playground needs at least five users besides the signed-in one). */
export const defaultPlaygroundUsers: PlaygroundUser[] = [
  {
    id: 'user-id-1',
    name: 'Tom Okafor',
    email: 'tom.okafor@council.example',
    aadObjectId: '00000000-0000-0000-0000-000000000109',
  },
  {
    id: 'user-id-2',
    name: 'Helen Marsh',
    email: 'helen.marsh@council.example',
    aadObjectId: '00000000-0000-0000-0000-000000000110',
  },
  {
    id: 'user-id-3',
    name: 'Morgan Reid',
    email: 'morgan.reid@council.example',
    aadObjectId: '00000000-0000-0000-0000-000000000107',
  },
  {
    id: 'user-id-4',
    name: 'Sam Lee',
    email: 'sam.lee@council.example',
    aadObjectId: '00000000-0000-0000-0000-000000000111',
  },
  // Not a person on the register site: useful for trying an answer from someone who is not the owner.
  {
    id: 'user-id-5',
    name: 'Jo Visitor',
    email: 'jo.visitor@example.org',
    aadObjectId: '00000000-0000-0000-0000-000000000199',
  },
];

/**
 * A demo owner whose sign-in name differs from his mail address (site user 13): start the Playground
 * as him (`currentUser`) to see an answer matched by object id rather than by mail.
 */
export const upnPlaygroundUser: PlaygroundUser = {
  id: 'user-id-6',
  name: 'Ravi Patel',
  email: 'ravi.patel@council.example',
  upn: 'r.patel@northmoorcc.onmicrosoft.com',
  aadObjectId: '00000000-0000-0000-0000-000000000113',
};

/** The Playground's schema wants exactly five other users (at least five; more is refused). */
const MIN_USERS = 5;

/** A free TCP port on 127.0.0.1 (the Playground needs its port before the bot starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function yamlUser(u: PlaygroundUser, indent: string): string {
  const [given, ...rest] = u.name.split(' ');
  return [
    `id: ${u.id}`,
    `name: ${u.name}`,
    `userPrincipleName: ${u.upn ?? u.email}`,
    `aadObjectId: ${u.aadObjectId}`,
    `givenName: ${given ?? u.name}`,
    `surname: ${rest.join(' ') || '-'}`,
    `email: ${u.email}`,
  ].join(`\n${indent}`);
}

/** The Playground's config file (its documented YAML shape, version 0.1.1). */
export function playgroundConfig(
  current: PlaygroundUser,
  given: PlaygroundUser[],
  personalChatId: string,
): string {
  const users = [...given];
  for (const u of defaultPlaygroundUsers) {
    if (users.length >= MIN_USERS) break;
    if (u.email !== current.email && !users.some((x) => x.email === u.email || x.id === u.id)) users.push(u);
  }
  return [
    'version: "0.1.1"',
    'tenantId: 00000000-0000-0000-0000-0000000000001',
    'bot:',
    '  id: 00000000-0000-0000-0000-00000000000011',
    '  name: Risk Register',
    'currentUser:',
    `  ${yamlUser(current, '  ')}`,
    'users:',
    ...users.map((u) => `  - ${yamlUser(u, '    ')}`),
    'personalChat:',
    `  id: ${personalChatId}`,
    'groupChat:',
    '  id: group-chat-id',
    '  name: Group Chat',
    'team:',
    '  id: team-id',
    '  name: Risk Management',
    '  aadGroupId: 00000000-0000-0000-0000-000000000031',
    '  channels:',
    `    - id: ${PLAYGROUND_MANAGERS_CHANNEL.id}`,
    `      name: ${PLAYGROUND_MANAGERS_CHANNEL.name}`,
    '',
  ].join('\n');
}

/** The Playground's own reason for failing, from its log. */
function lastError(logFile: string): string {
  try {
    const lines = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('error Reason'));
    return lines.at(-1)?.replace(/^error /, '') ?? `see ${logFile}`;
  } catch {
    return `see ${logFile}`;
  }
}

async function waitUntilUp(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw new Error(
        `The Agents Playground exited (code ${exited}) before it started: ${lastError(logFile)}`,
      );
    }
    try {
      const res = await fetch(`${url}/_internal/v1/config`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The Agents Playground did not answer on ${url} within ${timeoutMs / 1000} s.`);
}

/** Starts the Playground and resolves once its HTTP API answers. */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const port = options.port || (await freePort());
  const workDir = options.workDir ?? mkdtempSync(path.join(os.tmpdir(), 'playground-'));
  mkdirSync(workDir, { recursive: true });
  const configPath = path.join(workDir, '.m365agentsplayground.yml');
  const logFile = path.join(workDir, 'devTools', 'm365agentsplayground.log');
  const current = options.currentUser ?? defaultPlaygroundUser;
  // A new Playground is a new chat with no history, as its own default config makes it: the id says so,
  // so the review service sees the owner's chat replaced and sends the cards still owed there again.
  const personalChatId = `personal-chat-${port}-${Date.now().toString(36)}`;
  writeFileSync(
    configPath,
    playgroundConfig(current, options.users ?? defaultPlaygroundUsers, personalChatId),
  );
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const child = spawn(
    process.execPath,
    [
      '-r',
      path.resolve(__dirname, '../../scripts/bind-host.cjs'),
      cli,
      '-e',
      options.botEndpoint,
      '-c',
      'msteams',
      '-p',
      String(port),
      '--dt',
    ],
    {
      cwd: workDir,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        SEND_INSTALLATION_ACTIVITY: 'true',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
        TEAMSAPPTESTER_LOGFILE: logFile,
        BIND_HOST: options.host ?? '127.0.0.1',
      },
      // The Playground exits when its stdin closes, so stdin stays an open pipe for its lifetime.
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const log = options.log;
  child.stdout?.on('data', (b: Buffer) => log?.(`playground: ${b.toString().trimEnd()}`));
  child.stderr?.on('data', (b: Buffer) => log?.(`playground: ${b.toString().trimEnd()}`));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });
  };
  try {
    await waitUntilUp(url, child, options.startTimeoutMs ?? 60_000, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  const announceInstall = async () => {
    // The Playground's debug route that plays an installationUpdate (add) into the personal chat.
    const res = await fetch(`${url}/_debug/conversation/${encodeURIComponent(personalChatId)}/installation`, {
      method: 'POST',
    });
    if (!res.ok) throw new Error(`The Agents Playground refused the install event (${res.status}).`);
  };
  if (options.announceInstall ?? true) {
    try {
      await announceInstall();
    } catch (err) {
      await stop();
      throw err;
    }
  }
  return {
    url,
    port,
    serviceUrl: `http://localhost:${port}/_connector`,
    logFile,
    personalChatId,
    announceInstall,
    stop,
  };
}
