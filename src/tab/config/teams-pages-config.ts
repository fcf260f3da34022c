/**
 * The slice of TeamsJS's `pages.config` the configuration page uses, behind a type so tests pass a
 * fake Teams and the page never imports TeamsJS directly.
 */
import { pages } from '@microsoft/teams-js';
import type { ChannelTabSettings } from './channel-tab';

export type SaveOutcome = { notifySuccess(): void; notifyFailure(reason?: string): void };

export type PagesConfig = {
  /** Enables or disables Teams' Save button. */
  setValidityState(valid: boolean): void;
  /** Called when the person presses Save. */
  registerOnSaveHandler(handler: (outcome: SaveOutcome) => void): void;
  setConfig(settings: ChannelTabSettings): Promise<void>;
};

/** TeamsJS's real `pages.config` (call after `app.initialize()`). */
export function teamsPagesConfig(): PagesConfig {
  return {
    setValidityState: (valid) => pages.config.setValidityState(valid),
    registerOnSaveHandler: (handler) => pages.config.registerOnSaveHandler((event) => handler(event)),
    setConfig: (settings) => pages.config.setConfig(settings),
  };
}
