/**
 * Seeds a register straight through `$batch` (100 adds per HTTP request) with the app's own row codec,
 * so a 5,000-risk register is ready in seconds and is stored exactly as the app stores it.
 */
import type { SPFI } from '@pnp/sp';
import '@pnp/sp/batching';
import { periodOf, previousPeriod, type Person, type Risk } from '../../src/domain';
import { controlRow, payloadOf, riskRow, snapshotRow } from '../../src/sharepoint/item-codec';
import { calendarFor, createStoreContext } from '../../src/sharepoint/store-context';
import { ListTitles, listSpec } from '../../src/sharepoint/schema';
import type { ListService } from '../../src/emulator';

/** A plausible open risk; `n` varies the ratings so a heat map has more than one cell. */
export function benchRisk(
  n: number,
  register: string,
  owners: Person[],
  overrides: Partial<Risk> = {},
): Risk {
  const reference = `B${String(n).padStart(5, '0')}`;
  const l = (n % 5) + 1;
  const i = (Math.floor(n / 5) % 5) + 1;
  return {
    reference,
    aliases: [],
    title: `Bench risk ${reference}: service continuity`,
    description: 'A service cannot be delivered at the level residents rely on.',
    cause: 'Demand and cost pressures',
    event: 'A statutory service fails',
    consequence: 'Harm to residents; reputational and financial damage',
    register,
    directorate: ['Resources', 'Adults', "Children's Services", 'Place'][n % 4]!,
    category: 'Operational',
    owners,
    delegates: [],
    cabinetMembers: [],
    inherent: { likelihood: 5, impact: 5 },
    current: { likelihood: l, impact: i },
    target: { likelihood: 1, impact: Math.min(i, 3) },
    triggers: [],
    reviewFrequency: 'quarterly',
    timescaleToTarget: '1-3 years',
    status: 'open',
    linkedRisks: [],
    controls: [],
    actions: [],
    ...overrides,
  };
}

/** Adds raw list items in `$batch`es of 100 (fast seeding for benches and tests); returns their ids. */
export async function addInBatches(
  sp: SPFI,
  list: string,
  payloads: Record<string, unknown>[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < payloads.length; i += 100) {
    const [batched, execute] = sp.batched({ maxRequests: 100 });
    // Each batched request needs its own queryable instance.
    const adds = payloads
      .slice(i, i + 100)
      .map((p) => batched.web.lists.getByTitle(list).items.add(p) as Promise<{ Id: number }>);
    await execute();
    for (const a of await Promise.all(adds)) ids.push(a.Id);
  }
  return ids;
}

/**
 * One confirmed review per risk in the same quarter a year before `today`: the snapshot each risk's
 * "last reviewed" and direction of travel read (payloads as the app writes them).
 */
export function lastYearsReviews(
  parents: readonly { riskId: number; register: string; reference: string }[],
  risks: readonly Pick<Risk, 'current'>[],
  today: string,
): Record<string, unknown>[] {
  const previous = previousPeriod(periodOf(today, 'quarter', 4), 4);
  return parents.map((p, k) =>
    payloadOf(
      snapshotRow(p, {
        riskReference: p.reference,
        periodId: previous.id,
        current: risks[k]!.current,
        comment: 'Reviewed at the directorate management team.',
        recordedAt: `${previous.start}T09:00:00Z`,
        source: 'card',
        outcome: 'confirmed',
      }),
    ),
  );
}

export type SeedOptions = {
  register: string;
  count: number;
  /** Owner of risk n: `ownerOf(n)`. */
  ownerOf: (n: number) => Person;
  /** Adds one control per risk and a snapshot for the previous quarter (default true). */
  withChildren?: boolean;
  /** ISO date whose quarter is "this period" (default today). */
  today?: string;
};

/** Seeds `count` risks; returns their item ids in order. */
export async function seedRegister(sp: SPFI, options: SeedOptions): Promise<number[]> {
  const { register, count } = options;
  const risks = Array.from({ length: count }, (_, k) => benchRisk(k + 1, register, [options.ownerOf(k)]));
  // Date-only columns are written in the site's own time zone, read once.
  const cal = await calendarFor(createStoreContext(sp));
  const ids = await addInBatches(
    sp,
    ListTitles.risks,
    risks.map((r) => payloadOf(riskRow(r, cal))),
  );
  if (options.withChildren === false) return ids;
  const parents = ids.map((riskId, k) => ({ riskId, register, reference: risks[k]!.reference }));
  await addInBatches(
    sp,
    ListTitles.controls,
    parents.map((p) =>
      payloadOf(controlRow(p, { title: `Business continuity plan for ${p.reference}`, owners: [] })),
    ),
  );
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  await addInBatches(sp, ListTitles.snapshots, lastYearsReviews(parents, risks, today));
  return ids;
}

/**
 * Test and bench helper: writes the app's own REST payloads (from `payloadOf`) straight into the list
 * service's SQLite store through ListService.seedItems, skipping HTTP, so a 50,000-risk register is
 * seeded in seconds. REST names person and lookup columns `<Name>Id`; the store keeps them by internal
 * name, so those are renamed (using the schema), and empty values are left out as SharePoint stores
 * them. Nothing is validated: seed only what the app itself would write.
 */
export function seedStraight(
  service: Pick<ListService, 'seedItems'>,
  list: string,
  payloads: Record<string, unknown>[],
): number[] {
  const relations = new Set(
    listSpec(list)
      .fields.filter((f) => f.kind === 'User' || f.kind === 'UserMulti' || f.kind === 'Lookup')
      .map((f) => f.name),
  );
  const stored = payloads.map((p) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(p)) {
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      const name = k.endsWith('Id') && relations.has(k.slice(0, -2)) ? k.slice(0, -2) : k;
      out[name] = v;
    }
    return out;
  });
  return service.seedItems(list, stored);
}
