/**
 * Fluent's Teams themes by our theme name. The light theme is in the first render; the dark and high
 * contrast themes (each a full set of tokens) load when the host reports them, and until one arrives
 * the tab keeps the theme it has, so a theme change never unmounts what is on screen.
 */
import { teamsLightTheme, type Theme } from '@fluentui/react-theme';
import { useEffect, useState } from 'react';
import type { ThemeName } from './host';

const loaded: Partial<Record<ThemeName, Theme>> = { light: teamsLightTheme };

/** The theme, fetched once; the light theme at once. */
export async function loadTheme(name: ThemeName): Promise<Theme> {
  const have = loaded[name];
  if (have) return have;
  const { otherThemes } = await import('./themes-other');
  const theme = otherThemes[name] ?? teamsLightTheme;
  loaded[name] = theme;
  return theme;
}

/** The named theme once it has loaded; the theme shown before (at first the light one) until then. */
export function useFluentTheme(name: ThemeName): Theme {
  const [theme, setTheme] = useState<Theme>(() => loaded[name] ?? teamsLightTheme);
  useEffect(() => {
    let cancelled = false;
    const have = loaded[name];
    if (have) setTheme(have);
    else void loadTheme(name).then((t) => !cancelled && setTheme(t));
    return () => {
      cancelled = true;
    };
  }, [name]);
  return theme;
}

/** `?theme=dark|contrast|light` on the page URL, for trying themes outside Teams (and for tests). */
export function themeFromUrl(search: string): ThemeName | undefined {
  const t = new URLSearchParams(search).get('theme');
  return t === 'dark' || t === 'contrast' || t === 'light' ? t : undefined;
}
