/**
 * `npm run review` runs in local mode only when asked for with --local: a local state file left by
 * `npm start` never switches a command aimed at a tenant to the local Playground.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { environment, parseArgs } from '../../src/server/review-cli';

const dir = mkdtempSync(path.join(tmpdir(), 'review-cli-'));
const localFile = path.join(dir, 'review-local.json');
writeFileSync(
  localFile,
  JSON.stringify({
    siteUrl: 'http://127.0.0.1:5055/sites/risk',
    serviceUrl: 'http://localhost:56150/_connector',
    cardSecret: 'c'.repeat(43),
    statePath: path.join(dir, 'review-state.db'),
    tabUrl: 'http://127.0.0.1:3000',
  }),
);

describe('npm run review: local mode only when asked for', () => {
  it('ignores the local stack’s settings file without --local', () => {
    const env = environment(false, { RISK_REGISTER_CONFIG: '/etc/risk/settings.json' }, localFile);
    expect(env).toEqual({ RISK_REGISTER_CONFIG: '/etc/risk/settings.json' });
    expect(env.LOCAL_MODE).toBeUndefined();
  });

  it('uses the local stack with --local, and no production settings file', () => {
    expect(parseArgs(['run', '--period', '2026/27-Q4', '--local'])).toMatchObject({ local: true });
    const env = environment(true, { RISK_REGISTER_CONFIG: '/etc/risk/settings.json' }, localFile);
    expect(env).toMatchObject({
      LOCAL_MODE: 'true',
      SHAREPOINT_SITE_URL: 'http://127.0.0.1:5055/sites/risk',
      BOT_SERVICE_URL: 'http://localhost:56150/_connector',
      TAB_BASE_URL: 'http://127.0.0.1:3000',
    });
    expect(env.RISK_REGISTER_CONFIG).toBeUndefined();
  });

  it('says to start the local stack when --local finds no settings', () => {
    expect(() => environment(true, {}, path.join(dir, 'missing.json'))).toThrow(
      /Start the local stack first \(`npm start`/,
    );
  });
});
