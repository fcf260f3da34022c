/**
 * What the signed-in person may do, and in words why not. The review service is the real
 * enforcement (it is the register's only writer and applies the same rules to every write); these
 * rules only decide which buttons and routes to offer and explain the ones we withhold.
 */
import type { Person, RiskAction } from '../../domain/types';
import type { CurrentUser, StoredRisk } from '../../ports';
import { managerGroupName } from '../../ports';

export type Permission = { allowed: true } | { allowed: false; reason: string };

const allowed: Permission = { allowed: true };

function samePerson(user: CurrentUser, p: Person): boolean {
  if (p.id !== undefined && p.id === user.id) return true;
  return !!p.email && !!user.email && p.email.toLowerCase() === user.email.toLowerCase();
}

/** True when the user is one of the risk's owners or delegates. */
export function isOwnerOrDelegate(user: CurrentUser, risk: StoredRisk): boolean {
  return [...risk.owners, ...risk.delegates].some((p) => samePerson(user, p));
}

const readOnlyReason =
  'You have read-only access to this register site, so you can view risks but not change them. ' +
  'Ask the corporate risk officer for edit access if you need it.';

/** Editing a risk's fields, controls and actions, closing and merging: managers only. */
export function canEditRisk(user: CurrentUser): Permission {
  if (user.access === 'manage') return allowed;
  if (user.access === 'read') return { allowed: false, reason: readOnlyReason };
  return {
    allowed: false,
    reason:
      `Only register managers (members of the SharePoint group “${managerGroupName}”) can change a risk’s details. ` +
      'As a risk owner you can record this period’s review of your own risks.',
  };
}

/** Recording this period's rating and comment: managers, or the risk's own owners and delegates. */
export function canRecordReview(user: CurrentUser, risk: StoredRisk): Permission {
  if (user.access === 'manage') return allowed;
  if (user.access === 'read') return { allowed: false, reason: readOnlyReason };
  if (isOwnerOrDelegate(user, risk)) return allowed;
  return {
    allowed: false,
    reason: `Only the owners of ${risk.reference} (or their delegates) and register managers can record its review.`,
  };
}

/** Creating risks, importing and changing register settings: managers only. */
export function canManageRegister(user: CurrentUser): Permission {
  if (user.access === 'manage') return allowed;
  if (user.access === 'read') return { allowed: false, reason: readOnlyReason };
  return {
    allowed: false,
    reason:
      `Only register managers (members of the SharePoint group “${managerGroupName}”) can add risks, import ` +
      'registers or change register settings. Ask the corporate risk officer if you need to.',
  };
}

/** A short description of the user's role for the header. */
export function roleLabel(user: CurrentUser): string {
  if (user.access === 'manage') return 'Register manager';
  if (user.access === 'contribute') return 'Risk owner';
  return 'Read-only';
}

/**
 * Updating an action's status, progress and note (the review service's canUpdateAction): managers, the
 * action's owners, and the owners and delegates of its risk. Offers the control; the service enforces it.
 */
export function canUpdateActionProgress(user: CurrentUser, risk: StoredRisk, action: RiskAction): boolean {
  if (user.access === 'manage') return true;
  if (user.access === 'read') return false;
  return isOwnerOrDelegate(user, risk) || action.owners.some((p) => samePerson(user, p));
}
