import { PRESETS } from '../../src/domain';
import { loadDemoRegister } from '../../src/server/demo-register';
import { PLAYGROUND_MANAGERS_CHANNEL } from '../../src/server/playground';
import { FakeStore, manager, settings } from './fake-store';
import { demoRegisters } from '../../src/server/demo-data/registers';

describe('the demo register', () => {
  it('covers all five scoring presets with history over several quarters, and loads only once', async () => {
    const store = new FakeStore(manager);
    for (const r of demoRegisters) store.addRegister(settings(r.name));
    expect(await loadDemoRegister(store, manager, '2026-11-22')).toBe(true);
    const matrices = new Set([...store.settings.values()].map((s) => s.matrix.id));
    expect([...matrices].sort()).toEqual(PRESETS.map((p) => p.id).sort());
    // Escalation digests go to the Agents Playground's "Risk managers" channel locally.
    expect(
      [...store.settings.values()].every((s) => s.managersChannelId === PLAYGROUND_MANAGERS_CHANNEL.id),
    ).toBe(true);
    expect(store.risks.size).toBe(10);
    const periods = new Set(store.snapshots.map((s) => s.periodId));
    expect([...periods].sort()).toEqual(['2025/26-Q4', '2026/27-Q1', '2026/27-Q2', '2026/27-Q3']);
    expect(
      store.snapshots.every((s) => s.comment.length > 0 && s.recordedAt <= '2026-11-22T09:00:00.000Z'),
    ).toBe(true);
    expect([...store.risks.values()].every((r) => r.controls.length > 0)).toBe(true);
    expect(await loadDemoRegister(store, manager, '2026-11-22')).toBe(false);
    expect(store.risks.size).toBe(10);
  });
});
