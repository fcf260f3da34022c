/**
 * The append-only audit log: one item per changed field (who, when, entity, id, field, old -> new,
 * source). Appends go in `$batch`es of 100 (SharePoint's practical ceiling per batch).
 */
import { settleInBatch } from './batch';
import type { SPFI } from '@pnp/sp';
import type { Change } from './item-codec';
import type { Actor, AuditEntry } from './ports';
import { F, ListTitles } from './schema';
import { toStorageError } from './errors';
import { anyOf, readAll } from './list-reader';
import { restoreAudit } from './restore';

export type AuditInput = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

/** Operations per `$batch` request; SharePoint's documented practical ceiling. */
export const batchSize = 100;

/** Note columns hold about 64k characters; audit values beyond that are cut with a marker. */
const maxValue = 60_000;
const cut = (s: string): string => (s.length > maxValue ? `${s.slice(0, maxValue)}… [truncated]` : s);

/** Builds audit inputs from a diff. */
export function changesToAudit(
  changes: Change[],
  base: {
    entity: AuditEntry['entity'];
    entityId: number;
    /** The risk the entity belongs to (absent for settings). */
    risk?: { id: number; reference: string };
    actor: Actor | string;
    source: AuditEntry['source'];
  },
): AuditInput[] {
  const by = typeof base.actor === 'string' ? base.actor : base.actor.email || base.actor.name;
  return changes.map((c) => ({
    by,
    entity: base.entity,
    entityId: base.entityId,
    ...(base.risk ? { riskId: base.risk.id, riskReference: base.risk.reference } : {}),
    field: c.field,
    oldValue: c.oldValue,
    newValue: c.newValue,
    source: base.source,
  }));
}

/** Appends entries; throws a StorageError saying the record was saved but its audit was not. */
export async function appendAudit(sp: SPFI, entries: AuditInput[]): Promise<void> {
  const au = F.audit;
  const at = new Date().toISOString();
  for (let i = 0; i < entries.length; i += batchSize) {
    const chunk = entries.slice(i, i + batchSize);
    const adds = chunk.map(
      (e) => (s: SPFI) =>
        s.web.lists.getByTitle(ListTitles.audit).items.add({
          [au.title]: `${e.entity} ${e.entityId} ${e.field}`.slice(0, 255),
          [au.at]: e.at ?? at,
          [au.by]: e.by.slice(0, 255),
          [au.entity]: e.entity,
          [au.entityId]: e.entityId,
          [au.riskId]: e.riskId ?? null,
          [au.riskReference]: e.riskReference ?? null,
          [au.field]: e.field,
          [au.oldValue]: cut(e.oldValue),
          [au.newValue]: cut(e.newValue),
          [au.source]: e.source,
        }),
    );
    try {
      const settled = await settleInBatch(sp, adds, { maxRequests: batchSize });
      const failed = settled.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (err) {
      throw toStorageError(err, {
        operation: `write the audit entries for ${chunk[0]?.entity} ${chunk[0]?.entityId} (the change itself was saved)`,
        list: ListTitles.audit,
      });
    }
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
