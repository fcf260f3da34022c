/**
 * The append-only audit log: one item per changed field (who, when, entity, id, field, old -> new,
 * source), hash-chained per register and idempotent.
 *
 * Every entry carries an idempotency key (AuditKey, unique) derived from the change it records, so
 * a POST that is retried, or an append that is run again after a failure, is refused by SharePoint
 * as a duplicate and read as "already recorded". Every entry also takes the next place of its
 * register's chain: AuditSeq, ChainKey `register|seq` (unique, so two writers cannot take one place),
 * PrevHash (the entry before) and EntryHash (SHA-256 of the entry's content, PrevHash and seq;
 * src/sharepoint/audit-hash.ts). `npm run audit -- verify` walks the chains.
 *
 * `$batch` is not transactional ("If any of the child operations fails, the others still complete",
 * Microsoft Learn, "Make batch requests with the REST APIs"): a batch whose first part lost its
 * place to another writer would still write the parts after it, pointing at an entry that never
 * existed. So an append claims its places first: its first entry goes alone and carries BlockEnd,
 * the last seq of the append; a writer that reads a head inside an unfinished block waits for the
 * block's end (audit-chain.ts), and only then are the rest sent in one `$batch`. A writer that loses
 * the claim (a duplicate ChainKey) reads the head again and claims the next place.
 */
import type { SPFI } from '@pnp/sp';
import { blockWaitMs, grouped, knownHead, readHead, rememberHead, type ChainHead } from './audit-chain';
import {
  auditInstant,
  chainKey,
  entryHash,
  genesisHash,
  idempotencyKey,
  notWrittenField,
  seqDigits,
  sha256Hex,
  type ChainContent,
} from './audit-hash';
import { settleInBatch } from './batch';
import type { Change } from './item-codec';
import type { Actor, AuditEntry } from '../ports';
import { F, ListTitles, textMax } from './schema';
import { isDuplicateError, toStorageError } from './errors';
import { anyOf, firstPage, odataString, readAll } from './list-reader';
import { restoreAudit } from './restore';

export type AuditInput = Omit<AuditEntry, 'id' | 'at'> & {
  at?: string;
  /** The register whose chain the entry joins; read from the risk (or settings item) when absent. */
  register?: string;
  /**
   * The change's own identity, part of the idempotency key: the item's ETag after the write (or
   * the one it was deleted at), or a caller's id for one logical change. Absent: the time of the
   * append, which still makes a retried POST of the same append idempotent.
   */
  version?: string;
};

/** Operations per `$batch` request; SharePoint's documented practical ceiling. */
export const batchSize = 100;

/** Note columns hold about 64k characters; audit values beyond that are cut with a marker. */
const maxValue = 60_000;
const cut = (s: string): string => (s.length > maxValue ? `${s.slice(0, maxValue)}… [truncated]` : s);

/** The chain of entries that belong to no register (none should: every entity has one). */
export const noRegister = '(no register)';

/** Builds audit inputs from a diff. */
export function changesToAudit(
  changes: Change[],
  base: {
    entity: AuditEntry['entity'];
    entityId: number;
    /** The risk the entity belongs to (absent for settings); its register names the chain. */
    risk?: { id: number; reference: string; register?: string | undefined };
    /** The register, when there is no risk (settings). */
    register?: string | undefined;
    actor: Actor | string;
    source: AuditEntry['source'];
    /** The item's ETag after the write (see AuditInput.version). */
    version?: string | undefined;
  },
): AuditInput[] {
  const by = typeof base.actor === 'string' ? base.actor : base.actor.email || base.actor.name;
  const register = base.risk?.register ?? base.register;
  return changes.map((c) => ({
    by,
    entity: base.entity,
    entityId: base.entityId,
    ...(base.risk ? { riskId: base.risk.id, riskReference: base.risk.reference } : {}),
    ...(register ? { register } : {}),
    ...(base.version ? { version: base.version } : {}),
    field: c.field,
    oldValue: c.oldValue,
    newValue: c.newValue,
    source: base.source,
  }));
}

/** The ETag of an item as PnPjs returns it, for AuditInput.version. */
export function versionOf(item: Record<string, unknown>): string | undefined {
  const etag = item['odata.etag'];
  return typeof etag === 'string' && etag ? etag : undefined;
}

/** Registers of the risks (and settings items) the entries name, for entries that do not carry one. */
async function resolveRegisters(sp: SPFI, entries: AuditInput[]): Promise<string[]> {
  const riskIds = [
    ...new Set(entries.filter((e) => !e.register && e.riskId !== undefined).map((e) => e.riskId as number)),
  ];
  const settingsIds = [
    ...new Set(
      entries
        .filter((e) => !e.register && e.riskId === undefined && e.entity === 'settings')
        .map((e) => e.entityId),
    ),
  ];
  const byRisk = new Map<number, string>();
  const bySettings = new Map<number, string>();
  const reads = [
    ...riskIds.map((id) => ({ list: ListTitles.risks, id, column: F.risks.register, into: byRisk })),
    ...settingsIds.map((id) => ({
      list: ListTitles.settings,
      id,
      column: F.settings.register,
      into: bySettings,
    })),
  ];
  for (let i = 0; i < reads.length; i += batchSize) {
    const chunk = reads.slice(i, i + batchSize);
    const settled = await settleInBatch(
      sp,
      chunk.map(
        (r) => (s: SPFI) =>
          s.web.lists.getByTitle(r.list).items.getById(r.id).select('Id', r.column)() as Promise<
            Record<string, unknown>
          >,
      ),
      { maxRequests: batchSize },
    );
    settled.forEach((res, n) => {
      const r = chunk[n]!;
      // A risk deleted since (or never there): its entries still go in, on the no-register chain.
      if (res.status === 'fulfilled' && typeof res.value[r.column] === 'string')
        r.into.set(r.id, res.value[r.column] as string);
    });
  }
  return entries.map(
    (e) =>
      e.register ||
      (e.riskId !== undefined ? byRisk.get(e.riskId) : bySettings.get(e.entityId)) ||
      noRegister,
  );
}

type Prepared = { content: Omit<ChainContent, 'seq' | 'prevHash'> };

async function prepare(e: AuditInput, register: string, at: string): Promise<Prepared> {
  const when = auditInstant(e.at ?? at);
  const oldValue = cut(e.oldValue);
  const newValue = cut(e.newValue);
  const key = await idempotencyKey({
    register,
    entity: e.entity,
    entityId: e.entityId,
    field: e.field,
    oldValue,
    newValue,
    version: e.version ?? when,
  });
  return {
    content: {
      register,
      key,
      title: `${e.entity} ${e.entityId} ${e.field}`.slice(0, textMax),
      at: when,
      by: e.by.slice(0, textMax),
      entity: e.entity,
      entityId: e.entityId,
      riskId: e.riskId,
      riskReference: e.riskReference,
      field: e.field,
      oldValue,
      newValue,
      source: e.source,
    },
  };
}

/** The AuditLog item of a chained entry. */
export function auditPayload(c: ChainContent, hash: string): Record<string, unknown> {
  const au = F.audit;
  return {
    [au.title]: c.title,
    [au.at]: c.at,
    [au.by]: c.by,
    [au.entity]: c.entity,
    [au.entityId]: c.entityId,
    [au.riskId]: c.riskId ?? null,
    [au.riskReference]: c.riskReference || null,
    [au.field]: c.field,
    [au.oldValue]: c.oldValue,
    [au.newValue]: c.newValue,
    [au.source]: c.source,
    [au.register]: c.register,
    [au.seq]: c.seq,
    [au.chainKey]: chainKey(c.register, c.seq),
    [au.key]: c.key,
    [au.prevHash]: c.prevHash,
    [au.hash]: hash,
  };
}

/** The stored entry with this idempotency key, if any. */
async function recorded(sp: SPFI, key: string): Promise<Record<string, unknown> | undefined> {
  const page = await firstPage(sp, ListTitles.audit, {
    filter: `${F.audit.key} eq ${odataString(key)}`,
    top: 1,
  });
  return page.value[0];
}

/** Losing a place this many times in a row means something other than a busy register is wrong. */
const maxPlaceAttempts = 50;

type Row = { content: Omit<ChainContent, 'seq' | 'prevHash'>; entry: ChainContent; hash: string };

/** The block's entries chained from `head`: seq, previous hash and hash of each. */
async function chainRows(block: Prepared[], head: ChainHead | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  let prev = head?.hash ?? genesisHash;
  let seq = head?.seq ?? 0;
  for (const { content } of block) {
    const entry: ChainContent = { ...content, seq: ++seq, prevHash: prev };
    const hash = await entryHash(entry);
    rows.push({ content, entry, hash });
    prev = hash;
  }
  return rows;
}

const payloadOfRow = (r: Row, blockEnd: number) => ({
  ...auditPayload(r.entry, r.hash),
  [F.audit.blockEnd]: blockEnd,
});

/** The keys of `block` that the list already holds (one `$batch` of exact lookups). */
async function alreadyRecorded(sp: SPFI, block: Prepared[]): Promise<Set<string>> {
  const settled = await settleInBatch(
    sp,
    block.map(
      ({ content }) =>
        (s: SPFI) =>
          firstPage(s, ListTitles.audit, { filter: `${F.audit.key} eq ${odataString(content.key)}`, top: 1 }),
    ),
    { maxRequests: batchSize },
  );
  const found = new Set<string>();
  settled.forEach((r, i) => {
    if (r.status === 'rejected') throw r.reason;
    if (r.value.value.length) found.add((block[i] as Prepared).content.key);
  });
  return found;
}

/** Whether a refused add of this row is the row itself, written by an earlier try of the same POST. */
async function landedEarlier(sp: SPFI, register: string, row: Row): Promise<'ours' | 'elsewhere' | 'no'> {
  const existing = await recorded(sp, row.content.key);
  if (!existing) return 'no';
  const at = String(existing[F.audit.chainKey] ?? '').toLowerCase();
  return at === chainKey(register, row.entry.seq).toLowerCase() ? 'ours' : 'elsewhere';
}

/**
 * Writes one block: the first entry alone claims the place after the head and announces the
 * block's last seq (BlockEnd), so other writers wait for the block instead of taking places in it;
 * the rest then go in one `$batch`, each at its reserved place.
 */
async function writeBlock(
  sp: SPFI,
  register: string,
  start: ChainHead | undefined,
  entries: Prepared[],
  waitMs: number,
): Promise<ChainHead | undefined> {
  let head = start;
  let block = entries;
  let rows: Row[] = [];
  for (let attempt = 1; block.length; attempt++) {
    rows = await chainRows(block, head);
    const end = (rows.at(-1) as Row).entry.seq;
    const claim = rows[0] as Row;
    try {
      await sp.web.lists.getByTitle(ListTitles.audit).items.add(payloadOfRow(claim, end));
      break;
    } catch (err) {
      if (!isDuplicateError(err)) throw err;
    }
    // SharePoint does not say which unique column refused the item: the key tells.
    const earlier = await landedEarlier(sp, register, claim);
    if (earlier === 'ours') break;
    if (earlier === 'elsewhere') {
      block = block.slice(1);
      continue;
    }
    if (attempt >= maxPlaceAttempts) {
      throw new Error(
        `Audit chain of register '${register}': seq ${claim.entry.seq} was taken ${attempt} times in a row by other writers.`,
      );
    }
    // Another writer took this place: continue from the head as it is now.
    head = await currentHead(sp, register, waitMs);
  }
  if (!block.length) return head;
  const end = (rows.at(-1) as Row).entry.seq;
  const rest = rows.slice(1);
  const settled = await settleInBatch(
    sp,
    rest.map((r) => (s: SPFI) => s.web.lists.getByTitle(ListTitles.audit).items.add(payloadOfRow(r, end))),
    { maxRequests: batchSize },
  );
  for (let i = 0; i < rest.length; i++) {
    const res = settled[i] as PromiseSettledResult<unknown>;
    if (res.status === 'fulfilled') continue;
    const row = rest[i] as Row;
    // The place is reserved for this row: a refusal is the row itself (a retried batch), or a part
    // that failed for another reason, sent again on its own.
    if (isDuplicateError(res.reason)) {
      if ((await landedEarlier(sp, register, row)) === 'ours') continue;
      throw new Error(
        `Audit chain of register '${register}': seq ${row.entry.seq}, reserved by this writer, was filled by another ` +
          'writer that waited too long for it, so the rest of these entries were not written.',
      );
    }
    await sp.web.lists.getByTitle(ListTitles.audit).items.add(payloadOfRow(row, end));
  }
  const last = rows.at(-1) as Row;
  return { seq: last.entry.seq, hash: last.hash };
}

/**
 * Fills the place after a stalled head with an entry saying it was reserved and never written.
 * Derived only from the head and the place, so every writer that fills it writes the same entry:
 * the first one lands, the others are refused as duplicates. The stalled writer, if it was only
 * slow, then finds its place taken and reports its audit as not written (its change is saved).
 */
async function fillReserved(sp: SPFI, register: string, head: ChainHead): Promise<void> {
  const it = head.item ?? {};
  const au = F.audit;
  const seq = head.seq + 1;
  const entity = String(it[au.entity] ?? 'risk');
  const entityId = Number(it[au.entityId] ?? 0);
  const riskId = Number(it[au.riskId]);
  const content: ChainContent = {
    register,
    seq,
    prevHash: head.hash,
    key: await sha256Hex(JSON.stringify(['audit-reserved', register.toLowerCase(), seq, head.hash])),
    title: `${entity} ${entityId} ${notWrittenField}`.slice(0, textMax),
    at: auditInstant(String(it[au.at] ?? '1970-01-01T00:00:00Z')),
    by: 'audit chain',
    entity,
    entityId,
    riskId: Number.isFinite(riskId) ? riskId : undefined,
    riskReference: typeof it[au.riskReference] === 'string' ? (it[au.riskReference] as string) : undefined,
    field: notWrittenField,
    oldValue: '',
    newValue: `Place reserved by the append that wrote entry ${head.id ?? '?'} (seq ${head.seq}); its writer stopped before writing it.`,
    source: String(it[au.source] ?? 'tab'),
  };
  try {
    await sp.web.lists
      .getByTitle(ListTitles.audit)
      .items.add({ ...auditPayload(content, await entryHash(content)), [au.blockEnd]: head.blockEnd });
  } catch (err) {
    // Filled by another writer, or written at last by its own: either way the place is taken.
    if (!isDuplicateError(err)) throw err;
  }
}

/** The head to append after: waits for an unfinished block, and fills its places if it stalled. */
async function currentHead(sp: SPFI, register: string, waitMs: number): Promise<ChainHead | undefined> {
  let head = await readHead(sp, register, waitMs);
  while (head?.stalled) {
    await fillReserved(sp, register, head);
    head = await readHead(sp, register, 0);
  }
  return head;
}

/** Appends one register's entries in order, chained, in blocks of up to a `$batch`. */
async function appendChain(sp: SPFI, register: string, entries: Prepared[], waitMs: number): Promise<void> {
  // A rerun of an append writes only what is not recorded yet; one entry finds out from its own POST.
  const known = entries.length > 1 ? await alreadyRecorded(sp, entries) : new Set<string>();
  const pending = entries.filter((e) => !known.has(e.content.key));
  let head: ChainHead | undefined = knownHead(sp, register) ?? (await currentHead(sp, register, waitMs));
  for (let i = 0; i < pending.length; i += batchSize) {
    head = await writeBlock(sp, register, head, pending.slice(i, i + batchSize), waitMs);
    if (head) rememberHead(sp, register, head);
  }
}

/** Appends entries; throws a StorageError saying the record was saved but its audit was not. */
export async function appendAudit(
  sp: SPFI,
  entries: AuditInput[],
  options: { blockWaitMs?: number } = {},
): Promise<void> {
  if (!entries.length) return;
  const at = auditInstant(new Date());
  const first = entries[0];
  const operation = `write the audit entries for ${first?.entity} ${first?.entityId} (the change itself was saved)`;
  try {
    const registers = await resolveRegisters(sp, entries);
    const groups = new Map<string, { register: string; items: Prepared[] }>();
    for (let i = 0; i < entries.length; i++) {
      const register = registers[i] as string;
      if (register.length > textMax - seqDigits - 1)
        throw new Error(`Register name '${register.slice(0, 40)}…' is too long for the audit chain key.`);
      if (register.includes('|'))
        throw new Error(`Register name '${register}' contains '|', which the audit chain key reserves.`);
      const k = register.toLowerCase();
      const group = groups.get(k) ?? { register, items: [] };
      group.items.push(await prepare(entries[i] as AuditInput, group.register, at));
      groups.set(k, group);
    }
    for (const { register, items } of groups.values())
      await grouped(sp, register, items, (all) =>
        appendChain(sp, register, all, options.blockWaitMs ?? blockWaitMs),
      );
  } catch (err) {
    throw toStorageError(err, { operation, list: ListTitles.audit });
  }
}

/**
 * The field of an entry that records a whole card answer in one item (one chained append per
 * answer): its new value is a JSON array of the answer's changes, each with its entity.
 */
export const answerAuditField = '(answer)';

export type AnswerAuditChange = Pick<AuditEntry, 'entity' | 'entityId' | 'field' | 'oldValue' | 'newValue'>;

/** An answer entry as the changes it records, one entry each (any other entry as it is). */
export function expandAnswerAudit(entry: AuditEntry): AuditEntry[] {
  if (entry.field !== answerAuditField) return [entry];
  let changes: unknown;
  try {
    changes = JSON.parse(entry.newValue);
  } catch {
    return [entry];
  }
  if (!Array.isArray(changes)) return [entry];
  return (changes as AnswerAuditChange[]).map((c) => ({
    ...entry,
    entity: c.entity,
    entityId: c.entityId,
    field: String(c.field),
    oldValue: String(c.oldValue ?? ''),
    newValue: String(c.newValue ?? ''),
  }));
}

/**
 * Audit entries of a risk and its controls, actions, snapshots and review requests, oldest first. Read
 * by risk id: two registers may both have a CRR01. An answer's one entry is read as its changes.
 */
export async function readAudit(sp: SPFI, riskId: number): Promise<AuditEntry[]> {
  try {
    const items = await readAll(sp, ListTitles.audit, {
      filter: `${F.audit.riskId} eq ${Math.trunc(riskId)}`,
    });
    return items.map(restoreAudit).flatMap(expandAnswerAudit);
  } catch (err) {
    throw toStorageError(err, {
      operation: `read the audit log of risk ${riskId}`,
      list: ListTitles.audit,
    });
  }
}

export { anyOf };
