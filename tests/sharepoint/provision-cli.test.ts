import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { demoSiteOwner } from '../../src/emulator';
import { startHarness, type Harness } from './harness';

const run = promisify(execFile);

describe('npm run provision', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const provision = (
    args: string[],
    env: Record<string, string> = { SP_ACCESS_TOKEN: demoSiteOwner.token },
  ) =>
    run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/server/provision-cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });

  it('prints progress, then "no changes" on the second run', async () => {
    const first = await provision(['--site', h.service.siteUrl, '--register', 'Corporate']);
    expect(first.stdout).toMatch(/Risks: list created/);
    expect(first.stdout).toMatch(/default settings added for register 'Corporate'/);
    expect(first.stdout).toMatch(/Risks: stopped inheriting the site's permissions/);
    expect(first.stdout).toMatch(/AuditLog: Risk Register Members now has Read only/);
    const second = await provision(['--site', h.service.siteUrl, '--register', 'Corporate']);
    expect(second.stdout).toMatch(/no changes/);
    expect(second.stdout).not.toMatch(/created|added/);
  });

  it('says which credentials are missing', async () => {
    const failed = await provision(['--site', h.service.siteUrl], {}).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect(failed).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/SP_ACCESS_TOKEN.*AZURE_TENANT_ID/s),
    });
  });
});
