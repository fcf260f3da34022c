import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { demoManager, demoReader } from '../../src/emulator';
import { appendAudit } from '../../src/sharepoint/audit-log';
import { provision } from '../../src/sharepoint/provisioning';
import { F, ListTitles } from '../../src/sharepoint/schema';
import { startHarness, type Harness } from './harness';

const run = promisify(execFile);
// Child processes compile TypeScript on start; on the shared machine that is slow. No duration is asserted.
jest.setTimeout(240_000);

type Outcome = { code: number; stdout: string; stderr: string };

describe('npm run audit -- verify', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await provision(h.sp, { registers: ['Corporate', 'Adults'] });
    await appendAudit(
      h.sp,
      [1, 2, 3].map((n) => ({
        by: 'morgan.reid@contoso.example',
        entity: 'risk' as const,
        entityId: n,
        riskId: n,
        riskReference: `CRR0${n}`,
        register: 'Corporate',
        version: '"2"',
        field: 'CurrentImpact',
        oldValue: '3',
        newValue: '4',
        source: 'tab' as const,
      })),
    );
  });
  afterEach(() => h.close());

  const audit = (args: string[], token = demoReader.token): Promise<Outcome> =>
    run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/server/audit-cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', SP_ACCESS_TOKEN: token },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: Outcome) => e,
    );

  it('says no tampering with exit code 0, and prints each head to record', async () => {
    const out = await audit(['verify', '--site', h.service.siteUrl]);
    expect(out.code).toBe(0);
    // Provisioning audited each register's default settings (n fields); the three changes follow.
    const [, entries, head] =
      /Register 'Corporate': (\d+) chained entries; head seq (\d+) \(entry \d+, [\d-]+T[\d:]+Z\), hash [0-9a-f]{64}\./.exec(
        out.stdout,
      ) ?? [];
    expect(Number(entries)).toBeGreaterThan(3);
    expect(head).toBe(entries);
    expect(out.stdout).toMatch(new RegExp(`Register 'Adults': ${Number(entries) - 3} chained entries`));
    expect(out.stdout).toMatch(/Result: no tampering found/);
  });

  it('names the edited entry, its register, seq and time, and exits 1; --json says the same', async () => {
    const items = (await h.sp.web.lists
      .getByTitle(ListTitles.audit)
      .items.filter(`${F.audit.riskId} eq 2`)()) as { Id: number; AuditSeq: number }[];
    const edited = items[0]!.Id;
    const seq = items[0]!.AuditSeq;
    await h.sp.web.lists
      .getByTitle(ListTitles.audit)
      .items.getById(edited)
      .update({ [F.audit.newValue]: '1' });

    const out = await audit(['verify', '--site', h.service.siteUrl, '--register', 'corporate']);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      new RegExp(
        `EDITED +entry ${edited} \\(seq ${seq}\\), written \\d{4}-\\d\\d-\\d\\dT[\\d:]+Z by morgan.reid@contoso.example: its content no longer matches`,
      ),
    );
    expect(out.stdout).toMatch(/records: risk 2 of CRR02, CurrentImpact: '3' -> '1'/);
    expect(out.stdout).not.toMatch(/Register 'Adults'/);
    expect(out.stdout).toMatch(/Result: TAMPERING FOUND \(1 edited\)/);

    const json = await audit(['verify', '--site', h.service.siteUrl, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      tampered: true,
      findings: [{ kind: 'edited', entryId: edited, register: 'Corporate', seq }],
    });
  });

  it('checks a recorded head: entries removed from the end are found', async () => {
    const report = JSON.parse((await audit(['verify', '--site', h.service.siteUrl, '--json'])).stdout) as {
      registers: { register: string; head: { seq: number; hash: string; entryId: number } }[];
    };
    const head = report.registers.find((r) => r.register === 'Corporate')!.head;
    await h.sp.web.lists.getByTitle(ListTitles.audit).items.getById(head.entryId).delete();

    const out = await audit([
      'verify',
      '--site',
      h.service.siteUrl,
      '--head',
      `Corporate:${head.seq}:${head.hash}`,
    ]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(
      new RegExp(
        `DELETED +seq ${head.seq}: the chain ends at seq ${head.seq - 1}, before the recorded head \\(seq ${head.seq}\\)`,
      ),
    );
  });

  it('refuses bad usage with exit code 2 and says what is expected', async () => {
    const none = await audit([], demoManager.token);
    expect(none).toMatchObject({ code: 2, stderr: expect.stringMatching(/Usage: npm run audit -- verify/) });
    const badHead = await audit(['verify', '--site', h.service.siteUrl, '--head', 'Corporate:x:y']);
    expect(badHead).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--head 'Corporate:x:y' is not/),
    });
  });
});
