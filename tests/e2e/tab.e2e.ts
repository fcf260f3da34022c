/**
 * The register tab end to end, in Debian's Chromium against the real local stack: a manager filters,
 * opens and edits a risk and sees the audit entry; a read-only member cannot edit and is told why;
 * the same path by keyboard alone; axe on every view in three themes; screenshots for review.
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
const shots = path.join(process.cwd(), 'test-results', 'screenshots');

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  stack = await startTestStack();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

async function signIn(name: string, query = ''): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${stack.url}${query}`);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.getByRole('heading', { name: 'Risk register' }).waitFor();
  return page;
}

test('a manager filters, opens a risk, edits it and sees the audit entry', async () => {
  const page = await signIn('Morgan Reid');
  await page.getByRole('grid').waitFor();
  await page.getByRole('search').getByLabel('Register').selectOption('Corporate');
  await expect(page.getByRole('status').filter({ hasText: 'Showing 3 of 10 risks' }).count()).resolves.toBe(
    1,
  );
  expect(page.url()).toContain('register=Corporate');
  await page.getByRole('row', { name: /CRR01/ }).click();
  await page.getByRole('heading', { name: /CRR01: Medium-term financial sustainability/ }).waitFor();
  await page.getByRole('button', { name: 'Edit risk' }).click();
  const title = page.getByLabel('Title');
  await title.fill('Medium-term financial plan gap');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { name: /CRR01: Medium-term financial plan gap/ }).waitFor();
  const audit = page.getByRole('table', { name: 'Audit trail' });
  const entry = audit.getByRole('row', {
    name: /Medium-term financial sustainability → Medium-term financial plan gap/,
  });
  await entry.waitFor();
  expect(await entry.textContent()).toContain('Morgan Reid');
  await page.close();
});

test('a read-only member cannot edit and is told why', async () => {
  const page = await signIn('Sam Lee');
  await page.getByRole('row', { name: /CS01/ }).click();
  await page.getByRole('heading', { name: /CS01:/ }).waitFor();
  expect(await page.getByRole('button', { name: 'Edit risk' }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Record review' }).count()).toBe(0);
  await page.screenshot({ path: path.join(shots, 'detail-read-only-light.png'), fullPage: true });
  await page.getByText(/read-only access to this register site/).waitFor();
  await page.close();
});

test('an owner records a review from the tab through the review service', async () => {
  const page = await signIn('Priya Shah');
  const writes: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET') writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await page.getByRole('row', { name: /CS01/ }).click();
  await page.getByRole('heading', { name: /CS01:/ }).waitFor();
  expect(await page.getByRole('button', { name: 'Edit risk' }).count()).toBe(0);
  await page.getByRole('button', { name: 'Record review' }).click();
  const form = page.getByRole('form', { name: /Review of CS01/ });
  await form.getByLabel('Comment for this period').fill('Two new foster carers approved this quarter.');
  await form.getByRole('button', { name: /Confirm rating|Save changed rating/ }).click();
  const history = page.getByRole('row', { name: /Two new foster carers approved this quarter/ });
  await history.waitFor();
  expect(await history.textContent()).toMatch(/Priya Shah.*\(via tab\)/);
  // The audit entry names Priya: the service took the actor from her token.
  const audit = page.getByRole('table', { name: 'Audit trail' });
  await audit
    .getByRole('row', {
      name: /Priya Shah (Review for Q\d \d{4}\/\d{2}|Period review) \(through the register\)/,
    })
    .waitFor();
  // The write went to the review service's API; nothing was written to SharePoint directly.
  expect(writes).toContain('POST /api/register/recordReview');
  expect(writes.filter((w) => w.includes('/_api/') && !w.endsWith('/_api/$batch'))).toEqual([]);
  await page.close();
});

test('an owner opening the new-risk form by URL is told why at once', async () => {
  const page = await signIn('Priya Shah', '?edit=new');
  await page.getByText('The new-risk form is for register managers').waitFor();
  await page.getByText(/members of the SharePoint group “Risk Register Managers”/).waitFor();
  expect(await page.getByRole('form').count()).toBe(0);
  await page.close();
});

async function tabUntil(page: Page, test: () => Promise<boolean>, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await test()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Keyboard focus never reached the expected element.');
}

test('the same path by keyboard alone', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(stack.url);
  await page.getByRole('button', { name: 'Sign in as Morgan Reid' }).waitFor();
  await tabUntil(page, () =>
    page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Sign in as Morgan Reid'),
  );
  await page.keyboard.press('Enter');
  await page.getByRole('grid').waitFor();
  await tabUntil(page, () =>
    page.evaluate(() => document.activeElement?.getAttribute('role') === 'gridcell'),
  );
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /^AH02:/ }).waitFor();
  await tabUntil(page, () => page.evaluate(() => document.activeElement?.textContent === 'Edit risk'));
  await page.keyboard.press('Enter');
  await page.getByRole('form', { name: 'Edit AH02' }).waitFor();
  await tabUntil(page, () =>
    page.evaluate(
      () => (document.activeElement as HTMLInputElement | null)?.value?.startsWith('Deprivation') ?? false,
    ),
  );
  await page.keyboard.press('End');
  await page.keyboard.type(' (keyboard edit)');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /AH02: .*\(keyboard edit\)/ }).waitFor();
  await page.close();
});

const views: { name: string; query: string; ready: (p: Page) => Promise<unknown> }[] = [
  { name: 'register', query: '', ready: (p) => p.getByRole('grid').waitFor() },
  {
    name: 'heatmap',
    query: 'view=heatmap&register=Corporate',
    ready: (p) => p.getByRole('group', { name: /heat map/ }).waitFor(),
  },
  { name: 'summary', query: 'view=summary', ready: (p) => p.getByRole('table').first().waitFor() },
  {
    name: 'reviews',
    query: 'view=reviews',
    ready: (p) => p.getByRole('table', { name: 'Review status by owner' }).waitFor(),
  },
  {
    name: 'settings',
    query: 'view=settings',
    ready: (p) => p.getByRole('table', { name: 'Matrix preview' }).waitFor(),
  },
  { name: 'detail', query: 'risk=1', ready: (p) => p.getByRole('heading', { level: 1 }).nth(1).waitFor() },
  { name: 'new-risk', query: 'edit=new', ready: (p) => p.getByRole('form', { name: 'New risk' }).waitFor() },
];

test.each(['light', 'dark', 'contrast'] as const)(
  'every view in the %s theme has no serious or critical axe violations',
  async (theme) => {
    const page = await signIn('Morgan Reid');
    const failures: string[] = [];
    for (const view of views) {
      await page.goto(`${stack.url}?${view.query}${view.query ? '&' : ''}theme=${theme}`);
      await view.ready(page);
      await page.waitForTimeout(300);
      if (theme !== 'contrast')
        await page.screenshot({ path: path.join(shots, `${view.name}-${theme}.png`), fullPage: true });
      // Tabster (Fluent's focus manager) inserts aria-hidden focus guards that hand focus on at once;
      // axe cannot know that, so they are excluded rather than the rule.
      const result = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'])
        .exclude('[data-tabster-dummy]')
        .analyze();
      for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        failures.push(
          `${view.name}/${theme}: ${v.id} (${v.impact}) ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(' | ')}`,
        );
      }
    }
    expect(failures).toEqual([]);
    await page.close();
  },
);
