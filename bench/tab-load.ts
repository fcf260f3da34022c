/**
 * Bench: the register tab on the local stack with a large register. Starts the list service,
 * provisions, seeds N risks (each with a control and last quarter's snapshot), serves the production
 * tab build through the tab server's same-origin proxy, and times a cold load of the grid and of the
 * heat map in headless Chromium, counting the HTTP requests made until each is rendered. Each view is
 * loaded cold at least 3 times per latency added to the list service's requests (0 and 200 ms), and
 * printed as the median with the spread.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { demoManager, demoRiskOwners, demoUsers, startListService } from '../src/emulator';
import { provision } from '../src/sharepoint';
import { createSpClient } from '../src/sharepoint/sp-client';
import { startManagerTab } from './lib/manager-tab';
import { seedRegister } from './lib/seed';
import { spreadOf, type Spread } from './lib/stats';

export type ViewLoad = {
  view: 'grid' | 'heatmap';
  risks: number;
  /** Added to every list-service request. */
  latencyMs: number;
  /** Navigation start to the view's first data rendered: the median of the runs. */
  ms: number;
  /** Every run's time, cold (a new browser context each). */
  spread: Spread;
  /** Every request the page made (documents, scripts, config, REST). */
  httpRequests: number;
  /** Of which to the register site's REST API (a `$batch` counts once). */
  apiRequests: number;
  /**
   * Grid only, the first run, in order: navigation start to every risk listed (the compact
   * projection read: the status line's "so far" gone); a jump to the middle of the grid until its
   * rows on screen are read (`jump`); scrolling the whole grid a screenful at a time (`scroll`); and,
   * as a view that needs every row asks (the search box focused), the time to read every row.
   */
  listedMs?: number;
  jump?: { ms: number; apiRequests: number };
  scroll?: GridScroll;
  allRowsMs?: number;
};

export type GridScroll = {
  /** Screenfuls scrolled. */
  steps: number;
  /** Time for the whole scroll, each step waiting for the next painted frame. */
  ms: number;
  /** Longest gap between animation frames while scrolling (a stall a person would see is > 100 ms). */
  maxFrameMs: number;
  /** Frames slower than 50 ms (the browser's "long task" threshold). */
  longFrames: number;
  /** Row elements in the page at the end: virtualisation keeps this near one screenful. */
  renderedRows: number;
  /** Requests to the REST API while scrolling and until the last screen's rows were read. */
  apiRequests?: number;
};

/**
 * Waits until the grid has rendered the row at `fromIndex` (0-based: the scroll has reached React)
 * and no row in it says "Loading…" (every row on screen read).
 */
async function rowsOnScreenRead(page: import('playwright-core').Page, fromIndex = 0): Promise<void> {
  await page.waitForFunction(
    (from) => {
      const rows = [...document.querySelectorAll('[role="grid"] [role="row"][data-row-index]')];
      return (
        rows.some((r) => Number(r.getAttribute('data-row-index')) >= from) &&
        !rows.some((r) => r.textContent?.includes('Loading…'))
      );
    },
    fromIndex,
    { timeout: 120_000, polling: 'raf' },
  );
}

/** Scrolls the grid to its middle at once and times until the rows there are read. */
async function jumpToMiddle(page: import('playwright-core').Page): Promise<number> {
  const started = Date.now();
  const middleRow = await page.evaluate(() => {
    const grid = document.querySelector('[role="grid"]');
    let scroller: HTMLElement | null = grid instanceof HTMLElement ? grid : null;
    while (scroller && scroller.scrollHeight <= scroller.clientHeight + 1) scroller = scroller.parentElement;
    if (!scroller) throw new Error('The register grid has no scrollable container.');
    scroller.scrollTop = Math.round(scroller.scrollHeight / 2);
    // Grid rows are 44 px: the first row wholly in view there.
    return Math.ceil(scroller.scrollTop / 44);
  });
  await rowsOnScreenRead(page, middleRow);
  return Date.now() - started;
}

/**
 * Scrolls the register grid's scroll container to the bottom a screenful at a time, timing the
 * animation frames in the page itself so the figure is what a person scrolling would see.
 */
async function scrollGrid(page: import('playwright-core').Page): Promise<GridScroll> {
  // tsx (esbuild) wraps named functions in a `__name` helper that does not exist in the page.
  await page.evaluate('globalThis.__name = globalThis.__name || ((f) => f)');
  return page.evaluate(async () => {
    const grid = document.querySelector('[role="grid"]');
    let scroller: HTMLElement | null = grid instanceof HTMLElement ? grid : null;
    while (scroller && scroller.scrollHeight <= scroller.clientHeight + 1) scroller = scroller.parentElement;
    if (!scroller) throw new Error('The register grid has no scrollable container.');
    const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
    const gaps: number[] = [];
    let last = await frame();
    let running = true;
    const watch = async () => {
      while (running) {
        const now = await frame();
        gaps.push(now - last);
        last = now;
      }
    };
    const watching = watch();
    const started = performance.now();
    let steps = 0;
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1 && steps < 2000) {
      scroller.scrollTop += scroller.clientHeight;
      steps++;
      await frame();
      await frame();
    }
    const ms = performance.now() - started;
    running = false;
    await watching;
    return {
      steps,
      ms: Math.round(ms),
      maxFrameMs: Math.round(Math.max(0, ...gaps)),
      longFrames: gaps.filter((g) => g > 50).length,
      renderedRows: document.querySelectorAll('[role="row"]').length,
    };
  });
}

const register = 'Bench';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launches Debian's Chromium with the flags this project uses; never downloads a browser. */
/**
 * Signs the local tab in as the register manager before the page loads, as the local sign-in page
 * does: the demo token for the list service and the e-mail the local identity mints API tokens for.
 */
export async function signInAsManager(context: BrowserContext): Promise<void> {
  await context.addInitScript(
    ({ token, email }: { token: string; email: string }) => {
      sessionStorage.setItem('risk-register.demo-token', token);
      sessionStorage.setItem('risk-register.demo-email', email);
    },
    { token: demoManager.token, email: demoManager.email },
  );
}

export async function launchBenchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}. Install it with: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Opens `query` as the register manager (the local host's sign-in is pre-set in session storage, so
 * the time is the tab's own start-up, not a click) and waits for `ready`.
 */
async function timeView(
  browser: Browser,
  url: string,
  view: ViewLoad['view'],
  risks: number,
  whole: boolean,
): Promise<Omit<ViewLoad, 'latencyMs' | 'spread'>> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    await signInAsManager(context);
    let httpRequests = 0;
    let apiRequests = 0;
    context.on('request', (r) => {
      httpRequests++;
      if (r.url().includes('/_api/')) apiRequests++;
    });
    const page = await context.newPage();
    const query = view === 'grid' ? `?register=${register}` : `?view=heatmap&register=${register}`;
    const started = Date.now();
    await page.goto(`${url}${query}`);
    if (view === 'grid') await page.getByRole('gridcell').first().waitFor({ timeout: 180_000 });
    // A cell with risks in it: the heat map has its data, not just its frame.
    else
      await page
        .getByRole('group', { name: /heat map/ })
        .locator('button[aria-disabled="false"]')
        .first()
        .waitFor({ timeout: 180_000 });
    const ms = Date.now() - started;
    // The requests before the first data, not the background pages after it.
    const counts = { httpRequests, apiRequests };
    if (view !== 'grid' || !whole) return { view, risks, ms, ...counts };
    await page.waitForFunction(() => !document.body.innerText.includes('risks so far'), null, {
      timeout: 600_000,
      polling: 100,
    });
    const listedMs = Date.now() - started;
    let apiBefore = apiRequests;
    const jump = { ms: await jumpToMiddle(page), apiRequests: 0 };
    jump.apiRequests = apiRequests - apiBefore;
    // Back to the top (rows read there already), so the scroll below is the whole grid.
    await page.evaluate(() => {
      const grid = document.querySelector('[role="grid"]');
      if (grid instanceof HTMLElement) grid.scrollTop = 0;
    });
    await rowsOnScreenRead(page);
    apiBefore = apiRequests;
    const scroll = await scrollGrid(page);
    await rowsOnScreenRead(page);
    scroll.apiRequests = apiRequests - apiBefore;
    // A view that needs every row: the search box asks for them all as it gets focus.
    const reading = Date.now();
    await page.getByRole('searchbox').focus();
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('option')].some((o) =>
          o.textContent?.includes('listed as risks are read'),
        ),
      null,
      { timeout: 900_000, polling: 250 },
    );
    const allRowsMs = Date.now() - reading;
    return { view, risks, ms, ...counts, listedMs, jump, scroll, allRowsMs };
  } finally {
    await context.close();
  }
}

/** Times `view` cold `repeats` times; the figures are the median run's, with every run's spread. */
async function timeViewRepeated(
  browser: Browser,
  url: string,
  view: ViewLoad['view'],
  risks: number,
  repeats: number,
): Promise<Omit<ViewLoad, 'latencyMs'>> {
  const runs: Omit<ViewLoad, 'latencyMs' | 'spread'>[] = [];
  for (let k = 0; k < repeats; k++) runs.push(await timeView(browser, url, view, risks, k === 0));
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.ceil(sorted.length / 2) - 1]!;
  const { listedMs, jump, scroll, allRowsMs } = runs[0]!;
  return {
    ...median,
    ...(listedMs !== undefined ? { listedMs } : {}),
    ...(jump ? { jump } : {}),
    ...(scroll ? { scroll } : {}),
    ...(allRowsMs !== undefined ? { allRowsMs } : {}),
    spread: spreadOf(runs.map((r) => r.ms)),
  };
}

export type TabLoadOptions = {
  /** Cold loads per view and latency (at least 3). */
  repeats?: number;
  /** Latencies added to every list-service request, each measured (default 0 and 200 ms). */
  latenciesMs?: readonly number[];
  log?: (line: string) => void;
};

/** Seeds a register of `risks` and measures both views; `tabDir` is a production build of the tab. */
export async function benchTabLoad(
  browser: Browser,
  tabDir: string,
  risks: number,
  options: TabLoadOptions = {},
): Promise<ViewLoad[]> {
  const log = options.log ?? (() => undefined);
  const repeats = Math.max(3, options.repeats ?? 3);
  const service = await startListService({ users: demoUsers });
  try {
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    await provision(sp, { registers: [register], councilName: 'Bench Borough Council' });
    const owners = demoRiskOwners.map((u) => ({ id: u.id as number, name: u.title, email: u.email }));
    const seededAt = Date.now();
    await seedRegister(sp, { register, count: risks, ownerOf: (k) => owners[k % owners.length]! });
    log(`tab: seeded ${risks} risks in ${((Date.now() - seededAt) / 1000).toFixed(1)} s`);
    const server = await startManagerTab(tabDir, service);
    try {
      const out: ViewLoad[] = [];
      for (const latencyMs of options.latenciesMs ?? [0, 200]) {
        service.setLatency(latencyMs);
        for (const view of ['grid', 'heatmap'] as const) {
          out.push({ ...(await timeViewRepeated(browser, server.url, view, risks, repeats)), latencyMs });
          log(
            `tab: ${view} of ${risks} risks at ${latencyMs} ms a request rendered in ${out.at(-1)!.ms} ms (median)`,
          );
        }
      }
      service.setLatency(0);
      return out;
    } finally {
      await server.close();
    }
  } finally {
    await service.close();
  }
}
