import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, describeConfig, loadServiceConfig, type ServiceConfig } from '../../src/server/config';
import { problemsOf, productionEnv } from './config-env';

const fixtures = path.join(__dirname, 'fixtures');
const keyOnly = path.join(fixtures, 'test-only-key.pem');
const thumbprint = '02A8CA391D2E1A109BA38F773F9D362909A0663F2B7D13B9E234E4D59EB95BB7';

function production(config: ServiceConfig) {
  if (config.mode !== 'production') throw new Error(`expected production mode, got ${config.mode}`);
  return config;
}

describe('loadServiceConfig: production', () => {
  it('accepts a complete environment, computes the thumbprint from the PEM and reuses the certificate for the bot', () => {
    const config = production(loadServiceConfig(productionEnv()));
    expect(config.siteUrl).toBe('https://contoso.sharepoint.com/sites/risk');
    expect(config.sharePointResource).toBe('https://contoso.sharepoint.com');
    expect(config.certificate.thumbprintSha256).toBe(thumbprint);
    expect(config.certificate.x5c).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(config.bot.credential.kind).toBe('certificate');
    expect(config.botServiceUrl).toBe('https://smba.trafficmanager.net/teams');
    expect(config.schedule).toEqual({ cron: '0 8 * * 1-5', timeZone: 'Europe/London' });
    expect(config.port).toBe(3978);
    expect(config.graph).toEqual({
      proactiveInstall: true,
      deliveryCheck: false,
      userLookup: false,
      teamsAppId: '5d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d',
    });
  });

  it('is production when LOCAL_MODE is unset, empty or "false": local mode is never the default', () => {
    for (const value of [undefined, '', 'false']) {
      expect(loadServiceConfig(productionEnv({ LOCAL_MODE: value })).mode).toBe('production');
    }
    // Without production settings and without LOCAL_MODE=true the service refuses to start.
    expect(() => loadServiceConfig({ SHAREPOINT_SITE_URL: 'http://127.0.0.1:5001/sites/risk' })).toThrow(
      ConfigError,
    );
  });

  it('refuses LOCAL_MODE values other than "true" or "false" instead of guessing', () => {
    for (const value of ['1', 'yes', 'TRUE ', 'on']) {
      const problems = problemsOf(productionEnv({ LOCAL_MODE: value }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^LOCAL_MODE: must be exactly "true" or "false"/);
    }
  });

  it('lists every missing setting at once, by name', () => {
    const problems = problemsOf({});
    const named = problems.map((p) => p.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining([
        'AZURE_TENANT_ID',
        'SHAREPOINT_SITE_URL',
        'AZURE_CLIENT_ID',
        'BOT_ID',
        'CARD_HMAC_SECRET',
        'AZURE_CLIENT_CERTIFICATE_PATH',
      ]),
    );
    expect(problems.find((p) => p.startsWith('AZURE_TENANT_ID'))).toBe('AZURE_TENANT_ID: is required');
  });

  it('the error message itself lists the problems and points to the guide', () => {
    expect(() => loadServiceConfig(productionEnv({ AZURE_CLIENT_ID: 'not-a-guid' }))).toThrow(
      /AZURE_CLIENT_ID: must be a GUID[\s\S]*docs\/deployment\.md/,
    );
  });

  it.each([
    ['SHAREPOINT_SITE_URL', 'http://contoso.sharepoint.com/sites/risk', /https/],
    ['SHAREPOINT_SITE_URL', 'https://intranet.council.gov.uk/sites/risk', /SharePoint Online site URL/],
    ['SHAREPOINT_SITE_URL', 'contoso.sharepoint.com/sites/risk', /absolute https:\/\/ URL/],
    ['BOT_SERVICE_URL', 'smba.trafficmanager.net/teams', /absolute https:\/\/ URL/],
    ['AZURE_TENANT_ID', 'contoso.onmicrosoft.com', /must be a GUID/],
    ['BOT_ID', '1234', /must be a GUID/],
    ['CARD_HMAC_SECRET', 'short', /at least 32 characters/],
    ['REVIEW_SCHEDULE', 'every monday', /not a valid cron expression/],
    ['REVIEW_TIMEZONE', 'London', /IANA time zone/],
    ['PORT', '80a', /whole number/],
    ['PORT', '70000', /1-65535/],
    ['GRAPH_PROACTIVE_INSTALL', 'yes', /exactly "true" or "false"/],
    ['GRAPH_DELIVERY_CHECK', 'on', /exactly "true" or "false"/],
    ['GRAPH_USER_LOOKUP', 'yes', /exactly "true" or "false"/],
    ['TEAMS_CATALOG_APP_ID', 'my-app', /org catalog/],
  ])('names %s when it is %p', (name, value, message) => {
    const problems = problemsOf(productionEnv({ [name]: value }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${name}: `)).toBe(true);
    expect(problems[0]).toMatch(message);
  });

  it('requires TEAMS_APP_ID for proactive install, and not when it is switched off', () => {
    expect(problemsOf(productionEnv({ TEAMS_APP_ID: undefined }))[0]).toMatch(
      /^TEAMS_APP_ID: is required when/,
    );
    const config = production(
      loadServiceConfig(productionEnv({ TEAMS_APP_ID: undefined, GRAPH_PROACTIVE_INSTALL: 'false' })),
    );
    expect(config.graph).toEqual({ proactiveInstall: false, deliveryCheck: false, userLookup: false });
  });

  it('needs BOT_PASSWORD when the bot is a different app, and uses it', () => {
    const other = '99999999-8888-7777-6666-555555555555';
    expect(problemsOf(productionEnv({ BOT_ID: other }))[0]).toMatch(/^BOT_PASSWORD: is required/);
    const config = production(loadServiceConfig(productionEnv({ BOT_ID: other, BOT_PASSWORD: 's3cret' })));
    expect(config.bot.credential).toEqual({ kind: 'secret', password: 's3cret' });
  });
});

describe('loadServiceConfig: certificate', () => {
  it('needs the thumbprint when the PEM holds only the key, and accepts it with colons', () => {
    expect(problemsOf(productionEnv({ AZURE_CLIENT_CERTIFICATE_PATH: keyOnly }))[0]).toMatch(
      /^AZURE_CLIENT_CERTIFICATE_THUMBPRINT: is required when the PEM holds only the private key/,
    );
    const withColons = thumbprint.match(/../g)?.join(':').toLowerCase() ?? '';
    const config = production(
      loadServiceConfig(
        productionEnv({
          AZURE_CLIENT_CERTIFICATE_PATH: keyOnly,
          AZURE_CLIENT_CERTIFICATE_THUMBPRINT: withColons,
        }),
      ),
    );
    expect(config.certificate.thumbprintSha256).toBe(thumbprint);
    expect(config.certificate.x5c).toBeUndefined();
  });

  it('refuses a SHA-1 thumbprint and one that does not match the certificate', () => {
    expect(problemsOf(productionEnv({ AZURE_CLIENT_CERTIFICATE_THUMBPRINT: 'A'.repeat(40) }))[0]).toMatch(
      /SHA-256 thumbprint \(64 hex characters\)/,
    );
    expect(problemsOf(productionEnv({ AZURE_CLIENT_CERTIFICATE_THUMBPRINT: 'B'.repeat(64) }))[0]).toMatch(
      /does not match the certificate/,
    );
  });

  it('reports an unreadable file, a key that is not a key, and a certificate of another key', () => {
    expect(problemsOf(productionEnv({ AZURE_CLIENT_CERTIFICATE_PATH: '/nonexistent/cert.pem' }))[0]).toMatch(
      /^AZURE_CLIENT_CERTIFICATE_PATH: cannot read \/nonexistent\/cert\.pem/,
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const junk = path.join(dir, 'junk.pem');
    writeFileSync(junk, 'not a pem');
    expect(problemsOf(productionEnv({ AZURE_CLIENT_CERTIFICATE_PATH: junk }))[0]).toMatch(
      /holds no "-----BEGIN PRIVATE KEY/,
    );
    expect(
      problemsOf(
        productionEnv({
          AZURE_CLIENT_CERTIFICATE_PATH: path.join(fixtures, 'test-only-key-with-other-cert.pem'),
        }),
      )[0],
    ).toMatch(/does not belong to the certificate/);
  });

  it('takes the key from a setting with escaped line breaks (App Service style)', () => {
    const pem = readFileSync(keyOnly, 'utf8');
    const config = production(
      loadServiceConfig(
        productionEnv({
          AZURE_CLIENT_CERTIFICATE_PATH: undefined,
          AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY: pem.replace(/\n/g, '\\n'),
          AZURE_CLIENT_CERTIFICATE_THUMBPRINT: thumbprint,
        }),
      ),
    );
    expect(config.certificate.privateKey).toContain('-----BEGIN PRIVATE KEY-----\n');
  });
});

describe('loadServiceConfig: local mode and the settings file', () => {
  it('runs local mode only when asked, with local defaults and a clear warning line', () => {
    const config = loadServiceConfig({
      LOCAL_MODE: 'true',
      SHAREPOINT_SITE_URL: 'http://127.0.0.1:5001/sites/risk',
    });
    expect(config.mode).toBe('local');
    if (config.mode !== 'local') return;
    expect(config.botServiceUrl).toBe('http://localhost:56150/_connector');
    expect(config.cardHmacSecret.length).toBeGreaterThanOrEqual(32);
    expect(describeConfig(config)[0]).toMatch(/LOCAL MODE: bot tokens are NOT validated/);
  });

  it('still needs the site in local mode', () => {
    expect(problemsOf({ LOCAL_MODE: 'true' })[0]).toMatch(/^SHAREPOINT_SITE_URL: is required/);
  });

  it('reads RISK_REGISTER_CONFIG, and the environment overrides the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ ...productionEnv(), PORT: 8080, REVIEW_TIMEZONE: 'Europe/Dublin' }));
    const config = loadServiceConfig({ RISK_REGISTER_CONFIG: file, PORT: '9090' });
    expect(config.port).toBe(9090);
    expect(config.schedule.timeZone).toBe('Europe/Dublin');
  });

  it('names the settings file when it is not a JSON object of settings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cfg-'));
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "PORT": ');
    expect(problemsOf({ RISK_REGISTER_CONFIG: broken })[0]).toMatch(
      /^RISK_REGISTER_CONFIG: cannot read .*broken\.json as JSON/,
    );
    const nested = path.join(dir, 'nested.json');
    writeFileSync(nested, JSON.stringify({ BOT: { ID: 'x' } }));
    expect(problemsOf({ RISK_REGISTER_CONFIG: nested })[0]).toMatch(
      /^BOT \(in .*nested\.json\): must be a string/,
    );
  });

  it('never prints secrets in the start-up description', () => {
    const config = loadServiceConfig(
      productionEnv({ BOT_ID: '99999999-8888-7777-6666-555555555555', BOT_PASSWORD: 'hunter2-secret' }),
    );
    const text = describeConfig(config).join('\n');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('k'.repeat(48));
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).toContain('Delivery check via Graph before re-sending an unacknowledged card: off');
    expect(text).toContain('catalog read, needs AppCatalog.Read.All');
  });
});
