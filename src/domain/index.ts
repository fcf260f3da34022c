/**
 * The public API of the risk domain: pure TypeScript, no I/O. Other layers import from here, except
 * the tab's first-screen modules, which import the declaring module: esbuild's code splitting puts every
 * module a statically imported file reaches into the first render, so this index would carry every
 * domain module a lazy view uses.
 */
export type * from './types';
export * from './errors';
export * from './matrix';
export * from './matrix-validation';
export * from './presets';
export * from './rating-display';
export * from './rating-parser';
export * from './periods';
export * from './review-schedule';
export { normaliseText, decodeEntities } from './text-noise';
export { deepFreeze } from './freeze';
export { cardText, neutraliseBidi, neutraliseBidiDeep } from './display-text';
export * from './snapshots';
export * from './direction';
export * from './appetite';
export * from './reference';
export * from './validation';
export * from './risk-factory';
export * from './field-catalogue';
export * from './matrix-change';
export * from './review-window';
export * from './tiers';
