/**
 * A register larger than the first screen, in Debian's Chromium against the real local stack (list
 * service, PnPjs, the production read path): every risk is listed at once from the compact
 * projection, and a jump to the end of the grid reads just the rows shown there, by ID, in two
 * requests after the scrolling pauses; the rest of the register is read only when a view needs it.
 */
import type { Browser } from 'playwright-core';
import { demoRiskOwners, demoService, demoSiteOwner } from '../../src/emulator';
import { provision } from '../../src/sharepoint';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { seedRegister } from '../../bench/lib/seed';
import { launchChromium } from './helpers/browser';
import { startTestStack, type TestStack } from './helpers/stack';

jest.setTimeout(400_000);

let stack: TestStack;
let browser: Browser;
const count = 600;

beforeAll(async () => {
  stack = await startTestStack();
  // As the stack does: the site owner provisions, the review service's identity writes the risks.
  const owner = createSpClient({ siteUrl: stack.siteUrl, getToken: async () => demoSiteOwner.token });
  await provision(owner, { registers: ['Bench'], permissions: { serviceLogin: demoService.loginName } });
  const sp = createSpClient({ siteUrl: stack.siteUrl, getToken: async () => demoService.token });
  const owners = demoRiskOwners.map((u) => ({ id: u.id as number, name: u.title, email: u.email }));
  await seedRegister(sp, { register: 'Bench', count, ownerOf: (k) => owners[k % owners.length]! });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

test('lists every risk at once and reads the rows on screen as the grid scrolls', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const api: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/_api/')) api.push(r.url());
  });
  await page.goto(`${stack.url}?register=Bench`);
  await page.getByRole('button', { name: 'Sign in as Morgan Reid' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: new RegExp(`Showing ${count} of \\d+ risks`) })
    .waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes('risks so far'));
  const grid = page.getByRole('grid');
  await grid.getByRole('row', { name: /B00001 Bench risk B00001/ }).waitFor();

  // The end of the register: its references at once, its titles once read (two REST requests).
  const before = api.length;
  await grid.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await grid.getByRole('row', { name: new RegExp(`B00${count}`) }).waitFor();
  await grid
    .getByRole('row', { name: new RegExp(`B00${count} Bench risk B00${count}: service continuity`) })
    .waitFor();
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('[role="grid"] [role="row"]')].some((r) =>
        r.textContent?.includes('Loading…'),
      ),
  );
  expect(api.length - before).toBe(2);

  // A search needs every risk's texts: the rest is read then, and the search finds a risk far down.
  await page.getByRole('searchbox').fill('B00450');
  await page
    .getByRole('status')
    .filter({ hasText: /Showing 1 of \d+ risks/ })
    .waitFor();
  await grid.getByRole('row', { name: /B00450 Bench risk B00450/ }).waitFor();
  await context.close();
});
