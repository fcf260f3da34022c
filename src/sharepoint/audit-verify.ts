/**
 * Checking the audit chains (`npm run audit -- verify`). The whole AuditLog is read by item id in
 * pages of 5,000 (never filtered by register: a register's entries pass the list view threshold),
 * grouped by register and walked in seq order:
 * - edited: an entry's content no longer gives its EntryHash, or its hash was recomputed after an
 *   edit so the next entry's PrevHash no longer matches it;
 * - deleted: a seq with no entry (a gap), reported with the entries either side;
 * - inserted: a second entry claiming a seq another entry holds, an entry whose PrevHash fits no
 *   entry before it, or an entry without chain fields added after the chain began;
 * - unchained: entries written before the chain existed (schema 1), not counted as tampering.
 * A hash chain cannot show entries removed from its end, or entries added at its end by someone who
 * can write the list and computes the hashes: record the head each report prints, and check it later
 * with `--head`. People hold Read on the list, so only the service can write it (README).
 */
import type { SPFI } from '@pnp/sp';
import {
  auditInstant,
  chainKey,
  entryHash,
  genesisHash,
  notWrittenField,
  type ChainContent,
} from './audit-hash';
import { toStorageError } from './errors';
import { readAll } from './list-reader';
import type { Item } from './restore';
import { F, ListTitles } from './schema';

export type FindingKind = 'edited' | 'deleted' | 'inserted';

export type Finding = {
  kind: FindingKind;
  /** The register whose chain it breaks ('' when the entry names none). */
  register: string;
  /** The entry at fault (absent for deleted entries: they are gone). */
  entryId?: number;
  /** Its place in the chain; for deleted entries the first missing seq. */
  seq?: number;
  /** Deleted entries: the last missing seq, and the entries either side of the gap. */
  toSeq?: number;
  afterEntryId?: number;
  beforeEntryId?: number;
  /** What the entry says now: when it was written, by whom, and which change. */
  at?: string;
  by?: string;
  change?: string;
  reason: string;
};

export type ChainSummary = {
  register: string;
  entries: number;
  /** The last entry: an auditor records it to check later that nothing was removed from the end. */
  head?: { seq: number; hash: string; entryId: number; at: string };
  /** Places a writer reserved and never wrote, filled by the next writer (not tampering; those changes are unaudited). */
  notWritten: { seq: number; entryId: number }[];
  findings: Finding[];
};

export type VerifyReport = {
  entriesRead: number;
  registers: ChainSummary[];
  /** Entries written before the chain began (no hash): not tampering, but not protected either. */
  unchained: { count: number; entryIds: number[] };
  findings: Finding[];
  tampered: boolean;
};

export type VerifyOptions = {
  /** Check only this register's chain (case-insensitive); unchained entries are listed either way. */
  register?: string;
  /** Heads recorded earlier, `{ register, seq, hash }`: each must still be in its chain, unchanged. */
  heads?: { register: string; seq: number; hash: string }[];
};

type Entry = {
  id: number;
  register?: string;
  seq?: number;
  chainKey?: string;
  prevHash?: string;
  hash?: string;
  key?: string;
  content: Omit<ChainContent, 'register' | 'seq' | 'prevHash' | 'key'>;
};

const au = F.audit;
const text = (v: unknown): string => (typeof v === 'string' ? v : v == null ? '' : String(v));
const opt = (v: unknown): string | undefined => (text(v) ? text(v) : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

function instant(v: unknown): string {
  try {
    return auditInstant(text(v));
  } catch {
    return text(v);
  }
}

/**
 * An entry read as it is stored. Not through restoreAudit: that one mends unknown choices for the
 * tab, which here would hide an edit.
 */
function toEntry(item: Item): Entry {
  const riskId = num(item[au.riskId]);
  const entry: Entry = {
    id: Number(item.Id),
    content: {
      title: text(item[au.title]),
      at: instant(item[au.at]),
      by: text(item[au.by]),
      entity: text(item[au.entity]),
      entityId: num(item[au.entityId]) ?? 0,
      riskId,
      riskReference: opt(item[au.riskReference]),
      field: text(item[au.field]),
      oldValue: text(item[au.oldValue]),
      newValue: text(item[au.newValue]),
      source: text(item[au.source]),
    },
  };
  const register = opt(item[au.register]);
  const seq = num(item[au.seq]);
  const fields = {
    register,
    seq,
    chainKey: opt(item[au.chainKey]),
    prevHash: opt(item[au.prevHash]),
    hash: opt(item[au.hash]),
    key: opt(item[au.key]),
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) Object.assign(entry, { [k]: v });
  return entry;
}

/** What an AuditLog item records, as its hash is computed (missing chain columns as empty). */
export function storedChainContent(item: Item): ChainContent {
  const e = toEntry(item);
  return {
    ...e.content,
    register: e.register ?? '',
    seq: e.seq ?? 0,
    prevHash: e.prevHash ?? '',
    key: e.key ?? '',
  };
}

const isUnchained = (e: Entry): boolean =>
  e.register === undefined &&
  e.seq === undefined &&
  e.chainKey === undefined &&
  e.prevHash === undefined &&
  e.hash === undefined &&
  e.key === undefined;

function describe(e: Entry): Pick<Finding, 'entryId' | 'at' | 'by' | 'change'> {
  const c = e.content;
  const on = c.riskReference ? ` of ${c.riskReference}` : '';
  return {
    entryId: e.id,
    at: c.at,
    by: c.by,
    change: `${c.entity} ${c.entityId}${on}, ${c.field}: '${short(c.oldValue)}' -> '${short(c.newValue)}'`,
  };
}
const short = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s).replace(/\s+/g, ' ');

async function selfHashOk(e: Entry): Promise<boolean> {
  if (e.register === undefined || e.seq === undefined || !e.hash) return false;
  const recomputed = await entryHash({
    ...e.content,
    register: e.register,
    seq: e.seq,
    prevHash: e.prevHash ?? '',
    key: e.key ?? '',
  });
  return recomputed === e.hash;
}

/** Walks one register's chain; `entries` all carry this register. */
async function walkChain(register: string, entries: Entry[]): Promise<ChainSummary> {
  const findings: Finding[] = [];
  const valid = new Map<number, boolean>();
  for (const e of entries) valid.set(e.id, await selfHashOk(e));
  const bySeq = new Map<number, Entry[]>();
  for (const e of entries) {
    if (e.seq === undefined || !Number.isInteger(e.seq) || e.seq < 1) {
      findings.push({
        kind: 'edited',
        register,
        ...describe(e),
        reason: `its place in the chain (AuditSeq '${e.seq ?? ''}') was removed or is not a whole number from 1`,
      });
      continue;
    }
    bySeq.set(e.seq, [...(bySeq.get(e.seq) ?? []), e]);
  }
  const maxSeq = Math.max(0, ...bySeq.keys());
  let prev: { hash: string; entry?: Entry } | undefined = { hash: genesisHash };
  let gapStart: number | undefined;
  let lastHeld: Entry | undefined;
  let head: ChainSummary['head'];
  const notWritten: ChainSummary['notWritten'] = [];
  for (let seq = 1; seq <= maxSeq; seq++) {
    const candidates = (bySeq.get(seq) ?? []).sort((a, b) => a.id - b.id);
    if (!candidates.length) {
      gapStart ??= seq;
      prev = undefined;
      continue;
    }
    const next = bySeq.get(seq + 1) ?? [];
    const score = (c: Entry): number =>
      (valid.get(c.id) ? 4 : 0) +
      (prev && c.prevHash === prev.hash ? 2 : 0) +
      (next.some((n) => n.prevHash === c.hash) ? 1 : 0);
    const holder = candidates.reduce((best, c) => (score(c) > score(best) ? c : best));
    if (gapStart !== undefined) {
      const count = seq - gapStart;
      findings.push({
        kind: 'deleted',
        register,
        seq: gapStart,
        toSeq: seq - 1,
        ...(lastHeld ? { afterEntryId: lastHeld.id } : {}),
        beforeEntryId: holder.id,
        reason:
          `${count === 1 ? `seq ${gapStart} has` : `seq ${gapStart}-${seq - 1} (${count} entries) have`} no entry: ` +
          `deleted between ${lastHeld ? `entry ${lastHeld.id} (seq ${gapStart - 1})` : 'the start of the chain'} ` +
          `and entry ${holder.id} (seq ${seq})`,
      });
      gapStart = undefined;
    }
    for (const c of candidates) {
      if (c === holder) continue;
      findings.push({
        kind: 'inserted',
        register,
        seq,
        ...describe(c),
        reason: `a second entry claims seq ${seq}, which entry ${holder.id} holds`,
      });
    }
    if (!valid.get(holder.id)) {
      findings.push({
        kind: 'edited',
        register,
        seq,
        ...describe(holder),
        reason:
          'its content no longer matches the hash it was written with (SharePoint version history of the item may show the earlier values)',
      });
    } else if (holder.chainKey?.toLowerCase() !== chainKey(holder.register ?? register, seq).toLowerCase()) {
      findings.push({
        kind: 'edited',
        register,
        seq,
        ...describe(holder),
        reason: `its ChainKey '${holder.chainKey ?? ''}' does not match its register and seq`,
      });
    }
    if (prev && holder.prevHash !== prev.hash) {
      if (prev.entry && valid.get(prev.entry.id)) {
        findings.push({
          kind: 'edited',
          register,
          seq: seq - 1,
          ...describe(prev.entry),
          reason: `entry ${holder.id} (seq ${seq}) recorded a different hash for it: it was edited and its hash recomputed, or replaced`,
        });
      } else if (!prev.entry) {
        findings.push({
          kind: 'inserted',
          register,
          seq,
          ...describe(holder),
          reason: 'it claims the first place of the chain but does not start from the genesis hash',
        });
      }
    }
    if (holder.content.field === notWrittenField && valid.get(holder.id))
      notWritten.push({ seq, entryId: holder.id });
    prev = { hash: holder.hash ?? '', entry: holder };
    lastHeld = holder;
    head = { seq, hash: holder.hash ?? '', entryId: holder.id, at: holder.content.at };
  }
  return { register, entries: entries.length, ...(head ? { head } : {}), notWritten, findings };
}

/** Checks entries read from the AuditLog (any order). Pure apart from hashing. */
export async function analyseAudit(items: Item[], options: VerifyOptions = {}): Promise<VerifyReport> {
  const entries = items.map(toEntry).sort((a, b) => a.id - b.id);
  const unchained = entries.filter(isUnchained);
  const chained = entries.filter((e) => !isUnchained(e));
  const firstChained = chained[0];
  const findings: Finding[] = [];
  const legacy: number[] = [];
  for (const e of unchained) {
    if (firstChained && e.id > firstChained.id) {
      findings.push({
        kind: 'inserted',
        register: '',
        ...describe(e),
        reason:
          `it has no place in any chain but was added after the chain began (entry ${firstChained.id}): ` +
          'written over REST by hand, or by a version of the app from before the chain',
      });
    } else legacy.push(e.id);
  }
  const groups = new Map<string, { register: string; entries: Entry[] }>();
  for (const e of chained) {
    const register = e.register ?? '';
    const k = register.toLowerCase();
    const g = groups.get(k) ?? { register, entries: [] };
    g.entries.push(e);
    groups.set(k, g);
  }
  const wanted = options.register?.toLowerCase();
  const registers: ChainSummary[] = [];
  for (const [k, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    if (wanted !== undefined && k !== wanted) continue;
    registers.push(await walkChain(g.register, g.entries));
  }
  if (wanted !== undefined && !registers.length)
    registers.push({ register: options.register as string, entries: 0, notWritten: [], findings: [] });
  for (const anchor of options.heads ?? []) {
    const summary = registers.find((r) => r.register.toLowerCase() === anchor.register.toLowerCase());
    const at = groups
      .get(anchor.register.toLowerCase())
      ?.entries.filter((e) => e.seq === anchor.seq && e.hash === anchor.hash);
    if (!at?.length) {
      const finding: Finding = {
        kind: (summary?.head?.seq ?? 0) < anchor.seq ? 'deleted' : 'edited',
        register: anchor.register,
        seq: anchor.seq,
        reason:
          (summary?.head?.seq ?? 0) < anchor.seq
            ? `the chain ends at seq ${summary?.head?.seq ?? 0}, before the recorded head (seq ${anchor.seq}): entries were removed from its end`
            : `no entry at seq ${anchor.seq} has the recorded hash ${anchor.hash.slice(0, 12)}…: the chain was rewritten up to there`,
      };
      if (summary) summary.findings.push(finding);
      else findings.push(finding);
    }
  }
  for (const r of registers) findings.push(...r.findings);
  return {
    entriesRead: entries.length,
    registers,
    unchained: { count: legacy.length, entryIds: legacy },
    findings,
    tampered: findings.length > 0,
  };
}

/** Reads the whole AuditLog (by id, 5,000 a page) and checks it. */
export async function verifyAudit(sp: SPFI, options: VerifyOptions = {}): Promise<VerifyReport> {
  let items: Item[];
  try {
    items = await readAll(sp, ListTitles.audit);
  } catch (err) {
    throw toStorageError(err, { operation: 'read the audit log', list: ListTitles.audit });
  }
  return analyseAudit(items, options);
}
