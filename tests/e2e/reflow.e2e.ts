/**
 * Reflow (WCAG 2.2 SC 1.4.10): every view of the tab at 320, 390 and 1280 CSS px in the light, dark
 * and high-contrast themes, in Debian's Chromium against the real local stack. On each: no sideways
 * scrolling of the page, axe with no serious or critical violation, and a screenshot kept in
 * test-results/reflow. One browser and one signed-in page for the whole file.
 *
 * The browser's clock is set to the first lead day of the next period, and the review service's account
 * records review requests for the current and next periods, so the review status shows the next
 * period's requests and the risk detail its requests table, as a council sees them in those days.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { addCalendarDays, reviewOpens } from '../../src/domain/review-window';
import { nextPeriod, periodOf } from '../../src/domain/periods';
import { demoRiskOwners, demoService } from '../../src/emulator';
import { createRegisterStore, createReviewRequestStore } from '../../src/sharepoint';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { todayIso } from '../../src/tab/lib/dates';
import { launchChromium } from './helpers/browser';
import { startTestStack, type TestStack } from './helpers/stack';

// The machine is shared and slow; these are generous ceilings, not performance assertions.
jest.setTimeout(900_000);

let stack: TestStack;
let browser: Browser;
let page: Page;
const shots = path.join(process.cwd(), 'test-results', 'reflow');

const widths = [320, 390, 1280] as const;
const themes = ['light', 'dark', 'contrast'] as const;

type View = { name: string; query: string; ready: (p: Page) => Promise<unknown> };

// The register is a grid on wide screens and a list of cards on narrow ones.
const registerReady = (p: Page) =>
  p.locator('[role="grid"], ul[aria-label^="Risk register"]').first().waitFor();

const views: View[] = [
  { name: 'register', query: '', ready: registerReady },
  {
    name: 'heatmap',
    query: 'view=heatmap&register=Corporate',
    ready: (p) => p.getByRole('group', { name: /heat map/ }).waitFor(),
  },
  { name: 'summary', query: 'view=summary', ready: (p) => p.getByRole('table').first().waitFor() },
  {
    name: 'reviews',
    query: 'view=reviews',
    ready: async (p) => {
      await p.getByRole('table', { name: 'Review status by owner' }).waitFor();
      await p.getByRole('table', { name: / review requests not yet answered$/ }).waitFor();
    },
  },
  {
    name: 'settings',
    query: 'view=settings',
    ready: (p) => p.getByRole('table', { name: 'Matrix preview' }).waitFor(),
  },
  {
    name: 'import',
    query: 'view=import',
    ready: (p) =>
      p
        .getByRole('heading', { name: /Import/ })
        .first()
        .waitFor(),
  },
  {
    name: 'detail',
    query: 'risk=1',
    ready: async (p) => {
      await p.getByRole('heading', { level: 1 }).nth(1).waitFor();
      await p.getByRole('table', { name: 'Audit trail' }).waitFor();
      await p.getByRole('table', { name: 'Review requests' }).waitFor();
    },
  },
  {
    name: 'edit',
    query: 'risk=1',
    ready: async (p) => {
      await p.getByRole('button', { name: 'Edit risk' }).click();
      await p.getByRole('form', { name: /^Edit / }).waitFor();
    },
  },
  { name: 'new-risk', query: 'edit=new', ready: (p) => p.getByRole('form', { name: 'New risk' }).waitFor() },
];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  stack = await startTestStack();
  const leadDay = await seedReviewRequests();
  browser = await launchChromium();
  // AxeBuilder needs a page from a context of its own (browser.newPage's cannot open axe's frames).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.clock.install({ time: new Date(`${leadDay}T10:00:00Z`) });
  page = await context.newPage();
  await page.goto(stack.url);
  await page.getByRole('button', { name: 'Sign in as Morgan Reid' }).click();
  await page.getByRole('heading', { name: 'Risk register' }).waitFor();
});

/**
 * Review requests for risk 1, as the review service's account records them: the current period's
 * (one answered, one reminded) and the next period's (one sent, one that Teams could not deliver).
 * Returns the first day the next period's requests go out, the day the browser's clock is set to.
 */
async function seedReviewRequests(): Promise<string> {
  const sp = createSpClient({ siteUrl: stack.siteUrl, getToken: async () => demoService.token });
  const risk = await createRegisterStore(sp).getRisk(1);
  const settings = await createRegisterStore(sp).getSettings(risk.register);
  const start = settings.financialYearStartMonth;
  const current = periodOf(todayIso(), settings.review.periodKind, start);
  const next = nextPeriod(current, start);
  const leadDay = reviewOpens(settings, next);
  // The risk's owner, and a second site user (a co-owner) so each period has two requests.
  const owner = risk.owners.find((o): o is typeof o & { id: number } => typeof o.id === 'number')!;
  const second = demoRiskOwners.find((u) => u.id !== owner.id)!;
  const other = { id: second.id as number, name: second.title, email: second.email };
  const made = await createReviewRequestStore(sp).ensureRequests(
    [current, next].flatMap((period) =>
      [owner, other].map((o) => ({
        key: `${risk.id}|${period.id}|${o.id}`,
        riskId: risk.id,
        riskReference: risk.reference,
        periodId: period.id,
        owner: o,
        status: 'pending' as const,
        attempts: 0,
      })),
    ),
  );
  const states = [
    { status: 'answered', answeredAt: `${addCalendarDays(current.start, 2)}T09:00:00Z` },
    { status: 'reminded', remindedAt: `${addCalendarDays(current.start, 7)}T08:00:00Z` },
    { status: 'sent' },
    { status: 'unreachable', lastError: 'The owner is not in the organisation any more.' },
  ] as const;
  const keys = [current, next].flatMap((period) =>
    [owner, other].map((o) => `${risk.id}|${period.id}|${o.id}`),
  );
  for (const r of made) {
    const state = states[keys.indexOf(r.key)]!;
    const sentAt = `${reviewOpens(settings, r.periodId === next.id ? next : current)}T08:00:00Z`;
    await createReviewRequestStore(sp).updateRequest(r.id, { ...state, sentAt, attempts: 1 }, r.etag, r);
  }
  return leadDay;
}

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

let loadedTheme: string | undefined;

/**
 * Opens a view. The theme is read when the tab starts, so a new theme loads the page; within a theme
 * the view changes as the Back button changes it (history and popstate), which keeps the run short.
 */
async function open(query: string, theme: string) {
  const search = `?${query}${query ? '&' : ''}theme=${theme}`;
  if (loadedTheme !== theme) {
    await page.goto(`${stack.url}${search}`);
    loadedTheme = theme;
    return;
  }
  await page.evaluate((s) => {
    window.history.pushState(null, '', s);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, search);
}

/** The page's sideways overflow, with the elements that stick out furthest, for the failure message. */
function overflow(p: Page) {
  return p.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .map((e) => ({ e, right: e.getBoundingClientRect().right }))
      .filter((x) => x.right > width + 0.5)
      .sort((a, b) => b.right - a.right)
      .slice(0, 3)
      .map(
        ({ e, right }) =>
          `${e.tagName.toLowerCase()}.${String(e.className).slice(0, 40)} (${Math.round(right)}px)`,
      );
    return { scrollWidth: root.scrollWidth, clientWidth: width, wide };
  });
}

describe.each(themes)('the %s theme', (theme) => {
  test.each(widths)(
    'every view at %i px: no sideways scroll, no serious or critical axe violation',
    async (width) => {
      await page.setViewportSize({ width, height: width < 640 ? 800 : 900 });
      const failures: string[] = [];
      for (const view of views) {
        await open(view.query, theme);
        await view.ready(page);
        // The pointer stays where the last click left it; a hover state is not the page's resting state.
        await page.mouse.move(0, 0);
        await page.waitForTimeout(200);
        const o = await overflow(page);
        if (o.scrollWidth > o.clientWidth)
          failures.push(
            `${view.name}: page is ${o.scrollWidth}px wide in ${o.clientWidth}px: ${o.wide.join(', ')}`,
          );
        await page.screenshot({
          path: path.join(shots, `${view.name}-${width}-${theme}.png`),
          fullPage: true,
        });
        // Tabster (Fluent's focus manager) inserts aria-hidden focus guards that hand focus on at once;
        // axe cannot know that, so they are excluded rather than the rule.
        const result = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
          .exclude('[data-tabster-dummy]')
          .analyze();
        for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
          failures.push(
            `${view.name}: ${v.id} (${v.impact}) ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
          );
      }
      expect(failures).toEqual([]);
    },
  );
});

describe('at 320 px', () => {
  beforeAll(() => page.setViewportSize({ width: 320, height: 800 }));

  test('the six views are a menu, and choosing one opens it', async () => {
    await open('', 'light');
    await registerReady(page);
    expect(await page.getByRole('tab').count()).toBe(0);
    await page.getByRole('button', { name: 'View: Register' }).click();
    const items = page.getByRole('menuitemradio');
    expect(await items.allTextContents()).toEqual([
      'Register',
      'Heat map',
      'Summary',
      'Review status',
      'Settings',
      'Import',
    ]);
    await page.getByRole('menuitemradio', { name: 'Heat map' }).click();
    await page.getByRole('group', { name: /heat map/ }).waitFor();
    expect(page.url()).toContain('view=heatmap');
    await page.getByRole('button', { name: 'View: Heat map' }).waitFor();
  });

  test('the filters are a panel, closed at first, and the register is a list of cards', async () => {
    await open('', 'light');
    await registerReady(page);
    expect(await page.getByRole('grid').count()).toBe(0);
    const toggle = page.getByRole('button', { name: 'Filters' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('search').isVisible()).toBe(false);
    await toggle.click();
    const search = page.getByRole('search', { name: 'Filter the register' });
    await search.waitFor();
    await search.getByLabel('Register').selectOption('Corporate');
    await page.getByRole('status').filter({ hasText: 'Showing 3 of 10 risks' }).waitFor();
    await page.getByRole('button', { name: /Hide filters \(1 applied\)/ }).click();
    expect(await search.isVisible()).toBe(false);
    const cards = page.getByRole('list', { name: /^Risk register/ }).getByRole('listitem');
    expect(await cards.count()).toBe(3);
    await cards
      .first()
      .getByRole('button', { name: /^CRR\d+:/ })
      .click();
    await page.getByRole('heading', { level: 1, name: /^CRR\d+:/ }).waitFor();
  });
});

test('empty heat-map cells keep the band’s text readable (4.5:1) and an edge of 3:1 on the page', async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const theme of themes) {
    await open('view=heatmap&register=Corporate', theme);
    await page.getByRole('group', { name: /heat map/ }).waitFor();
    const cells = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
      const lum = (c: string) => {
        const [r, g, b] = rgb(c).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const ratio = (a: string, b: string) => {
        const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
        return (hi! + 0.05) / (lo! + 0.05);
      };
      const page = getComputedStyle(document.querySelector('main')!.parentElement!).backgroundColor;
      return [...document.querySelectorAll<HTMLElement>('[role="group"] button[aria-disabled="true"]')].map(
        (b) => {
          const s = getComputedStyle(b);
          return {
            label: b.getAttribute('aria-label'),
            opacity: Number(s.opacity),
            text: ratio(s.color, s.backgroundColor),
            edge: ratio(s.borderTopColor, page),
          };
        },
      );
    });
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) {
      expect({ ...c, theme, text: c.text >= 4.5, edge: c.edge >= 3 }).toEqual({
        ...c,
        theme,
        opacity: 1,
        text: true,
        edge: true,
      });
    }
  }
});
