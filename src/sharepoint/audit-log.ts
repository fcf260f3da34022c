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
 * Entries are written one POST at a time, each only after the one before it exists: `$batch` is not
 * transactional ("If any of the child operations fails, the others still complete", Microsoft Learn,
 * "Make batch requests with the REST APIs"), so a batch whose middle part lost its place to another
 * writer would still write the parts after it, pointing at an entry that never existed. A writer that loses a place (a
 * duplicate ChainKey) reads the head again and takes the next one.
 */
import type { SPFI } from '@pnp/sp';
import { knownHead, readHead, rememberHead, serialised, type ChainHead } from './audit-chain';
import {
  auditInstant,
  chainKey,
  entryHash,
  genesisHash,
  idempotencyKey,
  seqDigits,
  type ChainContent,
} from './audit-hash';
import { settleInBatch } from './batch';
import type { Change } from './item-codec';
import type { Actor, AuditEntry } from './ports';
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

/** Appends one register's entries in order, each chained to the one before it. */
async function appendChain(sp: SPFI, register: string, entries: Prepared[]): Promise<void> {
  const au = F.audit;
  let head: ChainHead | undefined = knownHead(sp, register) ?? (await readHead(sp, register));
  for (const { content } of entries) {
    for (let attempt = 1; ; attempt++) {
      const seq = (head?.seq ?? 0) + 1;
      const entry: ChainContent = { ...content, seq, prevHash: head?.hash ?? genesisHash };
      const hash = await entryHash(entry);
      try {
        const added = (await sp.web.lists
          .getByTitle(ListTitles.audit)
          .items.add(auditPayload(entry, hash))) as { Id?: number; ID?: number };
        head = { seq, hash, id: Number(added.Id ?? added.ID) };
        rememberHead(sp, register, head);
        break;
      } catch (err) {
        if (!isDuplicateError(err)) throw err;
      }
      // SharePoint does not say which unique column refused the item: the key tells.
      const existing = await recorded(sp, content.key);
      if (existing) {
        // Already recorded. If it is this very POST (retried after SharePoint wrote it), it is the head now.
        if (String(existing[au.chainKey] ?? '').toLowerCase() === chainKey(register, seq).toLowerCase()) {
          head = { seq, hash: String(existing[au.hash]), id: Number(existing.Id) };
          rememberHead(sp, register, head);
        }
        break;
      }
      if (attempt >= maxPlaceAttempts) {
        throw new Error(
          `Audit chain of register '${register}': seq ${seq} was taken ${attempt} times in a row by other writers.`,
        );
      }
      // Another writer took this place: continue from the head as it is now.
      head = await readHead(sp, register);
    }
  }
}

/** Appends entries; throws a StorageError saying the record was saved but its audit was not. */
export async function appendAudit(sp: SPFI, entries: AuditInput[]): Promise<void> {
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
      await serialised(sp, register, () => appendChain(sp, register, items));
  } catch (err) {
    throw toStorageError(err, { operation, list: ListTitles.audit });
  }
}

/**
 * Audit entries of a risk and its controls, actions, snapshots and review requests, oldest first. Read
 * by risk id: two registers may both have a CRR01.
 */
export async function readAudit(sp: SPFI, riskId: number): Promise<AuditEntry[]> {
  try {
    const items = await readAll(sp, ListTitles.audit, {
      filter: `${F.audit.riskId} eq ${Math.trunc(riskId)}`,
    });
    return items.map(restoreAudit);
  } catch (err) {
    throw toStorageError(err, {
      operation: `read the audit log of risk ${riskId}`,
      list: ListTitles.audit,
    });
  }
}

export { anyOf };
