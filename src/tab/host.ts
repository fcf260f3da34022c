/**
 * What a host (Teams, a plain browser, the local stack) hands to the tab. The views only ever see
 * this: a store behind the storage port and the signed-in person, never PnPjs or MSAL.
 */
import type { CurrentUser, FirstScreen, RegisterStore } from '../ports';

/** Fluent's three Teams themes; Teams reports `default`, `dark` or `contrast`. */
export type ThemeName = 'light' | 'dark' | 'contrast';

export type TabSession = {
  store: RegisterStore;
  user: CurrentUser;
  /** Where the tab runs, shown in the header so people know which data they see. */
  hostLabel: string;
  /** Present where signing out makes sense (the local demo sign-in). */
  signOut?: () => void;
  /**
   * The Teams channels the review service knows (the app was added to their team, or a channel tab
   * was configured there), for choosing a register's managers' channel. Absent without the service.
   */
  listChannels?: () => Promise<KnownChannel[]>;
  /** What the store read at sign-in (person, registers, first rows) when it opens in two requests. */
  firstScreen?: FirstScreen;
};

/** A channel a register's escalation digests can go to. */
export type KnownChannel = { id: string; label: string };

/** Maps the theme name Teams puts in its context to ours. */
export function themeFromTeams(teamsTheme: string | undefined): ThemeName {
  if (teamsTheme === 'dark') return 'dark';
  if (teamsTheme === 'contrast') return 'contrast';
  return 'light';
}
