/**
 * The slice of TeamsJS's `pages.config` the configuration page uses, behind a type so tests pass a
 * fake Teams and the page never imports TeamsJS directly.
 *
 * TeamsJS refuses every `pages.config` call until `app.initialize()` has finished ("The library has
 * not yet been initialized": ensureInitialized in node_modules/@microsoft/teams-js, pagesHelpers.ts
 * and config.ts), so `connectPagesConfig` is the only way to get one.
 */
import { app, pages } from '@microsoft/teams-js';
import type { ChannelTabSettings } from './channel-tab';

export type SaveOutcome = { notifySuccess(): void; notifyFailure(reason?: string): void };

export type PagesConfig = {
  /** Enables or disables Teams' Save button. */
  setValidityState(valid: boolean): void;
  /** Called when the person presses Save. */
  registerOnSaveHandler(handler: (outcome: SaveOutcome) => void): void;
  setConfig(settings: ChannelTabSettings): Promise<void>;
  /** The tab's saved settings (reconfiguring); a new tab has an empty content URL. */
  getConfig(): Promise<{ contentUrl?: string; entityId?: string }>;
};

/** TeamsJS's real `pages.config`; only once `app.initialize()` has resolved. */
function teamsPagesConfig(): PagesConfig {
  return {
    setValidityState: (valid) => pages.config.setValidityState(valid),
    registerOnSaveHandler: (handler) => pages.config.registerOnSaveHandler((event) => handler(event)),
    setConfig: (settings) => pages.config.setConfig(settings),
    getConfig: () => pages.getConfig(),
  };
}

/**
 * Waits for Teams' initialisation (TeamsJS returns the same promise when the host start-up already
 * called it), then hands out `pages.config`.
 */
export async function connectPagesConfig(): Promise<PagesConfig> {
  await app.initialize();
  return teamsPagesConfig();
}
