/**
 * Finding the head of a register's audit chain without crossing the list view threshold. The
 * AuditLog grows past 5,000 entries per register, and SharePoint refuses a query whose indexed
 * filter matches more than the threshold ("Manage large lists"), so the head is never read with
 * `Register eq 'x' orderby seq desc`, nor with a ChainKey range (its first clause, `ChainKey ge …`,
 * would match every later register's keys too). Every query is an exact probe of the unique
 * ChainKey (`ChainKey eq 'Corporate|0000000512'`, one item at most), sent 32 or so per `$batch`:
 * - doubling, then evenly spaced probes per round, find a seq that exists within 32 of the head;
 * - probing the 32 places after a known seq then finds the head itself (a place left empty inside
 *   those 32, by a deletion, does not stop the search).
 * A process remembers the last head it wrote or read per register and appends after it without
 * reading: if another writer got there first, the unique ChainKey refuses the write and the head is
 * read again, probing from the remembered seq.
 */
import type { SPFI } from '@pnp/sp';
import { chainKey, seqDigits } from './audit-hash';
import { settleInBatch } from './batch';
import { firstPage, odataString } from './list-reader';
import { F, ListTitles } from './schema';

export type ChainHead = {
  seq: number;
  hash: string;
  id?: number;
  /** The last seq of the block this entry was written in (absent on entries of one). */
  blockEnd?: number;
  /** The block's writer did not finish within the wait: its places are to be filled. */
  stalled?: boolean;
  /** The entry as read (a stalled head's places are filled with entries derived from it). */
  item?: Record<string, unknown>;
};

/** How long a writer waits for another writer's unfinished block before passing it (it died mid-block). */
export const blockWaitMs = 30_000;
/** A block is one `$batch` at most; a larger BlockEnd was not written by this app and is ignored. */
const maxBlock = 100;

const au = F.audit;

/** Probes per `$batch` (SharePoint's practical ceiling is about 100 operations), and how close to the head a search narrows. */
const probesPerRound = 32;
export const headWindow = probesPerRound;
const maxSeq = 10 ** seqDigits - 1;

type Found = { Id: number; [k: string]: unknown };

function toHead(item: Found | undefined): ChainHead | undefined {
  if (!item) return undefined;
  const seq = Number(item[au.seq]);
  const hash = item[au.hash];
  if (!Number.isInteger(seq) || typeof hash !== 'string') return undefined;
  const blockEnd = Number(item[au.blockEnd]);
  return {
    seq,
    hash,
    id: Number(item.Id),
    item,
    ...(Number.isInteger(blockEnd) && blockEnd > seq && blockEnd - seq < maxBlock ? { blockEnd } : {}),
  };
}

/** The entry at one exact place of the chain, if there is one. */
export async function entryAt(sp: SPFI, register: string, seq: number): Promise<ChainHead | undefined> {
  const page = await firstPage(sp, ListTitles.audit, {
    filter: `${au.chainKey} eq ${odataString(chainKey(register, seq))}`,
    top: 1,
  });
  return toHead(page.value[0] as Found | undefined);
}

/** The entries at the given places, in one `$batch` of exact ChainKey lookups. */
async function probe(sp: SPFI, register: string, seqs: number[]): Promise<Map<number, ChainHead>> {
  const settled = await settleInBatch(
    sp,
    seqs.map(
      (seq) => (s: SPFI) =>
        firstPage(s, ListTitles.audit, {
          filter: `${au.chainKey} eq ${odataString(chainKey(register, seq))}`,
          top: 1,
        }),
    ),
    { maxRequests: 100 },
  );
  const found = new Map<number, ChainHead>();
  settled.forEach((r, i) => {
    if (r.status === 'rejected') throw r.reason;
    const head = toHead(r.value.value[0] as Found | undefined);
    if (head) found.set(seqs[i] as number, head);
  });
  return found;
}

async function existing(sp: SPFI, register: string, seqs: number[]): Promise<Set<number>> {
  return new Set((await probe(sp, register, seqs)).keys());
}

/** The highest-seq entry of a register at or after `fromSeq` (a seq known to be near the head). */
export async function headFrom(sp: SPFI, register: string, fromSeq: number): Promise<ChainHead | undefined> {
  let from = Math.max(0, fromSeq);
  let best: ChainHead | undefined;
  for (;;) {
    const seqs = Array.from({ length: probesPerRound + 1 }, (_, i) => from + i).filter((n) => n >= 1);
    const found = await probe(sp, register, seqs);
    const top = Math.max(0, ...found.keys());
    if (!top) return best;
    best = found.get(top);
    // The last place probed is taken: the head may be further on.
    if (top < from + probesPerRound) return best;
    from = top;
  }
}

/**
 * A seq that exists (0 when the register has no chained entry) with the head at most `headWindow`
 * above it, found with exact probes only. A deleted entry can mislead the probes into a lower seq;
 * the append then meets the next entry as a duplicate and moves on from there.
 */
export async function locateNearHead(sp: SPFI, register: string): Promise<number> {
  const doubling: number[] = [];
  for (let s = 1; s <= maxSeq; s *= 2) doubling.push(s);
  const hit = await existing(sp, register, doubling);
  let lo = 0;
  let hi = 1;
  for (const s of doubling) {
    if (!hit.has(s)) {
      hi = s;
      break;
    }
    lo = s;
    hi = Math.min(maxSeq, s * 2);
  }
  while (hi - lo > headWindow) {
    const step = Math.ceil((hi - lo) / (probesPerRound + 1));
    const probes: number[] = [];
    for (let s = lo + step; s < hi; s += step) probes.push(s);
    const found = await existing(sp, register, probes);
    const next = probes.find((s) => !found.has(s));
    const below = probes.filter((s) => found.has(s) && (next === undefined || s < next));
    lo = below.length ? (below[below.length - 1] as number) : lo;
    hi = next ?? hi;
  }
  return lo;
}

/** Last head written or read per site and register in this process. */
const hints = new Map<string, ChainHead>();
const hintKey = (sp: SPFI, register: string): string => `${sp.web.toUrl()}|${register.toLowerCase()}`;

export function rememberHead(sp: SPFI, register: string, head: ChainHead): void {
  hints.set(hintKey(sp, register), head);
}

/** The head this process last wrote or read (a guess: another writer may have moved on since). */
export function knownHead(sp: SPFI, register: string): ChainHead | undefined {
  return hints.get(hintKey(sp, register));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The register's chain head as it is now, read from the list (undefined: no chained entry yet).
 * When the highest entry is inside another writer's unfinished block, waits for the block's last
 * entry; after `waitMs` returns the head marked `stalled`, for the caller to fill the places.
 */
export async function readHead(
  sp: SPFI,
  register: string,
  waitMs = blockWaitMs,
): Promise<ChainHead | undefined> {
  const hint = knownHead(sp, register);
  // Nothing at or after the remembered seq means entries were deleted or the list replaced: look again.
  let head =
    (hint && (await headFrom(sp, register, hint.seq))) ||
    (await headFrom(sp, register, await locateNearHead(sp, register)));
  const deadline = Date.now() + waitMs;
  for (let delay = 20; head?.blockEnd !== undefined; delay = Math.min(delay * 2, 500)) {
    if (Date.now() >= deadline) return { ...head, stalled: true };
    await sleep(delay);
    head = (await headFrom(sp, register, head.seq)) ?? head;
  }
  if (head) rememberHead(sp, register, head);
  return head;
}

/** Runs `task` after every earlier task of the same site and register in this process has finished. */
const queues = new Map<string, Promise<unknown>>();
export function serialised<T>(sp: SPFI, register: string, task: () => Promise<T>): Promise<T> {
  const k = hintKey(sp, register);
  const run = (queues.get(k) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(k, tail);
  void tail.then(() => {
    if (queues.get(k) === tail) queues.delete(k);
  });
  return run;
}

/**
 * Group commit: appends that arrive for a register while an earlier one is being written join one
 * group, written together when its turn comes (one block: a claim and one `$batch`), instead of a
 * round trip each behind one another. Each caller's promise settles with its group.
 */
const forming = new Map<string, { items: unknown[]; done: Promise<void> }>();
export function grouped<T>(
  sp: SPFI,
  register: string,
  items: T[],
  write: (all: T[]) => Promise<void>,
): Promise<void> {
  const k = hintKey(sp, register);
  const open = forming.get(k) as { items: T[]; done: Promise<void> } | undefined;
  if (open) {
    open.items.push(...items);
    return open.done;
  }
  const group: { items: T[]; done: Promise<void> } = { items: [...items], done: Promise.resolve() };
  forming.set(k, group);
  group.done = serialised(sp, register, async () => {
    // Its turn: nothing more joins it; later appends form the next group.
    if (forming.get(k) === group) forming.delete(k);
    await write(group.items);
  });
  return group.done;
}
