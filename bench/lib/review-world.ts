/**
 * A review service's world on one machine: the local list service with one site user per risk owner,
 * the register provisioned and seeded, the app's own repositories over the one configured spfi, and
 * the rate-limited fake Teams connector. The bench and the fault suite drive the real review flow
 * (src/review) through it.
 */
import type { SPFI } from '@pnp/sp';
import { periodOf, type Person, type Risk } from '../../src/domain';
import {
  demoService,
  demoUsers,
  startListService,
  type EmulatorUser,
  type FaultOptions,
  type ListService,
} from '../../src/emulator';
import { createCardSigner, type CardSigner } from '../../src/review/card-signing';
import type { Clock } from '../../src/review/clock';
import { silentLogger, type ReviewDeps } from '../../src/review/context';
import { createMemoryConversationStore, type ConversationStore } from '../../src/review/conversations';
import type { IdentifyAnswerer } from '../../src/review/invoke-handler';
import { createMemoryOutbox, type Outbox } from '../../src/review/outbox';
import {
  createRegisterStore,
  createReviewRequestStore,
  createStoreContext,
  provision,
} from '../../src/sharepoint';
import { createSpClient, type RequestRecord, type RetryOptions } from '../../src/sharepoint/sp-client';
import { cachedDirectory, createMemoryIdentityCache } from '../../src/review/identity';
import { createIdentityLookup } from '../../src/server/review-identity';
import { aadOf, FakeTeamsClient } from '../../src/testing/teams-client';
import { benchRisk, seedRegister } from './seed';

export type Owner = Person & { id: number; email: string };

/** A clock shifted into the review period (answers are only taken while it is open), movable forward. */
export type ShiftedClock = Clock & { advance(ms: number): void };

export function shiftedClock(startIso: string, random: () => number = Math.random): ShiftedClock {
  let offset = Date.parse(startIso) - Date.now();
  return {
    now: () => Date.now() + offset,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
    random,
    advance: (ms) => {
      offset += ms;
    },
  };
}

export type WorldOptions = {
  owners: number;
  /** Risks in the register; risk k belongs to owner k mod owners (default: one risk per owner). */
  risks?: number;
  faults?: FaultOptions;
  retry?: RetryOptions;
  register?: string;
};

export type ReviewWorld = {
  service: ListService;
  sp: SPFI;
  register: string;
  periodId: string;
  /** The period's label as cards show it (the intro's speak text starts with it). */
  periodLabel: string;
  owners: Owner[];
  /** Stored risk ids, in seeding order, with the risk as seeded. */
  risks: { id: number; risk: Risk; owner: Owner }[];
  clock: ShiftedClock;
  /** The review flow's own fake Teams client, enforcing Teams' documented limits. */
  teams: FakeTeamsClient;
  /** Persisted service state (the SQLite state file in production): survives a restart. */
  conversations: ConversationStore;
  outbox: Outbox;
  signer: CardSigner;
  /** Every SharePoint HTTP exchange of the service's client, retries included. */
  spRequests: RequestRecord[];
  /** A fresh service instance's dependencies over the same stores and state. */
  deps(overrides?: Partial<ReviewDeps>): ReviewDeps;
  identify: IdentifyAnswerer;
  close(): Promise<void>;
};

const secret = 'bench-card-signing-secret-0123456789abcdef';

/** The Teams user id of an owner's chat; the answerer look-up maps it back to the email. */
export const teamsUserIdOf = (owner: { email: string }): string => `29:${owner.email}`;

/** The owner's 1:1 conversation with the bot. */
export const conversationOf = (owner: { email: string }): string => `a:chat-${owner.email}`;

export async function startReviewWorld(options: WorldOptions): Promise<ReviewWorld> {
  const register = options.register ?? 'Bench';
  const owners: Owner[] = Array.from({ length: options.owners }, (_, k) => ({
    id: 1000 + k,
    name: `Owner ${String(k + 1).padStart(4, '0')}`,
    email: `owner${k + 1}@bench.example.gov.uk`,
  }));
  const users: EmulatorUser[] = [
    ...demoUsers,
    ...owners.map((o) => ({
      id: o.id,
      loginName: o.email,
      title: o.name,
      email: o.email,
      role: 'contribute' as const,
      objectId: aadOf(o.email),
      token: `owner-token-${o.id}`,
    })),
  ];
  const service = await startListService({ users });
  try {
    const spRequests: RequestRecord[] = [];
    const sp = createSpClient({
      siteUrl: service.siteUrl,
      getToken: async () => demoService.token,
      onRequest: (r) => spRequests.push(r),
      retry: options.retry ?? { baseDelayMs: 20, maxAttempts: 8 },
    });
    await provision(sp, { registers: [register], councilName: 'Bench Borough Council' });
    const count = options.risks ?? options.owners;
    const ownerOf = (k: number): Owner => owners[k % owners.length]!;
    // The period containing today; the clock is put one day after its start so it is open for answers.
    const period = periodOf(new Date().toISOString().slice(0, 10), 'quarter', 4);
    const clock = shiftedClock(`${period.start}T09:00:00Z`);
    const ids = await seedRegister(sp, {
      register,
      count,
      ownerOf,
      withChildren: false,
      today: period.start,
    });
    const risks = ids.map((id, k) => ({
      id,
      risk: benchRisk(k + 1, register, [ownerOf(k)]),
      owner: ownerOf(k),
    }));
    if (options.faults) service.setFaults(options.faults);
    const teams = new FakeTeamsClient(clock);
    for (const o of owners) teams.addChat(o.email, conversationOf(o), teamsUserIdOf(o));
    const conversations = createMemoryConversationStore();
    // Persisted with the conversations in production: a fresh instance does not resolve owners again.
    const identities = createMemoryIdentityCache();
    const outbox = createMemoryOutbox();
    const signer = createCardSigner(secret);
    const byUserId = new Map(owners.map((o) => [teamsUserIdOf(o), o]));
    const identify: IdentifyAnswerer = async (from) => {
      const o = byUserId.get(from.id);
      return {
        userId: from.id,
        ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : o ? { aadObjectId: aadOf(o.email) } : {}),
        ...(o ? { email: o.email, name: o.name } : {}),
      };
    };
    return {
      service,
      sp,
      register,
      periodId: period.id,
      periodLabel: period.label,
      owners,
      risks,
      clock,
      teams,
      conversations,
      outbox,
      signer,
      spRequests,
      identify,
      deps: (overrides = {}) => ({
        store: createRegisterStore(sp),
        requests: createReviewRequestStore(createStoreContext(sp)),
        teams,
        conversations,
        // SharePoint's site users give each owner's object id, read once and kept in the service state.
        identities: cachedDirectory(createIdentityLookup({ sp }), identities),
        outbox,
        signer,
        clock,
        links: {
          risk: (id) => `https://tab.example/?risk=${id}`,
          status: (r, p) => `https://tab.example/?view=reviews&register=${encodeURIComponent(r)}&period=${p}`,
          myRisks: () => 'https://tab.example/?owner=me',
        },
        log: silentLogger,
        ...overrides,
      }),
      close: () => service.close(),
    };
  } catch (err) {
    await service.close();
    throw err;
  }
}
