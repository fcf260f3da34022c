/**
 * One settings source, every URL in agreement. From manifest/settings.example.json (the documented
 * settings file) plus the two secrets a deployment passes in the environment, this builds the Teams
 * app package (scripts/package-teams.ts), reads the SharePoint package's config
 * (webparts/config/package-solution.json), loads the review service's configuration, and sends real
 * cards (review, intro, recorded answer, reminder, digest) with the links the service makes. Then:
 * every tab URL in the manifest and every link in every card opens a registered redirect URI (or is a
 * Teams deep link), and the redirect URIs are the ones docs/deployment.md tells the admin to register.
 *
 * Manifest rules checked here, with their sources (Microsoft Learn):
 * - "App manifest schema" (learn.microsoft.com/microsoft-365/extensibility/schema/root): the tab
 *   URLs (`configurationUrl`, `contentUrl`, `websiteUrl`) must be https, and their domains must be in
 *   `validDomains`; `webApplicationInfo.resource` is the Application ID URI of the Entra app.
 * - "Enable SSO for tab app" / "Use Nested App Authentication" (learn.microsoft.com/microsoftteams/
 *   platform/concepts/authentication/nested-authentication): the SPA redirect URI for NAA is
 *   `brk-multihub://<your domain>`.
 * - "Redirect URI (reply URL) restrictions" (learn.microsoft.com/entra/identity-platform/reply-url):
 *   a redirect URI must match a registered one exactly, else AADSTS50011.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPackageSettings, redirectUris } from '../../scripts/package-settings';
import { buildTeamsPackage } from '../../scripts/package-teams';
import { chasePeriod } from '../../src/review/chasing';
import { createDispatcher } from '../../src/review/dispatcher';
import { loadServiceConfig } from '../../src/server/config';
import { reviewServiceOptions } from '../../src/server/config-service';
import { tabLinks } from '../../src/server/review-service';
import { priya, world } from '../review/fakes';
import { answer, cardFor, PERIOD, run } from '../review/helpers';

const root = path.join(__dirname, '..', '..');
const settingsFile = path.join(root, 'manifest', 'settings.example.json');
const fileSettings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, string>;
const testCert = readFileSync(path.join(__dirname, 'fixtures', 'test-only-cert-and-key.pem'), 'utf8');
// The file names the certificate where App Service keeps it; the test hands in a test-only one there.
const readFile = (p: string) =>
  p === fileSettings.AZURE_CLIENT_CERTIFICATE_PATH ? testCert : readFileSync(p, 'utf8');
// Secrets are never in the settings file: the environment adds them (and wins over the file).
const env = {
  RISK_REGISTER_CONFIG: settingsFile,
  CARD_HMAC_SECRET: 's'.repeat(48),
  BOT_PASSWORD: 'bot-client-secret',
};

/** Every string in a JSON value that looks like a URL (a card's `$schema` names its format, not a link). */
function urlsIn(value: unknown): string[] {
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (k === '$schema' ? [] : urlsIn(v)));
  return [];
}

/** A URL a person can open from Teams and sign in at: a registered redirect URI with a query, or a deep link. */
function opensRegisteredPage(url: string, registered: string[]): boolean {
  if (url.startsWith('https://teams.microsoft.com/l/')) return true;
  const u = new URL(url);
  return registered.includes(`${u.origin}${u.pathname}`);
}

describe('settings, packages, redirect URIs and card links agree', () => {
  it('builds everything from manifest/settings.example.json and every link opens a registered redirect URI', async () => {
    const pkg = loadPackageSettings({ RISK_REGISTER_CONFIG: settingsFile });
    const { manifest } = await buildTeamsPackage({
      settings: pkg,
      outDir: mkdtempSync(path.join(tmpdir(), 'settings-links-')),
    });
    const config = loadServiceConfig(env, { readFile });
    const options = reviewServiceOptions(config);
    const registered = redirectUris(pkg);

    // The service read TAB_BASE_URL from the settings file, not only from the environment.
    expect(config.tabBaseUrl).toBe(fileSettings.TAB_BASE_URL);
    expect(options.tabUrl).toBe(fileSettings.TAB_BASE_URL);
    expect(pkg.tabBaseUrl).toBe(config.tabBaseUrl);
    expect(registered).toEqual([
      'https://risk-register.contoso.gov.uk/tab/index.html',
      'brk-multihub://risk-register.contoso.gov.uk',
    ]);

    // The redirect URIs docs/deployment.md tells the admin to register are exactly these.
    const guide = readFileSync(path.join(root, 'docs', 'deployment.md'), 'utf8');
    const step = guide.slice(
      guide.indexOf('**Authentication** > Add a platform'),
      guide.indexOf('3. **Expose an API**'),
    );
    const documented = [...step.matchAll(/`((?:https|brk-multihub):\/\/[^`]+)`/g)].map((m) => m[1]);
    expect(documented).toEqual(registered);
    // And the ones the Agents Toolkit's app registration template (infra/aad.manifest.json) registers.
    const aad = JSON.parse(
      readFileSync(path.join(root, 'infra', 'aad.manifest.json'), 'utf8')
        .replaceAll('${{TAB_BASE_URL}}', pkg.tabBaseUrl)
        .replaceAll('${{TAB_DOMAIN}}', new URL(pkg.tabBaseUrl).host),
    ) as { spa: { redirectUris: string[] } };
    expect(aad.spa.redirectUris).toEqual(registered);

    // Manifest: every tab URL is the tab's page, https, on a valid domain; the API resource matches.
    const m = manifest as {
      configurableTabs: { configurationUrl: string }[];
      staticTabs: { contentUrl?: string; websiteUrl?: string }[];
      validDomains: string[];
      webApplicationInfo: { id: string; resource: string };
      developer: Record<string, string>;
    };
    const tabUrls = [
      ...m.configurableTabs.map((t) => t.configurationUrl),
      ...m.staticTabs.flatMap((t) => [t.contentUrl, t.websiteUrl]).filter((u): u is string => !!u),
    ];
    expect(tabUrls.length).toBeGreaterThan(0);
    for (const url of tabUrls) {
      expect(url.startsWith('https://')).toBe(true);
      expect(opensRegisteredPage(url, registered)).toBe(true);
      expect(m.validDomains).toContain(new URL(url).host);
    }
    expect(m.webApplicationInfo).toEqual({
      id: config.mode === 'production' ? config.clientId : '',
      resource: fileSettings.API_APP_ID_URI,
    });
    // The service accepts tokens for exactly that Application ID URI, and the tab's origin may call it.
    expect(options.writeApi?.token.audience).toContain(m.webApplicationInfo.resource);
    expect(options.writeApi?.allowedOrigins).toContain(new URL(registered[0]!).origin);
    for (const url of urlsIn(m.developer)) expect(url.startsWith('https://')).toBe(true);

    // The SharePoint package asks for the same API's scope.
    const solution = JSON.parse(
      readFileSync(path.join(root, 'webparts', 'config', 'package-solution.json'), 'utf8'),
    ) as {
      solution: { webApiPermissionRequests: { resource: string; scope: string }[] };
    };
    expect(solution.solution.webApiPermissionRequests).toEqual([
      expect.objectContaining({ scope: 'access_as_user' }),
    ]);

    // Cards: the review flow with the service's own links, through every card that carries one.
    const w = world();
    w.deps.links = tabLinks(options.tabUrl!);
    w.teams.addChat(priya.email);
    await run(w);
    const { card } = cardFor(w, 'CRR0001');
    const recorded = await answer(w, card, 'confirm', {
      likelihood: '3',
      impact: '4',
      comment: 'No change this quarter.',
    });
    expect(JSON.stringify(recorded)).toContain('Recorded');
    const DAY = 24 * 3600 * 1000;
    w.clock.advance(8 * DAY);
    await chasePeriod(w.deps, createDispatcher(w.deps), PERIOD); // reminders
    w.clock.advance(7 * DAY);
    await chasePeriod(w.deps, createDispatcher(w.deps), PERIOD); // digest
    const sent = w.teams.sent.map((s) => s.activity);
    const links = [...urlsIn(sent), ...urlsIn(recorded)].filter(
      (u) => !u.startsWith('https://adaptivecards.io/'),
    );
    const kinds = new Set(links.map((u) => new URL(u).searchParams.keys().next().value));
    // A risk link (review, recorded, reminder), the owner's risks (intro) and the status view (digest).
    expect(kinds).toEqual(new Set(['risk', 'owner', 'view']));
    const wrong = links.filter((u) => !opensRegisteredPage(u, registered));
    expect(wrong).toEqual([]);
  });

  it('refuses a production service without TAB_BASE_URL, naming it', () => {
    const withoutTab = JSON.stringify({ ...fileSettings, TAB_BASE_URL: undefined });
    expect(() =>
      loadServiceConfig(env, { readFile: (p) => (p === settingsFile ? withoutTab : readFile(p)) }),
    ).toThrow(/TAB_BASE_URL: is required/);
  });
});
