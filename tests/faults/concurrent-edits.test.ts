/**
 * Two managers and a risk owner editing the same risk at once, in random interleavings (fast-check):
 * every write either lands or is refused with ConflictError, a write lands only on the version it
 * read (no lost update), the final risk is the last landed write, and the audit has every landed one.
 */
import type { SPFI } from '@pnp/sp';
import fc from 'fast-check';
import {
  demoManager,
  demoRiskOwners,
  demoUsers,
  startListService,
  type ListService,
} from '../../src/emulator';
import {
  ConflictError,
  createRegisterStore,
  provision,
  type Actor,
  type RegisterStore,
  type StoredRisk,
} from '../../src/sharepoint';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { benchRisk } from '../../bench/lib/seed';
import { scaled } from './fault-config';

const secondManager = {
  id: 40,
  loginName: 'jo.patel@northmoor.example.gov.uk',
  title: 'Jo Patel',
  email: 'jo.patel@northmoor.example.gov.uk',
  role: 'full' as const,
  token: 'second-manager-token',
};
const owner = demoRiskOwners[0]!;

type Editor = { name: string; store: RegisterStore; actor: Actor };
type Step = { editor: number; overlap: boolean };
type Landed = { description: string; sentEtag: string; etag: string };

let service: ListService;
let editors: Editor[];
let managerStore: RegisterStore;

const version = (etag: string): number => Number(/(\d+)\D*$/.exec(etag)?.[1] ?? NaN);

beforeAll(async () => {
  service = await startListService({ users: [...demoUsers, secondManager] });
  const client = (token: string): SPFI =>
    createSpClient({ siteUrl: service.siteUrl, getToken: async () => token, retry: { baseDelayMs: 10 } });
  await provision(client(demoManager.token), { registers: ['Corporate'] });
  const make = async (name: string, token: string): Promise<Editor> => {
    const store = createRegisterStore(client(token));
    return { name, store, actor: await store.currentUser() };
  };
  editors = [
    await make('manager A', demoManager.token),
    await make('manager B', secondManager.token),
    await make('owner', owner.token),
  ];
  managerStore = editors[0]!.store;
});

afterAll(async () => {
  await service?.close();
});

/** Each editor makes one or two read-then-write edits; `picks` choose who moves next. */
const scenario = fc.record({
  edits: fc.tuple(
    fc.integer({ min: 1, max: 2 }),
    fc.integer({ min: 1, max: 2 }),
    fc.integer({ min: 1, max: 2 }),
  ),
  picks: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
  overlaps: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
});

function schedule(edits: number[], picks: number[], overlaps: boolean[]): Step[] {
  const remaining = edits.map((e) => e * 2);
  const steps: Step[] = [];
  for (let n = 0; remaining.some((r) => r > 0); n++) {
    const live = remaining.flatMap((r, i) => (r > 0 ? [i] : []));
    const editor = live[(picks[n] ?? 0) % live.length]!;
    remaining[editor]!--;
    steps.push({ editor, overlap: overlaps[n] ?? false });
  }
  return steps;
}

let runNo = 0;

test('no lost update in random interleavings of two managers and an owner', async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ({ edits, picks, overlaps }) => {
      runNo++;
      const actorA = editors[0]!.actor;
      const created = await managerStore.createRisk(
        benchRisk(runNo, 'Corporate', [{ id: owner.id as number, name: owner.title, email: owner.email }], {
          reference: `CE${String(runNo).padStart(4, '0')}`,
        }),
        actorA,
      );
      const read = new Map<number, StoredRisk>();
      const inFlight = new Map<number, Promise<void>>();
      const landed: Landed[] = [];
      let refused = 0;
      let editNo = 0;
      for (const step of schedule(edits, picks, overlaps)) {
        const editor = editors[step.editor]!;
        await inFlight.get(step.editor);
        const seen = read.get(step.editor);
        if (!seen) {
          read.set(step.editor, await editor.store.getRisk(created.id));
          continue;
        }
        read.delete(step.editor);
        const description = `${editor.name} edit ${++editNo} of run ${runNo}`;
        const write = editor.store
          .updateRisk(created.id, { description }, seen.etag, editor.actor, 'tab')
          .then((after) => {
            landed.push({ description, sentEtag: seen.etag, etag: after.etag });
          })
          .catch((err: unknown) => {
            if (!(err instanceof ConflictError)) throw err;
            refused++;
          });
        inFlight.set(step.editor, write);
        if (!step.overlap) await write;
      }
      await Promise.all(inFlight.values());

      expect(landed.length + refused).toBe(edits.reduce((a, b) => a + b, 0));
      expect(landed.length).toBeGreaterThan(0);
      // Each landed write was made on the version just before it: nobody overwrote unseen work.
      const chain = [...landed].sort((a, b) => version(a.etag) - version(b.etag));
      let previous = created.etag;
      for (const w of chain) {
        expect(w.sentEtag).toBe(previous);
        previous = w.etag;
      }
      const final = await managerStore.getRisk(created.id);
      expect(final.description).toBe(chain.at(-1)!.description);
      expect(final.etag).toBe(chain.at(-1)!.etag);
      const audited = (await managerStore.getAudit(created.id))
        .filter((a) => a.field.toLowerCase().includes('description') && a.entity === 'risk')
        .map((a) => a.newValue);
      expect(audited.filter((v) => v.includes(`of run ${runNo}`)).sort()).toEqual(
        landed.map((w) => w.description).sort(),
      );
    }),
    { numRuns: scaled(25, 100), endOnFailure: true },
  );
});
