/**
 * The tab in a TeamsJS host (tests/e2e/helpers/teams-host.ts): the real @microsoft/teams-js and the
 * real MSAL nested app client in Chromium, framed as Teams desktop/web runs a tab and frameless as
 * Teams mobile does. Adding the channel tab, reconfiguring it, a live theme change, the Nested App
 * Authentication silent path, a mobile start, and the sign-in button wherever silent sign-in needs
 * the person: never a redirect inside the iframe.
 */
import type { Browser, Frame } from 'playwright-core';
import { demoManager, demoRiskOwners } from '../../src/emulator';
import { channelTabSettings } from '../../src/tab/config/channel-tab';
import { launchChromium } from './helpers/browser';
import { startTestStack, type TestStack } from './helpers/stack';
import { openInTeams, tabOrigin, type HostPerson, type TeamsHost } from './helpers/teams-host';

jest.setTimeout(300_000);

let stack: TestStack;
let browser: Browser;
const hosts: TeamsHost[] = [];

const morgan: HostPerson = {
  name: demoManager.title,
  email: demoManager.email,
  listToken: demoManager.token,
};
const priyaUser = demoRiskOwners[0]!;
const priya: HostPerson = { name: priyaUser.title, email: priyaUser.email, listToken: priyaUser.token };

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchChromium();
});

afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

async function open(options: Parameters<typeof openInTeams>[2]): Promise<TeamsHost> {
  const host = await openInTeams(browser, stack, options);
  hosts.push(host);
  return host;
}

/** The Fluent provider's background, which the theme sets. */
function background(frame: Frame): Promise<string> {
  return frame
    .locator('.fui-FluentProvider')
    .first()
    .evaluate((el) => getComputedStyle(el).backgroundColor);
}

async function until(test: () => boolean | Promise<boolean>, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

test('adding the channel tab: Save is enabled once a register can be chosen, and the choice is saved', async () => {
  const host = await open({
    person: morgan,
    clientType: 'web',
    frameContext: 'settings',
    path: '/index.html?page=config',
  });
  const tab = host.tab();
  await tab.getByRole('option', { name: 'Corporate' }).waitFor({ state: 'attached' });
  // The page waited for initialisation before touching pages.config (TeamsJS refuses it before).
  const initialized = host.calls.indexOf('initialize');
  expect(initialized).toBe(0);
  expect(host.calls.indexOf('registerHandler')).toBeGreaterThan(initialized);
  expect(host.calls.indexOf('settings.setValidityState')).toBeGreaterThan(initialized);
  await until(() => host.validity() === true, 'Save to be enabled');
  await tab.getByRole('combobox', { name: /Register/ }).selectOption('Corporate');
  await tab.getByRole('radio', { name: 'Heat map' }).check();
  await expect(host.pressSave()).resolves.toEqual({ ok: true });
  expect(host.savedSettings()).toEqual(
    channelTabSettings(tabOrigin, { register: 'Corporate', view: 'heatmap' }),
  );
  expect(host.calls).toContain('settings.setSettings');
});

test('a content URL outside the app’s valid domains is refused by Teams and the page reports the failure', async () => {
  const host = await open({
    person: morgan,
    clientType: 'web',
    frameContext: 'settings',
    path: '/index.html?page=config',
    validDomains: ['risk.other-council.example'],
  });
  await host.tab().getByRole('option', { name: 'Corporate' }).waitFor({ state: 'attached' });
  await until(() => host.validity() === true, 'Save to be enabled');
  await expect(host.pressSave()).resolves.toEqual({
    ok: false,
    reason: `The content URL ${tabOrigin}/index.html is not on the app's valid domains.`,
  });
  expect(host.savedSettings()).toBeUndefined();
});

test('reconfiguring shows the saved choice from pages.getConfig()', async () => {
  const saved = channelTabSettings(tabOrigin, { register: 'Corporate', view: 'summary' });
  // Teams opens the configurationUrl as registered: the page's own query says nothing of the choice.
  const host = await open({
    person: morgan,
    clientType: 'desktop',
    frameContext: 'settings',
    path: '/index.html?page=config',
    saved,
  });
  const tab = host.tab();
  await tab.getByRole('option', { name: 'Corporate' }).waitFor({ state: 'attached' });
  expect(host.calls).toContain('settings.getSettings');
  await until(
    async () => (await tab.getByRole('combobox', { name: /Register/ }).inputValue()) === 'Corporate',
    'the saved register',
  );
  expect(await tab.getByRole('radio', { name: 'Summary' }).isChecked()).toBe(true);
  await until(() => host.validity() === true, 'Save to be enabled');
});

test('NAA: the tab signs in silently through the host, with no prompt and no sign-in page', async () => {
  const host = await open({ person: priya, clientType: 'web', frameContext: 'content', path: '/index.html' });
  const tab = host.tab();
  await tab.getByRole('grid').waitFor();
  expect(host.bridge.map((b) => b.method)).toContain('GetInitContext');
  expect(host.bridge).toContainEqual({ method: 'GetToken', scope: `${tabOrigin}/.default` });
  expect(host.bridge.map((b) => b.method)).not.toContain('GetTokenPopup');
  expect(host.signInRequests).toEqual([]);
  expect(host.popups).toEqual([]);
  expect(new URL(tab.url()).origin).toBe(tabOrigin);
  expect(await tab.getByRole('button', { name: 'Sign in with Microsoft' }).count()).toBe(0);

  // A write goes to the review service with the API token the host brokered, silently too.
  await tab.getByRole('row', { name: /CS01/ }).click();
  await tab.getByRole('button', { name: 'Record review' }).click();
  const form = tab.getByRole('form', { name: /Review of CS01/ });
  await form.getByLabel('Comment for this period').fill('Recorded from Teams through NAA.');
  await form.getByRole('button', { name: /Confirm rating|Save changed rating/ }).click();
  const history = tab.getByRole('row', { name: /Recorded from Teams through NAA/ });
  await history.waitFor();
  expect(await history.textContent()).toMatch(/Priya Shah.*\(via tab\)/);
  expect(host.bridge).toContainEqual({
    method: 'GetToken',
    scope: `${stack.identity.audience}/access_as_user`,
  });
  expect(host.bridge.map((b) => b.method)).not.toContain('GetTokenPopup');
  expect(host.popups).toEqual([]);
});

test('a theme change in Teams is applied live', async () => {
  const host = await open({ person: priya, clientType: 'web', frameContext: 'content', path: '/index.html' });
  const tab = host.tab();
  await tab.getByRole('grid').waitFor();
  const light = await background(tab);
  expect(light).toBe('rgb(255, 255, 255)');
  expect(host.calls).toContain('registerHandler');
  await host.setTheme('dark');
  await until(async () => (await background(tab)) !== light, 'the dark theme');
  const [r, g, b] = (await background(tab)).match(/\d+/g)!.map(Number);
  expect(r! + g! + b!).toBeLessThan(3 * 80);
  // Still the same page: the change needed no reload.
  await tab.getByRole('grid').waitFor();
});

test('Teams mobile: the tab starts frameless through nativeInterface and signs in through the native bridge', async () => {
  const host = await open({
    person: priya,
    clientType: 'android',
    frameContext: 'content',
    path: '/index.html',
  });
  const tab = host.tab();
  await tab.getByRole('grid').waitFor();
  expect(host.page.frames()).toHaveLength(1);
  expect(host.calls[0]).toBe('initialize');
  expect(host.calls).toContain('getContext');
  expect(host.bridge).toContainEqual({ method: 'GetToken', scope: `${tabOrigin}/.default` });
  expect(host.bridge.map((b) => b.method)).not.toContain('GetTokenPopup');
  expect(host.signInRequests).toEqual([]);
});

test('when the host needs the person, a sign-in button asks the host to prompt (GetTokenPopup)', async () => {
  const host = await open({
    person: priya,
    clientType: 'web',
    frameContext: 'content',
    path: '/index.html',
    silentNeedsInteraction: true,
  });
  const tab = host.tab();
  const button = tab.getByRole('button', { name: 'Sign in with Microsoft' });
  await button.waitFor();
  expect(host.bridge.map((b) => b.method)).not.toContain('GetTokenPopup');
  await button.click();
  await tab.getByRole('grid').waitFor();
  expect(host.bridge.map((b) => b.method)).toContain('GetTokenPopup');
  expect(host.signInRequests).toEqual([]);
});

test('where the host does not recommend NAA, sign-in is a popup from a button, never a redirect in the iframe', async () => {
  const host = await open({
    person: priya,
    clientType: 'web',
    frameContext: 'content',
    path: '/index.html',
    naaRecommended: false,
  });
  const tab = host.tab();
  const button = tab.getByRole('button', { name: 'Sign in with Microsoft' });
  await button.waitFor();
  expect(host.bridge).toEqual([]);
  expect(host.signInRequests).toEqual([]);
  const popup = host.page.waitForEvent('popup');
  await button.click();
  await popup;
  await until(() => host.signInRequests.length > 0, 'the sign-in request');
  // MSAL's popup went to the authorize endpoint; nothing in the tab's page did.
  expect(host.signInRequests.map((r) => r.from)).not.toContain('tab');
  expect(host.signInRequests[0]!.url).toMatch(/\/oauth2\/v2\.0\/authorize\?/);
  // The person declines in the popup: the response comes back through the redirect URI page to the
  // tab, which says so and offers the button again.
  await tab
    .getByRole('alert')
    .filter({ hasText: /Sign-in did not finish.*declined/ })
    .waitFor();
  expect(await button.isEnabled()).toBe(true);
  // The tab itself stayed where it was.
  expect(new URL(host.tab().url()).origin).toBe(tabOrigin);
});

test('in an iframe whose parent never answers as Teams, the tab offers sign-in instead of redirecting', async () => {
  const host = await open({
    person: priya,
    clientType: 'web',
    frameContext: 'content',
    path: '/index.html',
    silent: true,
  });
  const tab = host.tab();
  await tab.getByRole('button', { name: 'Sign in with Microsoft' }).waitFor({ timeout: 30_000 });
  expect(host.signInRequests).toEqual([]);
  expect(new URL(host.tab().url()).origin).toBe(tabOrigin);
});
