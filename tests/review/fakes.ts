/**
 * Test doubles for the review flow's unit tests: virtual time, a Teams client that enforces Teams'
 * documented throttling, and in-memory register and review-request stores with ETags.
 */
import {
  KENT,
  newRisk,
  scoreOf,
  type PeriodSnapshot,
  type RegisterSettings,
  type Risk,
} from '../../src/domain';
import { ConflictError, NotFoundError } from '../../src/sharepoint/errors';
import type { RegisterStore, ReviewRequest, ReviewRequestStore, Stored, StoredRisk } from '../../src/ports';
import { createCardSigner } from '../../src/review/card-signing';
import type { Clock } from '../../src/review/clock';
import { createMemoryConversationStore } from '../../src/review/conversations';
import { cachedDirectory, type OwnerDirectory } from '../../src/review/identity';
import type { Logger, ReviewDeps } from '../../src/review/context';
import { createMemoryOutbox } from '../../src/review/outbox';
import { aadOf, FakeTeamsClient } from '../../src/testing/teams-client';

export { aadOf, FakeTeamsClient, type SentMessage } from '../../src/testing/teams-client';

/**
 * The review flow's directory over known people (site user id -> object id, UPN), as SharePoint's
 * site users answer it; a person it does not know cannot be reached.
 */
export function testDirectory(people: () => { id?: number; email?: string; upn?: string }[]): OwnerDirectory {
  return cachedDirectory(async (person) => {
    const p = people().find((x) => x.id === person.id && x.email);
    return p?.email
      ? { ok: true, identity: { aadObjectId: aadOf(p.email), upn: (p.upn ?? p.email).toLowerCase() } }
      : { ok: false, reason: `${person.name} has no Entra account in the test directory.` };
  });
}

/** Virtual time: sleeping advances the clock at once, so rate limits and backoff cost nothing. */
export function virtualClock(startIso: string): Clock & { advance(ms: number): void; slept: number[] } {
  let now = Date.parse(startIso);
  let seed = 1;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += Math.max(0, ms);
    },
    // A fixed pseudo-random sequence keeps jitter repeatable.
    random: () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    },
    advance: (ms) => {
      now += ms;
    },
    slept,
  };
}

export const settings: RegisterSettings = {
  register: 'Corporate',
  councilName: 'Test Council',
  matrix: KENT,
  financialYearStartMonth: 4,
  defaultAppetite: 8,
  review: {
    periodKind: 'quarter',
    leadDays: 7,
    cutOffDays: 28,
    reminderAfterDays: 7,
    escalateAfterDays: 14,
    cron: '0 8 * * 1-5',
  },
  managersChannelId: '19:managers@thread.tacv2',
};

export const priya = { id: 8, name: 'Priya Shah', email: 'priya.shah@council.example' };
export const tom = { id: 9, name: 'Tom Okafor', email: 'tom.okafor@council.example' };
export const helen = { id: 10, name: 'Helen Marsh', email: 'helen.marsh@council.example' };
/** A person whose sign-in name (UPN) differs from their mail address, as Entra ID allows. */
export const ravi = {
  id: 13,
  name: 'Ravi Patel',
  email: 'ravi.patel@council.example',
  upn: 'r.patel@northmoorcc.onmicrosoft.com',
};

/** In-memory RegisterStore: just what the review flow uses, with ETags that change on every write. */
export class MemoryRegisterStore implements Partial<RegisterStore> {
  readonly risks = new Map<number, StoredRisk>();
  readonly snapshots: Stored<PeriodSnapshot>[] = [];
  /** Make the next recordReview calls fail with this error. */
  failRecord: Error[] = [];
  recordCalls = 0;
  private version = 1;

  constructor(public settings: RegisterSettings) {}

  addRisk(fields: Partial<Risk> & Pick<Risk, 'reference' | 'title'>): StoredRisk {
    const id = this.risks.size + 1;
    const risk: StoredRisk = {
      ...newRisk({ register: this.settings.register, ...fields }),
      id,
      etag: `"${this.version++}"`,
      modified: '2026-09-01T10:00:00Z',
    };
    this.risks.set(id, risk);
    return risk;
  }

  /** Someone edits the risk in the tab: new ETag. */
  touch(id: number, patch: Partial<Risk> = {}): StoredRisk {
    const r = {
      ...this.risks.get(id)!,
      ...patch,
      etag: `"${this.version++}"`,
      modified: '2026-10-06T10:00:00Z',
    };
    this.risks.set(id, r);
    return r;
  }

  currentUser = async () => ({ id: 12, name: 'SharePoint App', access: 'manage' as const });
  listRegisters = async () => [this.settings.register];
  getSettings = async () => ({ ...this.settings, id: 1, etag: '"1"', modified: '2026-01-01T00:00:00Z' });
  getRisk = async (id: number) => {
    const r = this.risks.get(id);
    if (!r) throw new NotFoundError(`Risk ${id} not found.`);
    return structuredClone(r);
  };
  getHistory = async (riskId: number) =>
    this.snapshots.filter((s) => s.riskId === riskId).map((s) => structuredClone(s));
  loadRegisterView = async (q: { periodId: string }) => ({
    settings: this.settings,
    period: { id: q.periodId } as never,
    rows: [...this.risks.values()].map((risk) => {
      const snapshot = this.snapshots.find((s) => s.riskId === risk.id && s.periodId === q.periodId);
      return {
        risk,
        ...(snapshot ? { snapshot } : {}),
        direction: 'new' as const,
        reviewState: 'outstanding' as const,
      };
    }),
  });
  recordReview = async (input: { riskId: number; riskEtag: string; snapshot: PeriodSnapshot }) => {
    this.recordCalls++;
    const fail = this.failRecord.shift();
    if (fail) throw fail;
    const risk = this.risks.get(input.riskId);
    if (!risk) throw new NotFoundError(`Risk ${input.riskId} not found.`);
    if (risk.etag !== input.riskEtag) throw new ConflictError(`${risk.reference} changed.`, risk);
    let updated = risk;
    const s = input.snapshot;
    if (
      s.current &&
      (s.current.likelihood !== risk.current?.likelihood || s.current.impact !== risk.current?.impact)
    ) {
      updated = this.touch(risk.id, { current: s.current });
    }
    const i = this.snapshots.findIndex((x) => x.riskId === input.riskId && x.periodId === s.periodId);
    const stored: Stored<PeriodSnapshot> = {
      ...structuredClone(s),
      riskId: input.riskId,
      ...(s.current ? { currentScore: scoreOf(this.settings.matrix, s.current) } : {}),
      id: i >= 0 ? this.snapshots[i]!.id : this.snapshots.length + 1,
      etag: `"s${this.version++}"`,
      modified: s.recordedAt,
    };
    if (i >= 0) this.snapshots[i] = stored;
    else this.snapshots.push(stored);
    return { snapshot: structuredClone(stored), risk: structuredClone(updated) };
  };
}

/** In-memory ReviewRequestStore with unique keys and ETags. */
export class MemoryRequestStore implements ReviewRequestStore {
  readonly items: Stored<ReviewRequest>[] = [];
  /** The process "dies" at this update (0 = the first): the call throws and nothing more is written. */
  crashAtUpdate: number | undefined;
  private updates = 0;
  private version = 1;

  async ensureRequests(requests: ReviewRequest[]) {
    for (const r of requests) {
      if (!this.items.some((x) => x.key.toLowerCase() === r.key.toLowerCase())) {
        this.items.push({
          ...structuredClone(r),
          id: this.items.length + 1,
          etag: `"r${this.version++}"`,
          modified: '',
        });
      }
    }
    const periods = new Set(requests.map((r) => r.periodId));
    return this.items.filter((x) => periods.has(x.periodId)).map((x) => structuredClone(x));
  }

  async listRequests(filter: { periodId: string; status?: ReviewRequest['status'][]; riskId?: number }) {
    return this.items
      .filter(
        (x) =>
          x.periodId === filter.periodId &&
          (!filter.status || filter.status.includes(x.status)) &&
          (filter.riskId === undefined || x.riskId === filter.riskId),
      )
      .map((x) => structuredClone(x));
  }

  async listOutstanding() {
    return this.items
      .filter((x) => x.status === 'sent' || x.status === 'reminded')
      .map((x) => structuredClone(x));
  }

  async updateRequest(id: number, patch: Partial<ReviewRequest>, etag: string) {
    if (this.crashAtUpdate !== undefined && this.updates++ >= this.crashAtUpdate)
      throw new Error('Simulated crash of the service');
    const i = this.items.findIndex((x) => x.id === id);
    const current = this.items[i];
    if (!current) throw new NotFoundError(`Review request ${id} not found.`);
    if (current.etag !== etag) throw new ConflictError(`Review request ${current.key} changed.`, current);
    const next = { ...current, ...patch, etag: `"r${this.version++}"` } as Stored<ReviewRequest>;
    for (const k of Object.keys(patch) as (keyof ReviewRequest)[])
      if (patch[k] === undefined) delete (next as Partial<ReviewRequest>)[k];
    this.items[i] = next;
    return structuredClone(next);
  }
}

export const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export type TestWorld = {
  deps: ReviewDeps;
  store: MemoryRegisterStore;
  requests: MemoryRequestStore;
  teams: FakeTeamsClient;
  clock: ReturnType<typeof virtualClock>;
};

export const SECRET = 'unit-test-card-secret-0123456789abcdef';

/** A register with three due risks (two for Priya, one for Tom) and one closed risk, on 5 Oct 2026. */
export function world(startIso = '2026-10-05T09:00:00Z'): TestWorld {
  const clock = virtualClock(startIso);
  const store = new MemoryRegisterStore(structuredClone(settings));
  store.addRisk({
    reference: 'CRR0001',
    title: 'Failure to safeguard vulnerable children',
    owners: [priya],
    delegates: [helen],
    current: { likelihood: 3, impact: 4 },
    target: { likelihood: 2, impact: 3 },
    controls: [{ title: 'Multi-agency safeguarding hub', owners: [] }],
    actions: [
      {
        title: 'Recruit permanent social workers',
        owners: [],
        status: 'in-progress',
        plannedDate: '2026-12-31',
      },
    ],
  });
  store.addRisk({
    reference: 'CRR0002',
    title: 'Budget gap in adult social care',
    owners: [priya],
    current: { likelihood: 4, impact: 4 },
  });
  store.addRisk({
    reference: 'CRR0003',
    title: 'Cyber attack disrupts services',
    owners: [tom],
    current: { likelihood: 2, impact: 5 },
  });
  store.addRisk({
    reference: 'CRR0004',
    title: 'Closed risk',
    owners: [tom],
    status: 'closed',
    current: { likelihood: 1, impact: 1 },
  });
  const requests = new MemoryRequestStore();
  const teams = new FakeTeamsClient(clock);
  const deps: ReviewDeps = {
    store: store as unknown as RegisterStore,
    requests,
    teams,
    conversations: createMemoryConversationStore(),
    // Site users as SharePoint holds them: the demo people and everyone named on a risk.
    identities: testDirectory(() => [
      priya,
      tom,
      helen,
      ravi,
      ...[...store.risks.values()].flatMap((r) => [...r.owners, ...r.delegates]),
    ]),
    outbox: createMemoryOutbox(),
    signer: createCardSigner(SECRET),
    clock,
    links: {
      risk: (id) => `https://tab.example/index.html?risk=${id}`,
      status: (r, p) => `https://tab.example/index.html?view=reviews&register=${r}&period=${p}`,
      myRisks: () => 'https://tab.example/',
    },
    log: silent,
  };
  return { deps, store, requests, teams, clock };
}
