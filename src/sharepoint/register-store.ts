/**
 * RegisterStore over SharePoint lists: the object the host hands to the tab and the review flow.
 * It composes the repository modules around one StoreContext (one spfi instance).
 */
import { currentUserGroups, ensureSiteUser, listSiteUsers, searchDirectory } from './people';
import { SPQueryable, type SPFI } from '@pnp/sp';
import type { RegisterSettings } from '../domain/types';
import { appendAudit, changesToAudit, readAudit, versionOf } from './audit-log';
import {
  addAction,
  addControl,
  deleteAction,
  deleteControl,
  updateAction,
  updateControl,
} from './child-repository';
import { toStorageError, ValidationError } from './errors';
import { diffRows, payloadOf, settingsRow } from './item-codec';
import { addItem, updateItem } from './item-writes';
import { readAll } from './list-reader';
import type { Actor, CurrentUser, RegisterStore, Stored } from '../ports';
import { loadRegisterView } from './register-view';
import { loadRowsAfter, openFirstScreen } from './first-screen';
import { restoreSettings } from './restore';
import { withMatrixHistory } from '../domain/matrix-change';
import {
  closeRisk,
  createRisk,
  findRiskByReference,
  getRisk,
  mergeRisk,
  updateRisk,
} from './risk-repository';
import { F, ListTitles } from './schema';
import { validateSettings } from './settings-codec';
import { createStoreContext, settingsFor, type StoreContext, type StoreOptions } from './store-context';
import { listRiskRequests } from './review-request-repository';
import { toCurrentUser, type SpCurrentUser, type SpPermissions } from './current-user';

export { accessOf } from './current-user';

async function currentUser(ctx: StoreContext): Promise<CurrentUser> {
  let user: SpCurrentUser;
  try {
    user = await ctx.sp.web.currentUser();
  } catch (err) {
    throw toStorageError(err, { operation: 'read who you are on the register site' });
  }
  const groups = await currentUserGroups(ctx.sp);
  let perms: SpPermissions | undefined;
  try {
    perms = (await SPQueryable(ctx.sp.web, 'EffectiveBasePermissions')()) as SpPermissions;
  } catch {
    perms = undefined;
  }
  return toCurrentUser(user, groups, perms);
}

async function listRegisters(ctx: StoreContext): Promise<string[]> {
  try {
    const items = await readAll(ctx.sp, ListTitles.settings);
    return items
      .map((i) => String(i[F.settings.register] ?? ''))
      .filter(Boolean)
      .sort((a, b) => a.localeCompare(b));
  } catch (err) {
    throw toStorageError(err, { operation: 'list the registers', list: ListTitles.settings });
  }
}

async function saveSettings(
  ctx: StoreContext,
  input: RegisterSettings,
  etag: string | undefined,
  actor: Actor,
  options: { migration?: boolean } = {},
): Promise<Stored<RegisterSettings>> {
  let settings = input;
  const problems = validateSettings(settings);
  if (problems.length) {
    throw new ValidationError(
      `The settings of register '${settings.register}' are not valid: ${problems.join('; ')}.`,
      problems[0]?.split(':')[0],
      settings.register,
    );
  }
  let row = settingsRow(settings);
  const audit = {
    actor,
    source: 'tab' as const,
    entity: 'settings' as const,
    register: settings.register,
  };
  ctx.settings.delete(settings.register.toLowerCase());
  if (etag === undefined) {
    const item = await addItem(ctx.sp, ListTitles.settings, payloadOf(row), {
      operation: `create the settings of register '${settings.register}'`,
      list: ListTitles.settings,
    });
    await appendAudit(
      ctx.sp,
      changesToAudit(diffRows(undefined, row), {
        ...audit,
        entityId: Number(item.Id),
        version: versionOf(item),
      }),
    );
    return restoreSettings(item);
  }
  // The stored JSON may be corrupt; the new settings replace it, and the audit keeps the old text.
  const items = await readAll(ctx.sp, ListTitles.settings, {
    filter: `${F.settings.register} eq '${settings.register.replace(/'/g, "''")}'`,
  });
  const current = items[0];
  if (!current) return saveSettings(ctx, settings, undefined, actor);
  const stored = storedSettings(current);
  if (stored) {
    // A matrix change is a migration: refused when it strands a rating, unless changeMatrix maps them;
    // the replaced matrix is kept so snapshots are read on the matrix they were recorded on.
    if (!options.migration)
      await (await import('./matrix-change')).refuseStrandingChange(ctx, stored.matrix, settings);
    settings = withMatrixHistory(stored, settings, new Date().toISOString());
    row = settingsRow(settings);
  }
  const before = {
    ...row,
    [F.settings.json]: {
      key: F.settings.json,
      value: current[F.settings.json],
      display: String(current[F.settings.json] ?? ''),
    },
    [F.settings.schemaVersion]: {
      key: F.settings.schemaVersion,
      value: current[F.settings.schemaVersion] ?? null,
      display: String(current[F.settings.schemaVersion] ?? ''),
    },
  };
  const changes = diffRows(before, row);
  const id = Number(current.Id);
  const item = await updateItem(
    ctx.sp,
    ListTitles.settings,
    id,
    payloadOf(
      row,
      changes.map((c) => c.field),
    ),
    etag,
    {
      operation: `save the settings of register '${settings.register}'`,
      list: ListTitles.settings,
      itemId: id,
    },
    (i) => {
      try {
        return restoreSettings(i);
      } catch {
        return undefined;
      }
    },
  );
  await appendAudit(ctx.sp, changesToAudit(changes, { ...audit, entityId: id, version: versionOf(item) }));
  const saved = restoreSettings(item);
  ctx.settings.set(saved.register.toLowerCase(), saved);
  return saved;
}

/** The stored settings of an item, or undefined when its JSON is unreadable (the new settings replace it). */
function storedSettings(item: Record<string, unknown>): RegisterSettings | undefined {
  try {
    return restoreSettings(item);
  } catch {
    return undefined;
  }
}

/** The RegisterStore for the given spfi (from createSpClient). */
export function createRegisterStore(sp: SPFI | StoreContext, options: StoreOptions = {}): RegisterStore {
  const ctx = 'people' in sp ? sp : createStoreContext(sp, options);
  return {
    currentUser: () => currentUser(ctx),
    listRegisters: () => listRegisters(ctx),
    getSettings: async (register) => {
      ctx.settings.delete(register.toLowerCase());
      return settingsFor(ctx, register);
    },
    saveSettings: (settings, etag, actor) => saveSettings(ctx, settings, etag, actor),
    // Matrix migrations, reviews and history are not on the first screen: loaded on first use.
    changeMatrix: async (request, actor) =>
      (await import('./matrix-change')).changeMatrix(
        ctx,
        { ...request, previous: await settingsFor(ctx, request.settings.register) },
        actor,
        (settings, etag, a) => saveSettings(ctx, settings, etag, a, { migration: true }),
      ),
    loadRegisterView: (query) => loadRegisterView(ctx, query),
    openFirstScreen: (today) => openFirstScreen(ctx, { today }),
    loadRowsAfter: (afterId, count, today, registers) =>
      loadRowsAfter(ctx, { afterId, count, today, registers }),
    getRisk: (id) => getRisk(ctx, id),
    findRiskByReference: (register, reference) => findRiskByReference(ctx, register, reference),
    createRisk: (risk, actor, source) => createRisk(ctx, risk, actor, source),
    updateRisk: (id, patch, etag, actor, source) => updateRisk(ctx, id, patch, etag, actor, source),
    closeRisk: (id, etag, actor, reason) => closeRisk(ctx, id, etag, actor, reason),
    mergeRisk: (id, into, etag, actor) => mergeRisk(ctx, id, into, etag, actor),
    addControl: (riskId, control, actor, source) => addControl(ctx, riskId, control, actor, source),
    updateControl: (id, control, etag, actor, source) => updateControl(ctx, id, control, etag, actor, source),
    deleteControl: (id, etag, actor, source) => deleteControl(ctx, id, etag, actor, source),
    addAction: (riskId, action, actor, source) => addAction(ctx, riskId, action, actor, source),
    updateAction: (id, action, etag, actor, source) => updateAction(ctx, id, action, etag, actor, source),
    deleteAction: (id, etag, actor, source) => deleteAction(ctx, id, etag, actor, source),
    recordReview: async (input) => (await import('./review-repository')).recordReview(ctx, input),
    // The review service's answer path only: loaded on first use, so the tab's bundle leaves it out.
    loadAnswerState: async (riskId, periodId) =>
      (await import('./review-answer')).loadAnswerState(ctx, riskId, periodId),
    recordAnswer: async (input, state) => (await import('./review-answer')).recordAnswer(ctx, input, state),
    getHistory: async (riskId) => (await import('./review-repository')).getHistory(ctx, riskId),
    getAudit: (riskId) => readAudit(ctx.sp, riskId),
    getReviewRequests: (riskId, periodIds) => listRiskRequests(ctx, riskId, periodIds),
    listSiteUsers: () => listSiteUsers(ctx.sp),
    ensureSiteUser: (email) => ensureSiteUser(ctx.sp, email),
    searchDirectory: (text) => searchDirectory(ctx.sp, text),
  };
}
