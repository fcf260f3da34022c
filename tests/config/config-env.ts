/**
 * The production environment the configuration tests start from (each test removes, breaks or adds
 * one setting at a time), and the problems a refused configuration names.
 */
import path from 'node:path';
import { ConfigError, loadServiceConfig } from '../../src/server/config';

export const tenant = '11111111-2222-3333-4444-555555555555';
export const app = '7d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d';
export const certAndKey = path.join(__dirname, 'fixtures', 'test-only-cert-and-key.pem');

export type Env = Record<string, string | undefined>;

/** A complete, valid production environment: the bot signs in with the app's certificate. */
export function productionEnv(overrides: Env = {}): Env {
  return {
    AZURE_TENANT_ID: tenant,
    SHAREPOINT_SITE_URL: 'https://contoso.sharepoint.com/sites/risk/',
    AZURE_CLIENT_ID: app,
    AZURE_CLIENT_CERTIFICATE_PATH: certAndKey,
    TEAMS_APP_ID: '5d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d',
    BOT_ID: app,
    CARD_HMAC_SECRET: 'k'.repeat(48),
    TAB_BASE_URL: 'https://risk.contoso.gov.uk/tab',
    ...overrides,
  };
}

/** What a refused configuration names; fails the test when it is accepted. */
export function problemsOf(env: Env): string[] {
  try {
    loadServiceConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the configuration to be refused');
}
