import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');

describe('npm run package:teams', () => {
  it('fails before building, naming each missing setting, when the configuration is incomplete', () => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    env.TEAMS_APP_ID = 'not-a-guid';
    env.TAB_BASE_URL = 'http://risk.borough.gov.uk/tab';
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'scripts', 'package-teams.ts')],
      {
        cwd: root,
        env,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Teams app package: 10 settings are missing or wrong');
    expect(result.stderr).toContain('TEAMS_APP_ID: must be a GUID');
    expect(result.stderr).toContain('TAB_BASE_URL: must be an absolute https:// URL');
    expect(result.stderr).toContain('PRIVACY_URL: is required');
    expect(result.stdout).not.toContain('Teams app package 0');
  });
});
