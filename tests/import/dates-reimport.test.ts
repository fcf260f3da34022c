/**
 * Dates through an import: next review dates and action dates either side of both 2026 BST changes
 * are stored as local midnight on the London site, read back as the days in the file, and a
 * re-import of the same file finds them unchanged and writes nothing.
 */
import { demoManager, startListService, type ListService } from '../../src/emulator';
import {
  commitImport,
  directoryResolver,
  dryRun,
  loadExistingRisks,
  readRegisterFile,
  suggestMapping,
  type ImportPlan,
} from '../../src/import';
import type { Actor, RegisterStore } from '../../src/ports';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { F, ListTitles } from '../../src/sharepoint/schema';
import { createSpClient, type RequestRecord } from '../../src/sharepoint/sp-client';
import { directory } from '../fixtures/import/build-fixtures';

jest.setTimeout(240_000);

const actor: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };
const register = 'Corporate';
const owner = directory[0]!;

// Review dates (in the review frequency column, as councils write them) and action dates
// either side of Sunday 29 March and Sunday 25 October 2026, in the UK form people type.
const rows: [string, string, string][] = [
  ['DR1', '28/03/2026', '29/03/2026'],
  ['DR2', '30/03/2026', '30/06/2026'],
  ['DR3', '24/10/2026', '25/10/2026'],
  ['DR4', '26/10/2026', '15/01/2027'],
];

function csv(): Uint8Array {
  const lines = [
    'Risk ID,Risk Title,Risk Owner,Review frequency,Actions',
    ...rows.map(
      ([ref, review, due]) =>
        `${ref},Risk ${ref},${owner.name} <${owner.email}>,${review},` +
        `"Flood plan ${ref} — Due: ${due} — Review: ${review} — Status: in progress"`,
    ),
  ];
  return new TextEncoder().encode(lines.join('\n'));
}

const iso = (uk: string): string => uk.split('/').reverse().join('-');

async function plan(store: RegisterStore): Promise<ImportPlan> {
  const file = await readRegisterFile(csv(), 'dates.csv');
  if (!file.ok) throw new Error(JSON.stringify(file.errors));
  const suggestion = suggestMapping(file.value.sheets);
  if (!suggestion.ok) throw new Error(JSON.stringify(suggestion.errors));
  return dryRun({
    file: file.value,
    mapping: suggestion.value.mapping,
    register,
    matrix: (await store.getSettings(register)).matrix,
    existing: await loadExistingRisks(store, register),
    resolver: directoryResolver(directory.map((p) => ({ name: p.name, email: p.email }))),
  });
}

describe('importing dates across the BST boundaries', () => {
  let service: ListService;
  afterEach(() => service.close());

  it('stores the days in the file and a re-import of unchanged dates writes nothing', async () => {
    // The fixture's people are in the organisation's directory, so ensureUser can resolve them.
    service = await startListService({
      directory: directory.map((p) => ({ upn: p.email, title: p.name, email: p.email })),
    });
    const requests: RequestRecord[] = [];
    const sp = createSpClient({
      siteUrl: service.siteUrl,
      getToken: async () => demoManager.token,
      onRequest: (r) => requests.push(r),
      retry: { baseDelayMs: 10, maxAttempts: 8 },
    });
    await provision(sp, { registers: [register] });
    const store = createRegisterStore(sp);

    const first = await plan(store);
    expect(first.counts).toEqual({ create: 4, update: 0, unchanged: 0, error: 0 });
    await commitImport(first, store, actor);

    // Read back by a fresh store, as the next session would.
    const stored = await loadExistingRisks(createRegisterStore(sp), register);
    for (const [ref, review, due] of rows) {
      const risk = stored.find((r) => r.reference === ref)!;
      expect(risk.nextReviewDate).toBe(iso(review));
      expect(risk.actions).toEqual([
        expect.objectContaining({ plannedDate: iso(due), reviewDate: iso(review) }),
      ]);
    }
    const raw = (await sp.web.lists
      .getByTitle(ListTitles.risks)
      .items.select(F.risks.reference, F.risks.nextReviewDate)()) as Record<string, string>[];
    raw.sort((a, b) => a[F.risks.reference]!.localeCompare(b[F.risks.reference]!));
    expect(raw.map((r) => r[F.risks.nextReviewDate])).toEqual([
      '2026-03-28T00:00:00Z',
      '2026-03-29T23:00:00Z',
      '2026-10-23T23:00:00Z',
      '2026-10-26T00:00:00Z',
    ]);
    const etags = (await sp.web.lists.getByTitle(ListTitles.actions).items.select('Id')()).map(
      (a) => (a as Record<string, unknown>)['odata.etag'],
    );

    const again = await plan(createRegisterStore(sp));
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 4, error: 0 });
    requests.length = 0;
    const second = await commitImport(again, createRegisterStore(sp), actor);
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 4, failed: 0, skipped: 0 });
    // Nothing was written: no item POST/MERGE went out, and the actions keep their ETags.
    expect(requests.filter((r) => r.method !== 'GET' && !/\$batch|contextinfo/i.test(r.url))).toEqual([]);
    const after = (await sp.web.lists.getByTitle(ListTitles.actions).items.select('Id')()).map(
      (a) => (a as Record<string, unknown>)['odata.etag'],
    );
    expect(after).toEqual(etags);
  });
});
