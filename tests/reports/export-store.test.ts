/**
 * Export -> import is the identity over real storage: random registers written through the store to the
 * local list service, exported in the import layout (.xlsx), dry-run and committed into a fresh register
 * with the same matrix, read back equal field by field (see `comparable` for what storage adds).
 */
import fc from 'fast-check';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import {
  commitImport,
  directoryResolver,
  dryRun,
  loadExistingRisks,
  readRegisterFile,
  suggestMapping,
} from '../../src/import';
import type { Actor, RegisterStore, StoredRisk } from '../../src/ports';
import { exportRegisterForImportXlsx } from '../../src/reports';
import { comparable, people, registerArb } from './random-register';

// A real HTTP service on a shared 2-core machine; no duration is asserted.
jest.setTimeout(600_000);

const actor: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };
const runs = 10;

describe('export -> import over the local list service', () => {
  let service: ListService;
  let store: RegisterStore;
  beforeAll(async () => {
    service = await startListService({
      directory: people.map((p) => ({ upn: p.email, title: p.name, email: p.email })),
    });
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    const registers = Array.from({ length: runs }, (_, i) => [`Source ${i}`, `Copy ${i}`]).flat();
    await provision(sp, { registers });
    store = createRegisterStore(sp);
  });
  afterAll(() => service.close());

  it('gives back the same register for random registers', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(registerArb, async ({ matrix, risks }) => {
        const [source, copy] = [`Source ${n}`, `Copy ${n}`];
        n++;
        for (const register of [source, copy]) {
          const s = await store.getSettings(register);
          await store.saveSettings({ ...s, matrix }, s.etag, actor);
        }
        for (const risk of risks) await store.createRisk({ ...risk, register: source }, actor, 'tab');
        const settings = await store.getSettings(source);
        const stored = await loadExistingRisks(store, source);
        const file = await readRegisterFile(await exportRegisterForImportXlsx(settings, stored), 'r.xlsx');
        if (!file.ok) throw new Error(JSON.stringify(file.errors));
        const suggestion = suggestMapping(file.value.sheets);
        if (!suggestion.ok) throw new Error(JSON.stringify(suggestion.errors));
        const plan = await dryRun({
          file: file.value,
          mapping: suggestion.value.mapping,
          register: copy,
          matrix,
          existing: [],
          resolver: directoryResolver(await store.listSiteUsers(), (e) => store.ensureSiteUser(e)),
        });
        expect(plan.issues.filter((i) => i.severity !== 'warning').map((i) => i.message)).toEqual([]);
        const result = await commitImport(plan, store, actor);
        expect(result.counts).toEqual({
          created: risks.length,
          updated: 0,
          unchanged: 0,
          failed: 0,
          skipped: 0,
        });
        const byRef = (rs: StoredRisk[]) =>
          [...rs].sort((a, b) => a.reference.localeCompare(b.reference)).map(comparable);
        expect(byRef(await loadExistingRisks(store, copy))).toEqual(byRef(stored));
      }),
      { numRuns: runs, endOnFailure: true },
    );
  });
});
