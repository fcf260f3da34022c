/**
 * The audit chain's arithmetic: the canonical text of an entry, its SHA-256, the idempotency key of
 * a change and the chain key `register|seq`. Shared by the append path and `npm run audit -- verify`,
 * so both hash exactly the same text. SHA-256 comes from Web Crypto (`crypto.subtle`), which Node 20
 * and every browser the tab supports provide (browsers only in a secure context: HTTPS or localhost,
 * which is where the tab runs).
 */

/** The previous hash of a register's first entry. */
export const genesisHash = '0'.repeat(64);

/** Bumped if the canonical form ever changes; part of every hashed text, so old entries stay checkable. */
export const chainFormat = 'audit-v1';

/** The field of an entry that fills a place its writer reserved and never wrote (audit-log.ts). */
export const notWrittenField = '(not written)';

/** Digits of the sequence number in the chain key, so keys of one register sort in seq order. */
export const seqDigits = 10;

/** What an entry records, as it is stored (and read back) in the AuditLog list. */
export type ChainContent = {
  register: string;
  seq: number;
  prevHash: string;
  key: string;
  title: string;
  at: string;
  by: string;
  entity: string;
  entityId: number;
  riskId?: number | undefined;
  riskReference?: string | undefined;
  field: string;
  oldValue: string;
  newValue: string;
  source: string;
};

/**
 * A timestamp as SharePoint gives a DateTime column back: UTC to the second (`…T10:00:00Z`). Entries
 * are stored in this form so the hash computed before the write matches what verify reads.
 */
export function auditInstant(value: string | Date): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`Audit time '${String(value)}' is not a date.`);
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function subtle(): SubtleCrypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (!c?.subtle) {
    throw new Error(
      'Web Crypto (crypto.subtle) is not available, so audit entries cannot be hashed. ' +
        'Open the tab over HTTPS (or localhost), or run on Node 20 or later.',
    );
  }
  return c.subtle;
}

/** Lower-case hex SHA-256 of the UTF-8 text. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await subtle().digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The text an entry's hash is taken over: a JSON array in a fixed order (JSON escapes every value). */
export function canonicalText(e: ChainContent): string {
  return JSON.stringify([
    chainFormat,
    e.register,
    e.seq,
    e.prevHash,
    e.key,
    e.title,
    auditInstant(e.at),
    e.by,
    e.entity,
    e.entityId,
    e.riskId ?? null,
    e.riskReference || null,
    e.field,
    e.oldValue,
    e.newValue,
    e.source,
  ]);
}

/** The entry's own hash. */
export function entryHash(e: ChainContent): Promise<string> {
  return sha256Hex(canonicalText(e));
}

/** The unique `register|seq` key that stops two writers taking the same place in a register's chain. */
export function chainKey(register: string, seq: number): string {
  return `${register}|${String(seq).padStart(seqDigits, '0')}`;
}

/**
 * The idempotency key of one recorded change: the same change recorded twice (a retried POST, or a
 * caller that runs again after a failure) has the same key, which the list holds only once. The
 * change's own version (the item's ETag after the write, or the time when the caller has none)
 * tells apart two changes that happen to record the same values.
 */
export function idempotencyKey(change: {
  register: string;
  entity: string;
  entityId: number;
  field: string;
  oldValue: string;
  newValue: string;
  version: string;
}): Promise<string> {
  return sha256Hex(
    JSON.stringify([
      chainFormat,
      change.register.toLowerCase(),
      change.entity,
      change.entityId,
      change.field,
      change.oldValue,
      change.newValue,
      change.version,
    ]),
  );
}
