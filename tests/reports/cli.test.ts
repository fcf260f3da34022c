/**
 * The two command lines end to end against the local list service: import a Kent-style workbook, record
 * a quarter's reviews, then write the committee paper with only the high risks.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import type { Actor } from '../../src/ports';
import { scoreOf } from '../../src/domain/matrix';
import { buildFixture, directory } from '../fixtures/import/build-fixtures';
import { checkDocxAccessibility } from './docx-accessibility';

const run = promisify(execFile);
// Child processes compile TypeScript on start; on the shared machine that is slow. No duration is asserted.
jest.setTimeout(240_000);

const actor: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };

describe('npm run import and npm run report', () => {
  let service: ListService;
  let dir: string;
  beforeEach(async () => {
    // The fixture's people are in the organisation's directory, so ensureUser can resolve them.
    service = await startListService({
      directory: directory.map((p) => ({ upn: p.email, title: p.name, email: p.email })),
    });
    dir = mkdtempSync(join(tmpdir(), 'risk-cli-'));
  });
  afterEach(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (script: string, args: string[]) =>
    run(process.execPath, ['node_modules/tsx/dist/cli.mjs', `src/server/${script}`, ...args], {
      env: { PATH: process.env.PATH ?? '', SP_ACCESS_TOKEN: demoManager.token },
    }).catch((e: { stdout: string; stderr: string; code: number }) => e);

  it('dry-runs, imports, re-imports without changes, and writes the paper for high risks only', async () => {
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    await provision(sp, { registers: ['Corporate'], councilName: 'Example County Council' });
    const store = createRegisterStore(sp);
    // The register's people are site users already (as after provisioning from the directory).
    for (const p of directory) await sp.web.ensureUser(p.email);
    const fixture = await buildFixture('kent', { rows: 10 });
    const file = join(dir, fixture.fileName);
    writeFileSync(file, fixture.bytes);
    const site = ['--site', service.siteUrl, '--register', 'Corporate'];

    const dry = await cli('import-cli.ts', [file, ...site, '--matrix', 'kent', '--dry-run']);
    expect(dry.stdout).toMatch(/header row 5/);
    expect(dry.stdout).toMatch(/currentRating\s+<- J Current Risk Rating/);
    expect(dry.stdout).toMatch(/10 risks: 10 to create, 0 to update, 0 unchanged, 0 with problems\./);
    expect(await store.findRiskByReference('Corporate', 'CRR0001')).toBeUndefined();

    // Without --matrix the fresh register keeps its default matrix, and the CLI proposes Kent's.
    expect(dry.stdout).toMatch(/its matrix would be set to Kent corporate 5x5/);
    expect((await store.getSettings('Corporate')).matrix.id).not.toBe('kent');
    const proposal = await cli('import-cli.ts', [file, ...site, '--dry-run']);
    expect(proposal.stdout).toMatch(/Pass --matrix kent to set register Corporate's matrix/);
    // --matrix sets the empty register's matrix through the matrix change (audited) before any risk.
    const imported = await cli('import-cli.ts', [file, ...site, '--matrix', 'kent']);
    expect(imported.stdout).toMatch(/matrix is now Kent corporate 5x5/);
    expect(imported.stdout).toMatch(/Created 10, updated 0, unchanged 0, failed 0, skipped 0\./);
    expect((await store.getSettings('Corporate')).matrix.id).toBe('kent');
    const again = await cli('import-cli.ts', [file, ...site]);
    expect(again.stdout).toMatch(/Created 0, updated 0, unchanged 10, failed 0, skipped 0\./);
    // A run that writes nothing says so and exits non-zero.
    expect(again.stderr).toMatch(/Nothing was written: all 10 risk\(s\) already match the file\./);
    expect((again as { code?: number }).code).toBe(1);
    // A register with risks is refused another matrix, with the reason and what to do.
    const refused = await cli('import-cli.ts', [file, ...site, '--matrix', 'medway', '--dry-run']);
    expect(refused.stderr).toMatch(/already has 10 risk\(s\) rated on the Kent corporate 5x5 matrix/);
    expect(refused.stderr).toMatch(/Settings/);
    expect((await store.getSettings('Corporate')).matrix.id).toBe('kent');

    for (const e of fixture.expected) {
      const risk = (await store.findRiskByReference('Corporate', e.reference))!;
      await store.recordReview({
        riskId: risk.id,
        riskEtag: risk.etag,
        actor,
        source: 'tab',
        snapshot: {
          riskReference: e.reference,
          periodId: '2023/24-Q4',
          current: e.current!,
          target: e.target!,
          currentScore: scoreOf(fixture.matrix, e.current!),
          comment: `Reviewed ${e.reference} for Q4.`,
          recordedAt: '2024-03-15T09:00:00.000Z',
          source: 'tab',
          outcome: 'confirmed',
        },
      });
    }
    const out = join(dir, 'paper.docx');
    const xlsx = join(dir, 'register.xlsx');
    const report = await cli('report-cli.ts', [
      ...site,
      '--period',
      '2023/24-Q4',
      '--out',
      out,
      '--min-band',
      'High',
      '--committee',
      'Cabinet Committee',
      '--xlsx',
      xlsx,
    ]);
    expect(report.stdout).toMatch(/risks for Q4 2023\/24/);
    const bytes = new Uint8Array(readFileSync(out));
    expect(await checkDocxAccessibility(bytes)).toEqual([]);
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
    const high = fixture.expected.filter((e) => scoreOf(fixture.matrix, e.current!) >= 16);
    const others = fixture.expected.filter((e) => scoreOf(fixture.matrix, e.current!) < 16);
    for (const e of high) expect(text).toContain(`${e.reference}: ${e.title}`);
    for (const e of others) expect(text).not.toContain(`${e.reference}: ${e.title}`);
    expect(text).toContain('Cabinet Committee');
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
  });

  it('reports an unreadable file and a bad period with a non-zero exit', async () => {
    const bad = join(dir, 'notes.xlsx');
    writeFileSync(bad, 'just text');
    const r = await cli('import-cli.ts', [bad, '--register', 'Corporate', '--site', service.siteUrl]);
    expect(r).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/notes\.xlsx is not a readable Excel workbook/),
    });
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    await provision(sp, { registers: ['Corporate'] });
    const p = await cli('report-cli.ts', [
      '--register',
      'Corporate',
      '--period',
      'Q9 2023',
      '--out',
      join(dir, 'x.docx'),
      '--site',
      service.siteUrl,
    ]);
    expect(p).toMatchObject({ code: 1, stderr: expect.stringMatching(/"Q9 2023" is not a period/) });
  });
});
