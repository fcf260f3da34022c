/**
 * The tamper-evident audit log through real PnPjs against the local list service: appends are
 * chained per register and idempotent; verify finds edited, deleted and inserted entries by item id
 * after someone with write access changes the list directly over REST.
 */
import { spawn } from 'node:child_process';
import { demoManager, demoService } from '../../src/emulator';
import { appendAudit, auditPayload, type AuditInput } from '../../src/sharepoint/audit-log';
import { headWindow, locateNearHead, readHead } from '../../src/sharepoint/audit-chain';
import { chainKey, entryHash, genesisHash } from '../../src/sharepoint/audit-hash';
import { storedChainContent, verifyAudit } from '../../src/sharepoint/audit-verify';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { F, ListTitles, lists } from '../../src/sharepoint/schema';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { spFor } from '../emulator/pnp-client';
import { addInBatches } from '../../bench/lib/seed';
import { aRisk } from './fixtures';
import { startHarness, manager, type Harness } from './harness';

const au = F.audit;
type Row = Record<string, unknown> & { Id: number };

const change = (n: number, register = 'Corporate'): AuditInput => ({
  by: 'morgan.reid@contoso.example',
  entity: 'risk',
  entityId: 40 + n,
  riskId: 40 + n,
  riskReference: `CRR${n}`,
  register,
  version: `"${n}"`,
  field: 'CurrentImpact',
  oldValue: String(n),
  newValue: String(n + 1),
  source: 'tab',
});

describe('tamper-evident audit log', () => {
  let h: Harness;
  /** Someone with write access to the list, going round the app (REST through plain PnPjs). */
  let direct: ReturnType<typeof spFor>;
  beforeEach(async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate', 'Adults'] });
    direct = spFor(h.service.siteUrl, demoService.token);
  });
  afterEach(() => h.close());

  const rows = async (): Promise<Row[]> =>
    (await direct.web.lists.getByTitle(ListTitles.audit).items.top(5000)()) as Row[];
  const chainOf = async (register: string): Promise<Row[]> =>
    (await rows())
      .filter((r) => String(r[au.register] ?? '').toLowerCase() === register.toLowerCase())
      .sort((a, b) => Number(a[au.seq]) - Number(b[au.seq]));
  const auditItems = () => direct.web.lists.getByTitle(ListTitles.audit).items;

  it('chains every append per register from the genesis hash, and verify finds nothing wrong', async () => {
    await appendAudit(h.sp, [change(1), change(2), change(3, 'Adults')]);
    await appendAudit(h.sp, [change(4)]);
    const corporate = await chainOf('Corporate');
    // Provisioning audited the default settings of each register first.
    expect(corporate.map((r) => r[au.seq])).toEqual(corporate.map((_, i) => i + 1));
    expect(corporate[0]?.[au.prevHash]).toBe(genesisHash);
    for (let i = 1; i < corporate.length; i++)
      expect(corporate[i]?.[au.prevHash]).toBe(corporate[i - 1]?.[au.hash]);
    expect(corporate.at(-1)).toMatchObject({
      [au.chainKey]: chainKey('Corporate', corporate.length),
      [au.newValue]: '5',
    });
    const adults = await chainOf('Adults');
    expect(adults.at(-1)).toMatchObject({ [au.seq]: adults.length, [au.newValue]: '4' });

    const report = await verifyAudit(h.sp);
    expect(report.tampered).toBe(false);
    expect(report.findings).toEqual([]);
    expect(report.registers.map((r) => [r.register, r.entries])).toEqual([
      ['Adults', adults.length],
      ['Corporate', corporate.length],
    ]);
    expect(report.registers[1]?.head).toMatchObject({
      seq: corporate.length,
      entryId: corporate.at(-1)?.Id,
      hash: corporate.at(-1)?.[au.hash],
    });
  });

  it('puts the repositories’ entries on the chain of the risk’s register', async () => {
    const store = createRegisterStore(h.sp);
    const risk = await store.createRisk(
      aRisk({ reference: 'ASC01', register: 'Adults', title: 'Care market fragility' }),
      manager,
    );
    await store.updateRisk(risk.id, { title: 'Care market fragility (homecare)' }, risk.etag, manager);
    const adults = await chainOf('Adults');
    expect(adults.filter((r) => r[au.riskId] === risk.id).length).toBeGreaterThan(2);
    expect((await chainOf('Corporate')).some((r) => r[au.riskId] === risk.id)).toBe(false);
    expect((await verifyAudit(h.sp, { register: 'Adults' })).tampered).toBe(false);
  });

  it('finds an edited entry by its item id, also when the editor recomputed its hash', async () => {
    await appendAudit(h.sp, [change(1), change(2), change(3), change(4)]);
    const chain = await chainOf('Corporate');
    const plain = chain.at(-3) as Row;
    const rehashed = chain.at(-2) as Row;
    await auditItems()
      .getById(plain.Id)
      .update({ [au.newValue]: '1' });
    // A careful editor: changes the value and writes the hash that the new content gives.
    const forged = { ...storedChainContent(rehashed), newValue: '1' };
    await auditItems()
      .getById(rehashed.Id)
      .update({ [au.newValue]: '1', [au.hash]: await entryHash(forged) });

    const report = await verifyAudit(h.sp, { register: 'Corporate' });
    expect(report.tampered).toBe(true);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'edited',
        entryId: plain.Id,
        seq: plain[au.seq],
        register: 'Corporate',
      }),
      expect.objectContaining({
        kind: 'edited',
        entryId: rehashed.Id,
        reason: expect.stringMatching(/recorded a different hash/),
      }),
    ]);
    expect(report.findings[0]?.change).toMatch(/CurrentImpact/);
  });

  it('finds a deleted entry: the gap, with the entries either side', async () => {
    await appendAudit(h.sp, [change(1), change(2), change(3)]);
    const chain = await chainOf('Corporate');
    const [before, gone, after] = chain.slice(-3) as [Row, Row, Row];
    await auditItems().getById(gone.Id).delete();

    const report = await verifyAudit(h.sp);
    expect(report.findings).toEqual([
      expect.objectContaining({
        kind: 'deleted',
        register: 'Corporate',
        seq: gone[au.seq],
        toSeq: gone[au.seq],
        afterEntryId: before.Id,
        beforeEntryId: after.Id,
      }),
    ]);
  });

  it('finds inserted entries: a second claim on a seq, and an entry outside every chain', async () => {
    await appendAudit(h.sp, [change(1), change(2)]);
    const chain = await chainOf('Corporate');
    const target = chain.at(-1) as Row;
    const prior = chain.at(-2) as Row;
    // A forger who knows the algorithm: the hash is right and the previous hash fits; the unique
    // ChainKey refuses the same key, so it is written another way.
    const content = {
      register: 'Corporate',
      seq: Number(target[au.seq]),
      prevHash: String(prior[au.hash]),
      key: 'f'.repeat(64),
      title: 'risk 41 CurrentImpact',
      at: '2026-11-30T09:00:00Z',
      by: 'someone.else@contoso.example',
      entity: 'risk',
      entityId: 41,
      riskId: 41,
      riskReference: 'CRR1',
      field: 'CurrentImpact',
      oldValue: '1',
      newValue: '5',
      source: 'tab',
    };
    const forged = (await auditItems().add({
      ...auditPayload(content, await entryHash(content)),
      [au.chainKey]: `Corporate|${content.seq}`,
    })) as Row;
    const loose = (await auditItems().add({
      Title: 'risk 41 CurrentImpact',
      [au.by]: 'someone.else@contoso.example',
      [au.field]: 'CurrentImpact',
      [au.oldValue]: '5',
      [au.newValue]: '1',
    })) as Row;

    const report = await verifyAudit(h.sp);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'inserted',
          entryId: forged.Id,
          seq: target[au.seq],
          register: 'Corporate',
        }),
        expect.objectContaining({ kind: 'inserted', entryId: loose.Id, register: '' }),
      ]),
    );
    expect(report.findings).toHaveLength(2);
  });

  it('reports entries from before the chain as unchained, not as tampering', async () => {
    // A site provisioned before the chain existed, with entries written then.
    const chainFields = [au.register, au.seq, au.chainKey, au.key, au.prevHash, au.hash] as string[];
    await h.close();
    h = await startHarness();
    direct = spFor(h.service.siteUrl, demoManager.token);
    const older = lists.map((l) =>
      l.title === ListTitles.audit
        ? { ...l, fields: l.fields.filter((f) => !chainFields.includes(f.name)) }
        : l,
    );
    await provision(h.sp, { lists: older });
    const legacy: Row[] = [];
    for (let n = 1; n <= 3; n++)
      legacy.push(
        (await auditItems().add({
          Title: `risk ${n} Title`,
          [au.at]: '2025-06-01T10:00:00Z',
          [au.by]: 'morgan.reid@contoso.example',
          [au.entity]: 'risk',
          [au.entityId]: n,
          [au.field]: 'Title',
          [au.oldValue]: '',
          [au.newValue]: `Risk ${n}`,
          [au.source]: 'tab',
        })) as Row,
      );
    const upgrade = await provision(h.sp, { registers: ['Corporate'] });
    expect(upgrade.changes).toEqual(
      expect.arrayContaining([`${ListTitles.audit}.${au.chainKey}: field added (Text, indexed, unique)`]),
    );
    await appendAudit(h.sp, [change(1)]);

    const report = await verifyAudit(h.sp);
    expect(report.tampered).toBe(false);
    expect(report.unchained).toEqual({ count: 3, entryIds: legacy.map((r) => r.Id) });
    expect((await chainOf('Corporate'))[0]?.[au.prevHash]).toBe(genesisHash);
  });

  it('leaves one entry when the same change is appended again', async () => {
    await appendAudit(h.sp, [change(1), change(2)]);
    const before = (await rows()).length;
    await appendAudit(h.sp, [change(1), change(2)]);
    await appendAudit(h.sp, [change(2), change(3)]);
    const after = await rows();
    expect(after.length).toBe(before + 1);
    expect(after.filter((r) => r[au.newValue] === '3' && r[au.riskId] === 42)).toHaveLength(1);
    expect((await verifyAudit(h.sp)).tampered).toBe(false);
  });

  it('leaves one entry when SharePoint wrote a POST or a $batch whose reply was lost and the client retried it', async () => {
    const lost = { claim: 0, batch: 0 };
    const flaky = createSpClient({
      siteUrl: h.service.siteUrl,
      getToken: async () => demoService.token,
      retry: { baseDelayMs: 10, maxAttempts: 4 },
      // The first claim POST and the first $batch of audit adds reach SharePoint, which writes them;
      // their replies never come back (504), so the client sends each again.
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        const url = String(input instanceof Request ? input.url : input);
        const body = typeof init?.body === 'string' ? init.body : '';
        const gone = () => new Response('Gateway Timeout', { status: 504, headers: { 'Retry-After': '0' } });
        if (init?.method === 'POST' && /AuditLog'\)\/items$/.test(url) && lost.claim++ === 0) return gone();
        if (/\$batch$/.test(url) && /POST \S*AuditLog'\)\/items /.test(body) && lost.batch++ === 0)
          return gone();
        return res;
      },
    });
    const before = (await rows()).length;
    await appendAudit(flaky, [change(1), change(2), change(3)]);
    // Each was sent twice: the claim alone, then the other two in one $batch.
    expect(lost).toEqual({ claim: 2, batch: 2 });
    const after = await chainOf('Corporate');
    expect((await rows()).length).toBe(before + 3);
    for (const riskId of [41, 42, 43]) expect(after.filter((r) => r[au.riskId] === riskId)).toHaveLength(1);
    expect((await verifyAudit(h.sp)).tampered).toBe(false);
  });

  it('waits for a block another writer announced, and fills its places when that writer stopped', async () => {
    await appendAudit(h.sp, [change(1)]);
    const head = (await chainOf('Corporate')).at(-1) as Row;
    // A writer claimed seq n+1 for a block ending at n+3, then stopped before writing the rest.
    const claim = {
      ...storedChainContent(head),
      seq: Number(head[au.seq]) + 1,
      prevHash: String(head[au.hash]),
      key: 'c'.repeat(64),
    };
    const claimed = (await auditItems().add({
      ...auditPayload(claim, await entryHash(claim)),
      [au.blockEnd]: claim.seq + 2,
    })) as Row;
    const other = createSpClient({ siteUrl: h.service.siteUrl, getToken: async () => demoManager.token });
    const started = Date.now();
    await appendAudit(other, [change(2)], { blockWaitMs: 1500 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    const chain = await chainOf('Corporate');
    expect(chain.slice(-3)).toEqual([
      expect.objectContaining({
        [au.seq]: claim.seq + 1,
        [au.field]: '(not written)',
        [au.by]: 'audit chain',
      }),
      expect.objectContaining({ [au.seq]: claim.seq + 2, [au.field]: '(not written)' }),
      expect.objectContaining({ [au.seq]: claim.seq + 3, [au.newValue]: '3' }),
    ]);
    const report = await verifyAudit(h.sp);
    expect(report.findings).toEqual([]);
    expect(report.registers.find((r) => r.register === 'Corporate')?.notWritten.map((n) => n.seq)).toEqual([
      claim.seq + 1,
      claim.seq + 2,
    ]);
    // The stalled writer, had it only been slow, now finds its place filled and says so.
    const late = { ...claim, seq: claim.seq + 1, prevHash: await entryHash(claim), key: 'd'.repeat(64) };
    await expect(
      auditItems().add({ ...auditPayload(late, await entryHash(late)), [au.blockEnd]: claim.seq + 2 }),
    ).rejects.toThrow(/duplicate values/);
    expect(claimed.Id).toBeLessThan(Number(chain.at(-1)?.Id));
  });

  it('finds the head of a register past the list view threshold without filtering on Register', async () => {
    // 6,200 entries in one register: more than SharePoint's 5,000 for any query that filters on it.
    const count = 6200;
    const payloads = [];
    for (let seq = 1; seq <= count; seq++)
      payloads.push({
        Title: `risk 1 Title`,
        [au.register]: 'Big',
        [au.seq]: seq,
        [au.chainKey]: chainKey('Big', seq),
        [au.hash]: seq.toString(16).padStart(64, '0'),
      });
    await addInBatches(direct, ListTitles.audit, payloads);
    const reads = h.requests.length;
    expect(await locateNearHead(h.sp, 'Big')).toBeGreaterThanOrEqual(count - headWindow);
    expect(await readHead(h.sp, 'Big')).toMatchObject({
      seq: count,
      hash: count.toString(16).padStart(64, '0'),
    });
    const queries = h.requests.slice(reads).map((r) => decodeURIComponent(r.url));
    expect(queries.length).toBeLessThan(8);
    expect(queries.some((q) => /Register eq/i.test(q))).toBe(false);
  });

  it('keeps one unbroken chain when two writers in separate processes append at once', async () => {
    const calls = 8;
    const writer = (label: string, token: string) => {
      const child = spawn(
        process.execPath,
        [
          'node_modules/tsx/dist/cli.mjs',
          'tests/sharepoint/audit-appender.ts',
          h.service.siteUrl,
          token,
          'Corporate',
          String(calls),
          label,
        ],
        { env: { PATH: process.env.PATH ?? '' }, stdio: ['pipe', 'pipe', 'inherit'] },
      );
      let out = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('ready')) resolve();
        }),
      );
      const done = new Promise<number>((resolve, reject) =>
        child.on('exit', (code) =>
          code === 0
            ? resolve(Number(/refused (\d+)/.exec(out)?.[1]))
            : reject(new Error(`${label} exited ${code}`)),
        ),
      );
      return { child, ready, done };
    };
    const before = (await chainOf('Corporate')).length;
    const writers = [writer('one', demoService.token), writer('two', demoManager.token)];
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.child.stdin.end('go\n');
    // And a third writer in this process, interleaving with both.
    for (let i = 0; i < calls; i++) await appendAudit(h.sp, [{ ...change(i), version: `here-${i}` }]);
    const refused = await Promise.all(writers.map((w) => w.done));

    const chain = await chainOf('Corporate');
    expect(chain).toHaveLength(before + calls * 2 * 2 + calls);
    expect(chain.map((r) => r[au.seq])).toEqual(chain.map((_, i) => i + 1));
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.[au.prevHash]).toBe(chain[i - 1]?.[au.hash]);
    // The writers did meet: places were taken first by another writer, and the losers moved on.
    expect(refused.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const report = await verifyAudit(h.sp, { register: 'Corporate' });
    expect(report.findings).toEqual([]);
  });
});
