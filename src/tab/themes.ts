/** Fluent's Teams themes by our theme name. */
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/react-theme';
import type { ThemeName } from './host';

export const themes: Record<ThemeName, typeof teamsLightTheme> = {
  light: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

/** `?theme=dark|contrast|light` on the page URL, for trying themes outside Teams (and for tests). */
export function themeFromUrl(search: string): ThemeName | undefined {
  const t = new URLSearchParams(search).get('theme');
  return t === 'dark' || t === 'contrast' || t === 'light' ? t : undefined;
}
