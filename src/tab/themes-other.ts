/** The dark and high contrast Teams themes: loaded on demand by `loadTheme` (src/tab/themes.ts). */
import { teamsDarkTheme, teamsHighContrastTheme, type Theme } from '@fluentui/react-theme';
import type { ThemeName } from './host';

export const otherThemes: Partial<Record<ThemeName, Theme>> = {
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};
