/**
 * Import committed to real storage: the RegisterStore over PnPjs against the local list service.
 */
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { provision } from '../../src/sharepoint/provisioning';
import type { Actor, RegisterStore } from '../../src/ports';
import {
  commitImport,
  directoryResolver,
  dryRun,
  loadExistingRisks,
  readRegisterFile,
  suggestMapping,
  type CommitProgress,
  type ImportPlan,
} from '../../src/import';
import type { RiskMatrix } from '../../src/domain/types';
import { createCommitteePaper } from '../../src/reports';
import { PermissionDeniedError, StorageError, ThrottledError, ValidationError } from '../../src/ports/errors';
import { isRetryable } from '../../src/import/commit';
import { buildFixture, directory, type Fixture } from '../fixtures/import/build-fixtures';

// A real HTTP service seeded through PnPjs on a shared 2-core machine; no test asserts a duration.
jest.setTimeout(240_000);

const actor: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };
const register = 'Corporate';

async function useMatrix(store: RegisterStore, matrix: RiskMatrix): Promise<void> {
  const settings = await store.getSettings(register);
  await store.saveSettings({ ...settings, matrix }, settings.etag, actor);
}

async function plan(store: RegisterStore, fixture: Fixture, periodId?: string): Promise<ImportPlan> {
  const file = await readRegisterFile(fixture.bytes, fixture.fileName);
  if (!file.ok) throw new Error(JSON.stringify(file.errors));
  const suggestion = suggestMapping(file.value.sheets);
  if (!suggestion.ok) throw new Error(JSON.stringify(suggestion.errors));
  return dryRun({
    file: file.value,
    mapping: suggestion.value.mapping,
    register,
    matrix: fixture.matrix,
    existing: await loadExistingRisks(store, register),
    // E-mail addresses only: the store adds each person to the site with ensureUser.
    resolver: directoryResolver(directory.map((p) => ({ name: p.name, email: p.email }))),
    ...(periodId ? { periodId } : {}),
  });
}

describe('committing an import to the register', () => {
  let service: ListService;
  let store: RegisterStore;
  beforeEach(async () => {
    // The fixture's people are in the organisation's directory, so ensureUser can resolve them.
    service = await startListService({
      directory: directory.map((p) => ({ upn: p.email, title: p.name, email: p.email })),
    });
    const sp = createSpClient({
      siteUrl: service.siteUrl,
      getToken: async () => demoManager.token,
      retry: { baseDelayMs: 10, maxAttempts: 8 },
    });
    await provision(sp, { registers: [register] });
    store = createRegisterStore(sp);
  });
  afterEach(() => service.close());

  it('creates every risk in batches with progress, audits it as an import, and a re-import changes nothing', async () => {
    const fixture = await buildFixture('kent', { rows: 24 });
    await useMatrix(store, fixture.matrix);
    const first = await plan(store, fixture);
    expect(first.counts).toEqual({ create: 24, update: 0, unchanged: 0, error: 0 });

    const progress: CommitProgress[] = [];
    const result = await commitImport(first, store, actor, {
      batchSize: 10,
      onProgress: (p) => progress.push(p),
    });
    expect(result.counts.created).toBe(24);
    expect(result.complete).toBe(true);
    expect(progress).toHaveLength(24);
    expect(progress.at(-1)).toEqual(expect.objectContaining({ done: 24, total: 24, batches: 3 }));

    const stored = await store.findRiskByReference(register, 'CRR0002');
    const expected = fixture.expected[1]!;
    expect(stored?.title).toBe(expected.title);
    expect(stored?.current).toEqual(expected.current);
    expect(stored?.target).toEqual(expected.target);
    expect(stored?.owners.map((o) => o.email)).toEqual(
      expected.owners.map((n) => directory.find((p) => p.name === n)?.email),
    );
    expect(stored?.controls.map((c) => c.title)).toEqual(expected.controls);
    const audit = await store.getAudit(stored!.id);
    expect(audit.some((a) => a.entity === 'risk' && a.source === 'import')).toBe(true);

    const again = await plan(store, fixture);
    expect(again.counts).toEqual({ create: 0, update: 0, unchanged: 24, error: 0 });
    const second = await commitImport(again, store, actor);
    expect(second.counts).toEqual({ created: 0, updated: 0, unchanged: 24, failed: 0, skipped: 0 });
    expect((await loadExistingRisks(store, register)).length).toBe(24);
  });

  it('updates changed risks by reference instead of duplicating them', async () => {
    const fixture = await buildFixture('csv', { rows: 6 });
    await useMatrix(store, fixture.matrix);
    await commitImport(await plan(store, fixture), store, actor);
    const changed = {
      ...fixture,
      bytes: new TextEncoder().encode(
        new TextDecoder().decode(fixture.bytes).replace(/\(1\)/, '(1) revised'),
      ),
    };
    const p = await plan(store, changed);
    expect(p.counts.update).toBe(1);
    expect(p.rows.find((r) => r.outcome === 'update')?.changes?.fields).toEqual(['title']);
    const result = await commitImport(p, store, actor);
    expect(result.counts.updated).toBe(1);
    const all = await loadExistingRisks(store, register);
    expect(all).toHaveLength(6);
    expect(all.filter((r) => r.title.endsWith('revised'))).toHaveLength(1);
  });

  it('refuses a plan with problems without writing anything', async () => {
    const fixture = await buildFixture('kent', { rows: 8, withProblems: true });
    await useMatrix(store, fixture.matrix);
    const p = await plan(store, fixture);
    await expect(commitImport(p, store, actor)).rejects.toThrow(/problem\(s\); nothing was written/);
    expect(await loadExistingRisks(store, register)).toHaveLength(0);
  });

  it('resumes a commit that failed half-way without duplicates', async () => {
    const fixture = await buildFixture('medway', { rows: 16 });
    await useMatrix(store, fixture.matrix);
    const p = await plan(store, fixture);
    let creates = 0;
    // The connection drops after six risks are written: later writes fail until the commit is re-run.
    const flaky: RegisterStore = {
      ...store,
      createRisk: async (...args) => {
        if (++creates > 6) throw new Error('network connection lost');
        return store.createRisk(...args);
      },
    };
    const broken = await commitImport(p, flaky, actor, { batchSize: 4, concurrency: 1 });
    expect(broken.counts.created).toBe(6);
    expect(broken.counts.failed).toBe(10);
    expect(broken.complete).toBe(false);
    expect(broken.results.find((r) => r.result === 'failed')?.error).toBe('network connection lost');

    const resumed = await commitImport(p, store, actor, { batchSize: 4 });
    expect(resumed.counts).toEqual({ created: 10, updated: 0, unchanged: 6, failed: 0, skipped: 0 });
    const all = await loadExistingRisks(store, register);
    expect(all.map((r) => r.reference).sort()).toEqual(fixture.expected.map((e) => e.reference).sort());
  });

  it("records a quarter's ratings and comments as snapshots when asked, once, ready for the committee paper", async () => {
    const fixture = await buildFixture('gloucestershire', { rows: 6 });
    await useMatrix(store, fixture.matrix);
    const p = await plan(store, fixture, '2023/24-Q4');
    expect(p.periodId).toBe('2023/24-Q4');
    const first = await commitImport(p, store, actor);
    expect(first.snapshotsRecorded).toBe(6);
    const risk = (await store.findRiskByReference(register, fixture.expected[0]!.reference))!;
    const history = await store.getHistory(risk.id);
    expect(history).toEqual([
      expect.objectContaining({
        periodId: '2023/24-Q4',
        current: fixture.expected[0]!.current,
        comment: 'Our risk scoring is unchanged.',
        source: 'import',
      }),
    ]);
    const again = await commitImport(await plan(store, fixture, '2023/24-Q4'), store, actor);
    expect(again.snapshotsRecorded).toBe(0);
    expect(again.counts.unchanged).toBe(6);
    expect(await store.getHistory(risk.id)).toHaveLength(1);
    const paper = await createCommitteePaper(store, { register, periodId: '2023/24-Q4' });
    expect(paper.paper.summary.map((r) => r.reference)).toEqual(fixture.expected.map((e) => e.reference));

    const bad = await plan(store, fixture, 'Q5 2023');
    expect(bad.ready).toBe(false);
    expect(bad.issues[0]?.message).toMatch(/"Q5 2023" is not a period/);
  });

  it('stops between batches when cancelled and finishes on the next run', async () => {
    const fixture = await buildFixture('csv', { rows: 6 });
    await useMatrix(store, fixture.matrix);
    const p = await plan(store, fixture);
    const controller = new AbortController();
    const stopped = await commitImport(p, store, actor, {
      batchSize: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(stopped.results).toHaveLength(2);
    expect(stopped.complete).toBe(false);
    const rest = await commitImport(p, store, actor, { batchSize: 2 });
    expect(rest.counts).toEqual({ created: 4, updated: 0, unchanged: 2, failed: 0, skipped: 0 });
  });

  it('reports a risk stored without some of its controls as exactly that, and a refusal as no rerun', async () => {
    const fixture = await buildFixture('kent', { rows: 3 });
    await useMatrix(store, fixture.matrix);
    const p = await plan(store, fixture);
    const withControls = p.rows.find((r) => r.risk.controls.length > 0)!;
    // The risk is stored with its first control, then the list service throttles the next write.
    const throttled: RegisterStore = {
      ...store,
      createRisk: async (risk, who, source) => {
        if (risk.reference !== withControls.reference) return store.createRisk(risk, who, source);
        await store.createRisk({ ...risk, controls: risk.controls.slice(0, 1), actions: [] }, who, source);
        throw new ThrottledError('SharePoint is throttling requests (429) and retries ran out.', 429, 30);
      },
    };
    const result = await commitImport(p, throttled, actor);
    const failed = result.results.find((r) => r.result === 'failed')!;
    expect(failed.reference).toBe(withControls.reference);
    expect(failed.retryable).toBe(true);
    expect(failed.riskId).toBeDefined();
    expect(failed.written).toContain(`${withControls.reference} is stored with 1 control(s) and 0 action(s)`);
    if (withControls.risk.controls.length > 1)
      expect(failed.written).toContain(`not stored: control "${withControls.risk.controls[1]!.title}"`);

    // A value the register refuses, or no permission, is not something a rerun can finish.
    expect(isRetryable(new ValidationError('Title is 300 characters; SharePoint allows 255.'))).toBe(false);
    expect(isRetryable(new PermissionDeniedError('read-only (403)', 403, 'read'))).toBe(false);
    expect(isRetryable(new StorageError('the site did not answer'))).toBe(true);
  });
});
