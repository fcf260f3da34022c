/**
 * The bot signing in as a user-assigned managed identity (Azure Bot "UserAssignedMSI", as
 * infra/azure.bicep registers it): configuration, the review service's options, and the real Teams
 * SDK and MSAL Node getting the Bot Framework token from App Service's managed identity endpoint.
 * The endpoint is a local stand-in speaking App Service's documented protocol (Learn, "How to use
 * managed identities for App Service and Azure Functions", REST endpoint reference: GET
 * IDENTITY_ENDPOINT?resource=…&api-version=2019-08-01&client_id=… with the X-IDENTITY-HEADER header).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadServiceConfig } from '../../src/server/config';
import { productionEnv, problemsOf } from './config-env';
import { reviewServiceOptions } from '../../src/server/config-service';
import { createTeamsApp, startTeamsApp } from '../../src/server/review-teams';
import { silentLogger } from '../../src/review/context';

const identity = 'a1b2c3d4-0000-4000-8000-1234567890ab';
const env = productionEnv({
  SHAREPOINT_SITE_URL: 'https://contoso.sharepoint.com/sites/risk',
  BOT_ID: identity,
  BOT_MANAGED_IDENTITY_CLIENT_ID: identity,
  CARD_HMAC_SECRET: 'z'.repeat(40),
});
const problems = problemsOf;

describe('the bot as a managed identity', () => {
  it('needs no BOT_PASSWORD and hands the identity to the Teams SDK', () => {
    const options = reviewServiceOptions(loadServiceConfig(env));
    expect(options.botId).toBe(identity);
    expect(options.botManagedIdentityClientId).toBe(identity);
    expect(options.botPassword).toBeUndefined();
  });

  it('refuses a secret and an identity together, and an identity that is not a GUID or "system"', () => {
    expect(problems({ ...env, BOT_PASSWORD: 's3cret' })[0]).toMatch(/^BOT_PASSWORD: set either/);
    expect(problems({ ...env, BOT_MANAGED_IDENTITY_CLIENT_ID: 'my-identity' })[0]).toMatch(
      /^BOT_MANAGED_IDENTITY_CLIENT_ID: must be "system" or the client id/,
    );
  });

  describe('against a managed identity endpoint and a connector', () => {
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    const tokenRequests: URL[] = [];
    const sent: { auth: string | undefined; url: string }[] = [];
    let msi: http.Server;
    let connector: http.Server;
    // A JWT-shaped token (the SDK parses it); its signature is never checked by the sender.
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ aud: 'https://api.botframework.com', appid: identity, exp: Math.floor(Date.now() / 1000) + 3600 })}.c2ln`;

    beforeAll(async () => {
      msi = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        tokenRequests.push(url);
        if (req.headers['x-identity-header'] !== 'local-secret-header') {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            access_token: token,
            expires_on: String(Math.floor(Date.now() / 1000) + 3600),
            resource: url.searchParams.get('resource'),
            token_type: 'Bearer',
            client_id: url.searchParams.get('client_id'),
          }),
        );
      });
      connector = http.createServer((req, res) => {
        sent.push({ auth: req.headers.authorization, url: req.url ?? '' });
        req.resume();
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: 'activity-1' }));
      });
      await Promise.all(
        [msi, connector].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))),
      );
      process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(msi.address() as AddressInfo).port}/msi/token`;
      process.env.IDENTITY_HEADER = 'local-secret-header';
    });

    afterAll(async () => {
      if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
      else process.env.IDENTITY_ENDPOINT = saved.endpoint;
      if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
      else process.env.IDENTITY_HEADER = saved.header;
      await Promise.all([msi, connector].map((s) => new Promise((resolve) => s.close(resolve))));
    });

    it('sends a proactive message with a Bot Framework token of the identity, no secret anywhere', async () => {
      const { app: bot, server } = createTeamsApp({
        clientId: identity,
        managedIdentityClientId: identity,
        tenantId: env.AZURE_TENANT_ID,
        serviceUrl: `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`,
        local: false,
        port: 0,
        log: silentLogger,
      });
      await startTeamsApp(bot, server, 0);
      try {
        await bot.send('a:conversation-1', { type: 'message', text: 'Your quarterly review is due' });
      } finally {
        await bot.stop();
      }
      expect(tokenRequests.length).toBeGreaterThanOrEqual(1);
      const asked = tokenRequests[0] as URL;
      expect(asked.searchParams.get('resource')).toBe('https://api.botframework.com');
      expect(asked.searchParams.get('client_id')).toBe(identity);
      expect(sent.map((s) => s.auth)).toEqual([`Bearer ${token}`]);
      expect(sent[0]?.url).toContain('/v3/conversations/a:conversation-1/activities');
    });
  });
});
