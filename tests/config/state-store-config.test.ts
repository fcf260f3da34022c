/**
 * REVIEW_STATE_STORE and its settings (src/server/config-state.ts): SQLite by default, Azure Table
 * Storage by endpoint and managed identity or by connection string; contradictory settings and SQLite
 * on App Service's /home share are refused, naming the setting; the connection string is never logged.
 * Every setting is documented in docs/deployment.md and is one the production service reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeConfig, loadServiceConfig, productionSettingNames } from '../../src/server/config';
import { reviewServiceOptions } from '../../src/server/config-service';
import { problemsOf, productionEnv as baseEnv, type Env } from './config-env';

const identity = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';

const productionEnv = (overrides: Env = {}) => baseEnv({ BOT_PASSWORD: 'bot-secret', ...overrides });
const localEnv = (overrides: Env = {}) => ({
  LOCAL_MODE: 'true',
  SHAREPOINT_SITE_URL: 'http://127.0.0.1:5001/sites/risk',
  ...overrides,
});

const azurite =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ==;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

describe('REVIEW_STATE_STORE', () => {
  it('is SQLite by default, in both modes', () => {
    expect(loadServiceConfig(productionEnv()).stateStore).toEqual({ kind: 'sqlite' });
    expect(loadServiceConfig(localEnv({ REVIEW_STATE_PATH: '/tmp/s.db' })).stateStore).toEqual({
      kind: 'sqlite',
      path: '/tmp/s.db',
    });
  });

  it('takes Azure Table Storage by endpoint and managed identity, and says so without secrets', () => {
    const config = loadServiceConfig(
      productionEnv({
        REVIEW_STATE_STORE: 'azure-tables',
        REVIEW_STATE_TABLE_ENDPOINT: 'https://riskstate01.table.core.windows.net/',
        REVIEW_STATE_IDENTITY_CLIENT_ID: identity.toUpperCase(),
      }),
    );
    expect(config.stateStore).toEqual({
      kind: 'azure-tables',
      table: 'reviewstate',
      endpoint: 'https://riskstate01.table.core.windows.net',
      managedIdentityClientId: identity,
    });
    expect(describeConfig(config).at(-1)).toBe(
      `State: Azure Table Storage table 'reviewstate' at https://riskstate01.table.core.windows.net with managed identity ${identity}`,
    );
    const options = reviewServiceOptions(config);
    expect(options.stateStore).toMatchObject({
      kind: 'azure-tables',
      endpoint: 'https://riskstate01.table.core.windows.net',
      table: 'reviewstate',
    });
    expect(options.stateStore?.kind === 'azure-tables' && options.stateStore.credential).toBeTruthy();
  });

  it('takes a connection string (Azurite locally) and never prints it', () => {
    const config = loadServiceConfig(
      localEnv({
        REVIEW_STATE_STORE: 'azure-tables',
        REVIEW_STATE_TABLE_CONNECTION_STRING: azurite,
        REVIEW_STATE_TABLE_NAME: 'state2',
      }),
    );
    expect(config.stateStore).toEqual({ kind: 'azure-tables', table: 'state2', connectionString: azurite });
    expect(describeConfig(config).join('\n')).not.toContain('c2VjcmV0');
    expect(reviewServiceOptions(config).stateStore).toEqual({
      kind: 'azure-tables',
      table: 'state2',
      connectionString: azurite,
    });
  });

  it('refuses contradictory or incomplete settings, naming each', () => {
    expect(problemsOf(productionEnv({ REVIEW_STATE_STORE: 'cosmos' }))).toEqual([
      expect.stringMatching(/^REVIEW_STATE_STORE: must be "sqlite" .* or "azure-tables"/),
    ]);
    expect(problemsOf(productionEnv({ REVIEW_STATE_STORE: 'azure-tables' }))).toEqual([
      expect.stringMatching(/^REVIEW_STATE_TABLE_ENDPOINT: is required with REVIEW_STATE_STORE=azure-tables/),
    ]);
    expect(
      problemsOf(
        productionEnv({
          REVIEW_STATE_STORE: 'azure-tables',
          REVIEW_STATE_TABLE_ENDPOINT: 'https://riskstate01.table.core.windows.net',
          REVIEW_STATE_TABLE_CONNECTION_STRING: azurite,
          REVIEW_STATE_PATH: '/var/lib/risk/state.db',
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^REVIEW_STATE_TABLE_CONNECTION_STRING: set either/),
      expect.stringMatching(/^REVIEW_STATE_PATH: is the SQLite file, not used/),
    ]);
    expect(
      problemsOf(
        productionEnv({ REVIEW_STATE_TABLE_ENDPOINT: 'https://riskstate01.table.core.windows.net' }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^REVIEW_STATE_STORE: is "sqlite" \(or unset\) but REVIEW_STATE_TABLE_\* settings are set/,
      ),
    ]);
    expect(
      problemsOf(
        productionEnv({
          REVIEW_STATE_STORE: 'azure-tables',
          REVIEW_STATE_TABLE_ENDPOINT: 'http://riskstate01.table.core.windows.net',
          REVIEW_STATE_TABLE_NAME: 'review-state',
          REVIEW_STATE_IDENTITY_CLIENT_ID: 'bot',
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^REVIEW_STATE_TABLE_ENDPOINT: must be the Table service endpoint/),
      expect.stringMatching(/^REVIEW_STATE_TABLE_NAME: must be 3-63 letters and digits/),
      expect.stringMatching(/^REVIEW_STATE_IDENTITY_CLIENT_ID: must be a GUID/),
    ]);
  });

  it("refuses SQLite on App Service's /home share (a network file system), and allows it on a local disk", () => {
    const onAppService = { WEBSITE_SITE_NAME: 'risk-review' };
    expect(
      problemsOf(productionEnv({ ...onAppService, REVIEW_STATE_PATH: '/home/data/review-state.db' })),
    ).toEqual([
      expect.stringMatching(
        /^REVIEW_STATE_PATH: \/home\/data\/review-state\.db is on App Service's \/home share.*sqlite\.org\/wal\.html.*REVIEW_STATE_STORE=azure-tables/,
      ),
    ]);
    expect(
      loadServiceConfig(productionEnv({ ...onAppService, REVIEW_STATE_PATH: '/tmp/state.db' })).stateStore,
    ).toEqual({
      kind: 'sqlite',
      path: '/tmp/state.db',
    });
    // Off App Service, /home is whatever disk the host has.
    expect(
      loadServiceConfig(productionEnv({ REVIEW_STATE_PATH: '/home/risk/state.db' })).stateStore.kind,
    ).toBe('sqlite');
  });

  it('every state setting is one the production service reads and docs/deployment.md documents', () => {
    const guide = readFileSync(path.join(__dirname, '..', '..', 'docs', 'deployment.md'), 'utf8');
    for (const name of [
      'REVIEW_STATE_STORE',
      'REVIEW_STATE_PATH',
      'REVIEW_STATE_TABLE_ENDPOINT',
      'REVIEW_STATE_TABLE_CONNECTION_STRING',
      'REVIEW_STATE_TABLE_NAME',
      'REVIEW_STATE_IDENTITY_CLIENT_ID',
    ]) {
      expect(productionSettingNames).toContain(name);
      expect({ name, documented: guide.includes(`| \`${name}\``) }).toEqual({ name, documented: true });
    }
  });
});
