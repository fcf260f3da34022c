/**
 * The chain walk on its own, over AuditLog items built in memory the way the append path writes
 * them: which entry is blamed for each kind of tampering (the list service tests cover the REST side).
 */
import { chainKey, entryHash, genesisHash, type ChainContent } from '../../src/sharepoint/audit-hash';
import { auditPayload } from '../../src/sharepoint/audit-log';
import { analyseAudit } from '../../src/sharepoint/audit-verify';
import type { Item } from '../../src/sharepoint/restore';
import { F } from '../../src/sharepoint/schema';

const au = F.audit;

function content(register: string, seq: number, prevHash: string, n = seq): ChainContent {
  return {
    register,
    seq,
    prevHash,
    key: `${register}-${n}`.padEnd(64, '0'),
    title: `risk ${n} CurrentImpact`,
    at: '2026-11-30T09:00:00Z',
    by: 'morgan.reid@contoso.example',
    entity: 'risk',
    entityId: n,
    riskId: n,
    riskReference: `CRR${n}`,
    field: 'CurrentImpact',
    oldValue: String(n),
    newValue: String(n + 1),
    source: 'tab',
  };
}

async function item(id: number, c: ChainContent): Promise<Item> {
  return { Id: id, ...auditPayload(c, await entryHash(c)) } as Item;
}

/** A chain of `n` entries with item ids from `firstId`. */
async function chain(register: string, n: number, firstId = 1): Promise<Item[]> {
  const out: Item[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= n; seq++) {
    const it = await item(firstId + seq - 1, content(register, seq, prev));
    out.push(it);
    prev = String(it[au.hash]);
  }
  return out;
}

describe('analyseAudit', () => {
  it('finds nothing in an untouched chain and reports its head', async () => {
    const items = await chain('Corporate', 5);
    const report = await analyseAudit(items);
    expect(report.findings).toEqual([]);
    expect(report.registers[0]?.head).toMatchObject({ seq: 5, entryId: 5, hash: items[4]?.[au.hash] });
  });

  it('reports consecutive deletions as one gap, including the start of the chain', async () => {
    const items = await chain('Corporate', 6);
    const kept = items.filter((i) => ![1, 3, 4].includes(Number(i.Id)));
    const report = await analyseAudit(kept);
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'deleted', seq: 1, toSeq: 1, beforeEntryId: 2 }),
      expect.objectContaining({
        kind: 'deleted',
        seq: 3,
        toSeq: 4,
        afterEntryId: 2,
        beforeEntryId: 5,
        reason: expect.stringMatching(/seq 3-4 \(2 entries\) have no entry/),
      }),
    ]);
    expect(report.findings[0]).not.toHaveProperty('afterEntryId');
  });

  it('blames an entry replaced by a well-formed forgery: its successor vouches for the original', async () => {
    const items = await chain('Corporate', 4);
    const original = items[1]!;
    const forgery = await item(90, {
      ...content('Corporate', 2, String(items[0]?.[au.hash])),
      newValue: '9',
    });
    const report = await analyseAudit([...items.filter((i) => i !== original), forgery]);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'edited',
        entryId: 90,
        seq: 2,
        reason: expect.stringMatching(/entry 3 \(seq 3\) recorded a different hash/),
      }),
    ]);
  });

  it('keeps the entry its successor links to when a forgery claims the same seq, whatever the ids', async () => {
    const items = await chain('Corporate', 3, 10);
    // Same place, same previous hash, a valid hash of its own, and an id lower than the genuine entry.
    const forgery = await item(5, { ...content('Corporate', 2, String(items[0]?.[au.hash])), newValue: '9' });
    const report = await analyseAudit([...items, forgery]);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'inserted',
        entryId: 5,
        seq: 2,
        reason: 'a second entry claims seq 2, which entry 11 holds',
      }),
    ]);
  });

  it('reports a first entry that does not start from the genesis hash as inserted', async () => {
    const forged = await item(1, content('Corporate', 1, 'a'.repeat(64)));
    const report = await analyseAudit([forged]);
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'inserted', entryId: 1, seq: 1 })]);
  });

  it('reports changed chain columns as edits: the ChainKey, and a removed seq (which also leaves a gap)', async () => {
    const items = await chain('Corporate', 4);
    items[1]![au.chainKey] = chainKey('Corporate', 7);
    items[2]![au.seq] = null;
    const report = await analyseAudit(items);
    expect(report.findings.map((f) => [f.kind, f.entryId ?? f.seq])).toEqual([
      ['edited', 3],
      ['edited', 2],
      ['deleted', 3],
    ]);
  });

  it('tells unchained entries from before the chain from ones added after it began', async () => {
    const legacy = [1, 2].map((id) => ({ Id: id, Title: 'risk 1 Title', [au.field]: 'Title' }) as Item);
    const items = await chain('Corporate', 2, 3);
    const late = { Id: 9, Title: 'risk 1 Title', [au.field]: 'Title' } as Item;
    const report = await analyseAudit([...legacy, ...items, late]);
    expect(report.unchained).toEqual({ count: 2, entryIds: [1, 2] });
    expect(report.findings).toEqual([
      expect.objectContaining({ kind: 'inserted', entryId: 9, register: '' }),
    ]);
  });

  it('checks one register on request, case-insensitively, and checks recorded heads', async () => {
    const corporate = await chain('Corporate', 3);
    const adults = await chain('Adults', 2, 10);
    adults[0]![au.newValue] = 'changed';
    const only = await analyseAudit([...corporate, ...adults], { register: 'corporate' });
    expect(only.registers.map((r) => r.register)).toEqual(['Corporate']);
    expect(only.tampered).toBe(false);

    const head = { register: 'Corporate', seq: 3, hash: String(corporate[2]?.[au.hash]) };
    expect((await analyseAudit(corporate, { heads: [head] })).findings).toEqual([]);
    const cut = await analyseAudit(corporate.slice(0, 2), { heads: [head] });
    expect(cut.findings).toEqual([expect.objectContaining({ kind: 'deleted', seq: 3 })]);
    const rewritten = await analyseAudit(corporate, { heads: [{ ...head, hash: 'b'.repeat(64) }] });
    expect(rewritten.findings).toEqual([expect.objectContaining({ kind: 'edited', seq: 3 })]);
  });
});
