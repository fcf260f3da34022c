/**
 * Save confirmations: a Fluent toast, which Fluent's Toaster also announces through its own polite
 * live region, so a screen reader hears "Saved" without focus moving. One toaster for the tab.
 *
 * This module holds no Fluent code: the toaster and the toast (SavedToaster.tsx) load after the first
 * screen, and a confirmation made before they arrive waits here until the toaster takes it, so none
 * is lost.
 */
import { useCallback } from 'react';

/** The id of the tab's one toaster (SavedToaster.tsx, loaded after the first screen). */
export const toasterId = 'risk-register-saved';

/** One confirmation: a title and, optionally, a sentence under it. */
export type SavedMessage = { title: string; body?: string };

type Show = (message: SavedMessage) => void;

let show: Show | undefined;
const waiting: SavedMessage[] = [];

function confirm(message: SavedMessage) {
  if (show) show(message);
  else waiting.push(message);
}

/**
 * Called by the toaster when it mounts: it shows what waited, then every later confirmation. The
 * returned function detaches it (later confirmations wait again).
 */
export function attachSavedToaster(next: Show): () => void {
  show = next;
  for (const message of waiting.splice(0)) next(message);
  return () => {
    if (show === next) show = undefined;
  };
}

/** A function that confirms a save: `confirm('CRR01 saved', 'Your changes are in the register.')`. */
export function useSaveConfirmation() {
  return useCallback((title: string, body?: string) => confirm(body ? { title, body } : { title }), []);
}
