/**
 * The storage layer's public API. The configured spfi instance comes from `./sp-client`, which
 * only composition roots import (the tab receives stores, never spfi).
 */
export * from '../ports';
export * from './errors';
export { createRegisterStore } from './register-store';
export { createReviewRequestStore } from './review-request-repository';
export { createStoreContext, type StoreContext, type StoreOptions } from './store-context';
export { provision, type ProvisionOptions, type ProvisionResult } from './provisioning';
export { getChild } from './child-repository';
export { siteUserGroups, currentUserGroups, siteUserIdentity, type SiteUserIdentity } from './people';
export {
  managerGroupName,
  ListTitles,
  F as Fields,
  schemaVersion,
  riskKey,
  snapshotKey,
  requestKey,
} from './schema';
export { defaultSettings, parseSettingsJson } from './settings-codec';
