/** Rendering helpers for the tab's component tests: Fluent theme, a layout for the virtualiser, URL reset. */
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { configure, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { loadRegisterData, type RegisterData } from '../../src/tab/data/use-register-data';
import type { FakeStore } from './fake-store';

// The machine running the suite is shared and slow; wait longer than the default second for views.
configure({ asyncUtilTimeout: 5000 });

/**
 * jsdom lays nothing out, so the virtualised grid would render no rows. Give elements a viewport-sized
 * client box, as a browser would.
 */
export function installLayout(height = 800, width = 1200) {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => width });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 44 });
  // Fluent's textarea and dialog observe their size; jsdom has no ResizeObserver.
  window.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

export function renderInTheme(ui: ReactElement) {
  return render(<FluentProvider theme={teamsLightTheme}>{ui}</FluentProvider>);
}

export function setUrl(search: string) {
  window.history.replaceState(null, '', `/${search}`);
}

export async function dataOf(store: FakeStore, today = '2026-11-22'): Promise<RegisterData> {
  return loadRegisterData(store, today);
}
