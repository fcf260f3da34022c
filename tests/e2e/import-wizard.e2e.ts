/**
 * The import wizard end to end, in Debian's Chromium against the real local stack, on a phone-width
 * screen (320 CSS px, WCAG 2.2 SC 1.4.10): a manager imports Medway's directorate register as the
 * council keeps it, a workbook with a risk sheet and a controls-and-actions sheet keyed by reference
 * (tests/fixtures/import-corpus), previews it, commits it, and finds each risk with its controls and
 * actions. No step scrolls sideways; screenshots are kept in test-results/import.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/browser';
import { startTestStack, type TestStack } from './helpers/stack';

// The machine is shared and slow; these are generous ceilings, not performance assertions.
jest.setTimeout(400_000);

let stack: TestStack;
let browser: Browser;
const shots = path.join(process.cwd(), 'test-results', 'import');
const workbook = path.join(
  process.cwd(),
  'tests/fixtures/import-corpus/medway/risks-and-controls-sheets/risks-and-controls-sheets.xlsx',
);

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  stack = await startTestStack();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

/**
 * The step is no wider than the screen (nothing needs a sideways scroll) and axe finds no serious or
 * critical violation (Tabster's focus guards excluded, as in reflow.e2e.ts).
 */
async function expectNoSidewaysScroll(page: Page, step: string, theme = 'light') {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.screenshot({ path: path.join(shots, `${step}-320-${theme}.png`), fullPage: true });
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
    .exclude('[data-tabster-dummy]')
    .analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect({ step, theme, width, serious }).toEqual({ step, theme, width: 320, serious: [] });
}

test('a manager imports a two-sheet workbook at 320 px: risks with their controls and actions', async () => {
  const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${stack.url}?view=import`);
  await page.getByRole('button', { name: 'Sign in as Morgan Reid' }).click();
  await page.getByLabel('Import into register').selectOption('Adults and Health');
  await expectNoSidewaysScroll(page, 'choose');

  await page.getByLabel('Register file (.xlsx or .csv)').setInputFiles(workbook);
  await page.getByRole('table', { name: 'Column mapping' }).waitFor();
  await expectNoSidewaysScroll(page, 'mapping');

  await page.getByRole('button', { name: 'Preview the import' }).click();
  await page.getByText(/Dry run: 4 new risks, 0 updates, 0 unchanged risks, 0 rows with errors/).waitFor();
  const rows = page.getByRole('table', { name: 'Rows to import' }).getByRole('row');
  // The header row and one row per risk (DR02b, DR04, DR06, DR07).
  await expect(rows.count()).resolves.toBe(5);
  await expectNoSidewaysScroll(page, 'preview');

  await page.getByRole('button', { name: 'Import into Adults and Health' }).click();
  await page.getByRole('heading', { name: /Import finished: 4 created/ }).waitFor({ timeout: 120_000 });
  await expectNoSidewaysScroll(page, 'finished');
  await context.close();

  // Each risk came with the controls and actions its second-sheet rows name (expected.json, by hand).
  const wide = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const detail = await wide.newPage();
  await detail.goto(`${stack.url}?register=${encodeURIComponent('Adults and Health')}`);
  await detail.getByRole('button', { name: 'Sign in as Morgan Reid' }).click();
  await detail.getByRole('row', { name: /DR04/ }).click();
  await detail.getByRole('heading', { name: /DR04: Insufficient availability of placements/ }).waitFor();
  const controls = detail.getByRole('table', { name: 'Controls for DR04' }).getByRole('row');
  await expect(controls.count()).resolves.toBe(5);
  await expect(
    detail.getByText('Pursuing proposal to re-open Eden House residential provision').count(),
  ).resolves.toBeGreaterThan(0);
  await wide.close();
});

test.each(['dark', 'contrast'])('the wizard’s steps reflow at 320 px in the %s theme', async (theme) => {
  const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${stack.url}?view=import&theme=${theme}`);
  await page.getByRole('button', { name: 'Sign in as Morgan Reid' }).click();
  await page.getByLabel('Import into register').selectOption('Adults and Health');
  await expectNoSidewaysScroll(page, 'choose', theme);
  await page.getByLabel('Register file (.xlsx or .csv)').setInputFiles(workbook);
  await page.getByRole('table', { name: 'Column mapping' }).waitFor();
  await expectNoSidewaysScroll(page, 'mapping', theme);
  await page.getByRole('button', { name: 'Preview the import' }).click();
  await page.getByRole('table', { name: 'Rows to import' }).waitFor();
  await expectNoSidewaysScroll(page, 'preview', theme);
  await context.close();
});
