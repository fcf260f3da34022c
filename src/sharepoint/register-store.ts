/**
 * RegisterStore over SharePoint lists: the object the host hands to the tab and the review flow.
 * It composes the repository modules around one StoreContext (one spfi instance).
 */
import { currentUserGroups, ensureSiteUser, listSiteUsers, searchDirectory } from './people';
import { SPQueryable, type SPFI } from '@pnp/sp';
import { toStorageError } from './errors';
import { readAll } from './list-reader';
import type { CurrentUser, RegisterStore } from '../ports';
import { loadRegisterView } from './register-view';
import { loadRiskSummary, loadRowsAfter, loadRowsById, openFirstScreen } from './first-screen';
import { F, ListTitles } from './schema';
import type { saveSettings as SaveSettings } from './settings-writes';
import { createStoreContext, settingsFor, type StoreContext, type StoreOptions } from './store-context';
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

/** The RegisterStore for the given spfi (from createSpClient). */
export function createRegisterStore(sp: SPFI | StoreContext, options: StoreOptions = {}): RegisterStore {
  const ctx = 'people' in sp ? sp : createStoreContext(sp, options);
  // Writes, a risk's detail, its audit and its children are not on the first screen: their modules
  // (the audit chain, item writes, settings validation) load on first use, outside the first render.
  const risks = () => import('./risk-repository');
  const children = () => import('./child-repository');
  const saveSettings = async (...args: Parameters<typeof SaveSettings>) =>
    (await import('./settings-writes')).saveSettings(...args);
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
    loadRowsById: (ids, today, registers) => loadRowsById(ctx, { ids, today, registers }),
    loadRiskSummary: (lastRiskId) => loadRiskSummary(ctx, lastRiskId),
    getRisk: async (id) => (await risks()).getRisk(ctx, id),
    findRiskByReference: async (register, reference) =>
      (await risks()).findRiskByReference(ctx, register, reference),
    createRisk: async (risk, actor, source) => (await risks()).createRisk(ctx, risk, actor, source),
    updateRisk: async (id, patch, etag, actor, source) =>
      (await risks()).updateRisk(ctx, id, patch, etag, actor, source),
    closeRisk: async (id, etag, actor, reason) => (await risks()).closeRisk(ctx, id, etag, actor, reason),
    mergeRisk: async (id, into, etag, actor) => (await risks()).mergeRisk(ctx, id, into, etag, actor),
    addControl: async (riskId, control, actor, source) =>
      (await children()).addControl(ctx, riskId, control, actor, source),
    updateControl: async (id, control, etag, actor, source) =>
      (await children()).updateControl(ctx, id, control, etag, actor, source),
    deleteControl: async (id, etag, actor, source) =>
      (await children()).deleteControl(ctx, id, etag, actor, source),
    addAction: async (riskId, action, actor, source) =>
      (await children()).addAction(ctx, riskId, action, actor, source),
    updateAction: async (id, action, etag, actor, source) =>
      (await children()).updateAction(ctx, id, action, etag, actor, source),
    deleteAction: async (id, etag, actor, source) =>
      (await children()).deleteAction(ctx, id, etag, actor, source),
    recordReview: async (input) => (await import('./review-repository')).recordReview(ctx, input),
    // The review service's answer path only: loaded on first use, so the tab's bundle leaves it out.
    loadAnswerState: async (riskId, periodId) =>
      (await import('./review-answer')).loadAnswerState(ctx, riskId, periodId),
    recordAnswer: async (input, state) => (await import('./review-answer')).recordAnswer(ctx, input, state),
    getHistory: async (riskId) => (await import('./review-repository')).getHistory(ctx, riskId),
    getAudit: async (riskId) => (await import('./audit-log')).readAudit(ctx.sp, riskId),
    getReviewRequests: async (riskId, periodIds) =>
      (await import('./review-request-repository')).listRiskRequests(ctx, riskId, periodIds),
    getPeriodRequests: async (periodId) =>
      (await import('./review-request-repository')).listPeriodRequests(ctx, periodId),
    listSiteUsers: () => listSiteUsers(ctx.sp),
    ensureSiteUser: (email) => ensureSiteUser(ctx.sp, email),
    searchDirectory: (text) => searchDirectory(ctx.sp, text),
  };
}
