/**
 * The register's write rules, as the review service enforces them for every write it makes on a
 * caller's behalf. Each refusal names its rule, so a 403 says which rule and what to do. The roles:
 *
 * - manager: a member of the register's managers SharePoint group (read with the service's identity);
 *   changes risks, controls, actions, settings and people, and imports.
 * - owner / delegate: named on a risk; records that risk's period review (rating and comment).
 * - action owner: named on an action; updates that action's status, progress and progress note. The
 *   risk's own owners and delegates may update the progress of the risk's actions too.
 * - everyone else (read-only members included): reads only.
 *
 * Nobody changes a past period's snapshot or the audit log: the API has no way to, and people hold
 * only Read on the lists, so SharePoint itself refuses a direct write.
 */
import type { Period, Person, RiskAction } from '../domain/types';
import type { Actor, AuditSource, StoredRisk } from '../ports';

/** The caller as the service resolved them: site user, and whether they manage the register. */
export type ApiCaller = {
  actor: Actor;
  /** Entra object id from the validated token. */
  objectId: string;
  manager: boolean;
};

export type RuleName =
  | 'managers-only'
  | 'own-risk-review'
  | 'own-action-progress'
  | 'past-snapshots-frozen'
  | 'source-not-allowed'
  | 'site-user-required';

export type Decision = { allowed: true } | { allowed: false; rule: RuleName; message: string };

const allowed: Decision = { allowed: true };

export function refuse(rule: RuleName, message: string): Decision {
  return { allowed: false, rule, message };
}

/** The same person: by site user id, else by e-mail (case-insensitive). */
export function isPerson(actor: Actor, p: Person): boolean {
  if (p.id !== undefined && p.id === actor.id) return true;
  return !!p.email && !!actor.email && p.email.toLowerCase() === actor.email.toLowerCase();
}

/** Managers only: risks, controls, actions as a whole, settings, site users, import. */
export function managersOnly(caller: ApiCaller, what: string, managerGroup: string): Decision {
  return caller.manager
    ? allowed
    : refuse(
        'managers-only',
        `Only register managers can ${what}. ${caller.actor.name} is not a member of the SharePoint group ` +
          `"${managerGroup}"; ask the site owner to add you if you manage the register.`,
      );
}

/** Sources a caller of the API may claim: the tab for everyone, import for managers. */
export function checkSource(caller: ApiCaller, source: AuditSource, managerGroup: string): Decision {
  if (source === 'tab') return allowed;
  if (source === 'import') return managersOnly(caller, 'import a register', managerGroup);
  return refuse(
    'source-not-allowed',
    `Audit source "${source}" is the review service's own (cards, scheduler, provisioning); the API accepts "tab" or "import".`,
  );
}

/** Recording a risk's period review: managers, or the risk's owners and delegates. */
export function canRecordReview(caller: ApiCaller, risk: StoredRisk): Decision {
  if (caller.manager) return allowed;
  if ([...risk.owners, ...risk.delegates].some((p) => isPerson(caller.actor, p))) return allowed;
  return refuse(
    'own-risk-review',
    `Only the owners and delegates of ${risk.reference} (and register managers) can record its review; ` +
      `${caller.actor.name} is neither.`,
  );
}

/**
 * A period's snapshot is frozen once the period has ended: committee papers were printed from it.
 * A manager's import may still add the missing snapshot of an earlier period (history), never replace one.
 */
export function checkPeriodOpen(
  period: Period,
  today: string,
  existing: boolean,
  source: AuditSource,
  reference: string,
): Decision {
  if (period.end >= today) return allowed;
  if (source === 'import' && !existing) return allowed;
  return refuse(
    'past-snapshots-frozen',
    `The ${period.label} review of ${reference} can no longer be ${existing ? 'changed' : 'recorded'}: the period ended on ` +
      `${period.end}, and what was reported for a past period never changes.`,
  );
}

/** The fields an action owner may change on their own action. */
export const progressFields = ['status', 'progress', 'progressNote'] as const satisfies (keyof RiskAction)[];

const comparable = (a: RiskAction): Record<string, unknown> => ({
  title: a.title,
  owners: a.owners.map((p) => p.id ?? p.email?.toLowerCase() ?? p.name).sort(),
  plannedDate: a.plannedDate ?? null,
  reviewDate: a.reviewDate ?? null,
});

/**
 * Updating an action: managers anything; the action's own owners, and the owners and delegates of its risk
 * (`riskPeople`), only its progress. The owner of another risk is refused.
 */
export function canUpdateAction(
  caller: ApiCaller,
  stored: RiskAction,
  next: RiskAction,
  reference: string,
  managerGroup: string,
  riskPeople: readonly Person[] = [],
): Decision {
  if (caller.manager) return allowed;
  if (![...stored.owners, ...riskPeople].some((p) => isPerson(caller.actor, p))) {
    return managersOnly(
      caller,
      `change the action "${stored.title}" of ${reference} (its owners and the owners of ${reference} can update its progress)`,
      managerGroup,
    );
  }
  const before = comparable(stored);
  const after = comparable(next);
  const changed = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length === 0) return allowed;
  return refuse(
    'own-action-progress',
    `As an owner of the action "${stored.title}" or of ${reference} you can change its ${progressFields.join(', ')} only, ` +
      `not its ${changed.join(', ')}; ask a register manager.`,
  );
}
