import path from 'node:path';
import { ConfigError, loadServiceConfig } from '../../src/server/config';
import { reviewServiceOptions } from '../../src/server/config-service';

const app = '7d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d';
const env = {
  AZURE_TENANT_ID: '11111111-2222-3333-4444-555555555555',
  SHAREPOINT_SITE_URL: 'https://contoso.sharepoint.com/sites/risk',
  AZURE_CLIENT_ID: app,
  AZURE_CLIENT_CERTIFICATE_PATH: path.join(__dirname, 'fixtures', 'test-only-cert-and-key.pem'),
  TEAMS_APP_ID: '5d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d',
  BOT_ID: '99999999-8888-7777-6666-555555555555',
  BOT_PASSWORD: 'bot-secret',
  CARD_HMAC_SECRET: 'z'.repeat(40),
  REVIEW_SCHEDULE: '30 7 * * 1',
  TAB_BASE_URL: 'https://risk.contoso.gov.uk/tab',
};

describe('reviewServiceOptions', () => {
  it('runs production with token validation, the bot secret, the schedule and Graph install', () => {
    const options = reviewServiceOptions(loadServiceConfig(env), {
      tabUrl: 'https://risk.contoso.gov.uk/tab',
    });
    expect(options).toMatchObject({
      local: false,
      siteUrl: 'https://contoso.sharepoint.com/sites/risk',
      botId: '99999999-8888-7777-6666-555555555555',
      botPassword: 'bot-secret',
      tenantId: '11111111-2222-3333-4444-555555555555',
      serviceUrl: 'https://smba.trafficmanager.net/teams',
      cron: '30 7 * * 1',
      port: 3978,
      tabUrl: 'https://risk.contoso.gov.uk/tab',
      cardSecret: 'z'.repeat(40),
    });
    expect(options.graph?.manifestId).toBe('5d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d');
    expect(typeof options.tokenProvider).toBe('function');
    // Off by default: reading chat messages is a protected API that Microsoft must approve first.
    expect(options.deliveryCheck).toBeUndefined();
    // No catalog id: the catalog is read (AppCatalog.Read.All); no Graph user look-up.
    expect(options.graph?.catalogAppId).toBeUndefined();
    expect(options.userLookupGraph).toBeUndefined();
    expect(options.timeZone).toBe('Europe/London');
  });

  it('turns the delivery check, the catalog id and the Graph user look-up on when asked', () => {
    const options = reviewServiceOptions(
      loadServiceConfig({
        ...env,
        GRAPH_DELIVERY_CHECK: 'true',
        GRAPH_USER_LOOKUP: 'true',
        TEAMS_CATALOG_APP_ID: 'A1B2C3D4-0000-4000-8000-000000000001',
        REVIEW_TIMEZONE: 'Europe/Dublin',
      }),
    );
    expect(options.deliveryCheck).toMatchObject({
      botAppId: '99999999-8888-7777-6666-555555555555',
      manifestId: '5d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d',
    });
    expect(typeof options.deliveryCheck?.getToken).toBe('function');
    expect(options.graph?.catalogAppId).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(typeof options.userLookupGraph?.getToken).toBe('function');
    expect(options.timeZone).toBe('Europe/Dublin');
  });

  it("validates write API tokens against the tenant's Entra keys, for the app's own audience", () => {
    const options = reviewServiceOptions(
      loadServiceConfig({ ...env, API_ALLOWED_ORIGINS: 'https://intranet.contoso.gov.uk' }),
      { tabUrl: 'https://risk.contoso.gov.uk/tab' },
    );
    expect(options.writeApi).toEqual({
      token: {
        issuer: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
        jwksUrl: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/discovery/v2.0/keys',
        audience: [app, `api://${app}`],
      },
      allowedOrigins: [
        'https://risk.contoso.gov.uk',
        'https://contoso.sharepoint.com',
        'https://intranet.contoso.gov.uk',
      ],
      managerGroup: 'Risk Register Managers',
    });
    expect(() => loadServiceConfig({ ...env, API_ALLOWED_ORIGINS: 'http://x.example/path' })).toThrow(
      /API_ALLOWED_ORIGINS: must be a comma-separated list of https origins/,
    );
  });

  it('leaves Graph out when proactive install and the delivery check are off', () => {
    const options = reviewServiceOptions(
      loadServiceConfig({ ...env, GRAPH_PROACTIVE_INSTALL: 'false', GRAPH_DELIVERY_CHECK: 'false' }),
    );
    expect(options.graph).toBeUndefined();
    expect(options.deliveryCheck).toBeUndefined();
  });

  it('refuses, naming BOT_PASSWORD, a bot that would sign in with the certificate', () => {
    const config = loadServiceConfig({ ...env, BOT_ID: app, BOT_PASSWORD: undefined });
    expect(() => reviewServiceOptions(config)).toThrow(ConfigError);
    expect(() => reviewServiceOptions(config)).toThrow(/BOT_PASSWORD: is required/);
  });

  it('switches token validation off only in local mode, with the demo token', async () => {
    const options = reviewServiceOptions(
      loadServiceConfig({
        LOCAL_MODE: 'true',
        SHAREPOINT_SITE_URL: 'http://127.0.0.1:5001/sites/risk',
        SP_ACCESS_TOKEN: 'demo-service',
      }),
    );
    expect(options.local).toBe(true);
    await expect(options.tokenProvider()).resolves.toBe('demo-service');
  });
});
