/**
 * `npm run export` then `npm run import` end to end against the local list service: a register written
 * through the store is exported (.xlsx, and .csv as two files) and imported with no flags into an empty
 * register with the same matrix, which then holds the same risks, controls and actions.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import { loadExistingRisks } from '../../src/import';
import type { Actor, RegisterStore, StoredRisk } from '../../src/ports';
import { childrenCsvPath, runExport } from '../../src/server/export-cli';
import { comparable, people, registerArb } from './random-register';

const run = promisify(execFile);
// The import runs as a child process that compiles TypeScript on start; no duration is asserted.
jest.setTimeout(300_000);

const actor: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };

describe('npm run export, then npm run import into an empty register', () => {
  let service: ListService;
  let store: RegisterStore;
  let dir: string;
  // One fixed random register with controls, actions and a score without a cell.
  const [sample] = fc
    .sample(registerArb, { seed: 16, numRuns: 200 })
    .filter(
      (s) =>
        s.risks.length > 1 &&
        s.risks.some((r) => r.controls.length > 0 && r.actions.length > 0) &&
        s.risks.some((r) => r.currentScoreOnly !== undefined || r.inherentScoreOnly !== undefined),
    );
  beforeEach(async () => {
    service = await startListService({
      directory: people.map((p) => ({ upn: p.email, title: p.name, email: p.email })),
    });
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    await provision(sp, { registers: ['Source', 'Copy', 'Copy CSV'] });
    store = createRegisterStore(sp);
    for (const register of ['Source', 'Copy', 'Copy CSV']) {
      const settings = await store.getSettings(register);
      await store.saveSettings({ ...settings, matrix: sample!.matrix }, settings.etag, actor);
    }
    for (const risk of sample!.risks) await store.createRisk(risk, actor, 'tab');
    dir = mkdtempSync(join(tmpdir(), 'risk-export-'));
  });
  afterEach(async () => {
    await service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const importCli = (args: string[]) =>
    run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/server/import-cli.ts', ...args], {
      env: { PATH: process.env.PATH ?? '', SP_ACCESS_TOKEN: demoManager.token },
    }).catch((e: { stdout: string; stderr: string; code: number }) => e);

  it('gives back the same register through .xlsx and through the two .csv files', async () => {
    expect(sample).toBeDefined();
    const env = { SP_ACCESS_TOKEN: demoManager.token };
    const lines: string[] = [];
    const xlsx = join(dir, 'source.xlsx');
    const csv = join(dir, 'source.csv');
    const args = (out: string) => ['--register', 'Source', '--out', out, '--site', service.siteUrl];
    expect(await runExport(args(xlsx), env, (l) => lines.push(l))).toBe(0);
    expect(await runExport(args(csv), env, (l) => lines.push(l))).toBe(0);
    expect(existsSync(childrenCsvPath(csv))).toBe(true);
    expect(lines.join('\n')).toMatch(/Import them in this order/);

    const site = ['--site', service.siteUrl];
    const a = await importCli([xlsx, '--register', 'Copy', ...site]);
    expect(a.stdout).toMatch(
      new RegExp(`Created ${sample!.risks.length}, updated 0, unchanged 0, failed 0, skipped 0\\.`),
    );
    const b1 = await importCli([csv, '--register', 'Copy CSV', ...site]);
    expect(b1.stdout).toMatch(/failed 0, skipped 0\./);
    const b2 = await importCli([childrenCsvPath(csv), '--register', 'Copy CSV', ...site]);
    expect(b2.stdout).toMatch(/failed 0, skipped 0\./);

    const byRef = (risks: StoredRisk[]) =>
      [...risks].sort((x, y) => x.reference.localeCompare(y.reference)).map(comparable);
    const source = byRef(await loadExistingRisks(store, 'Source'));
    expect(byRef(await loadExistingRisks(store, 'Copy'))).toEqual(source);
    expect(byRef(await loadExistingRisks(store, 'Copy CSV'))).toEqual(source);

    // Exported again from the copy and imported over it, nothing changes.
    const back = join(dir, 'copy.xlsx');
    expect(await runExport(['--register', 'Copy', '--out', back, ...site], env, () => {})).toBe(0);
    const again = await importCli([back, '--register', 'Copy', ...site]);
    expect(again.stdout).toMatch(
      new RegExp(`Created 0, updated 0, unchanged ${sample!.risks.length}, failed 0, skipped 0\\.`),
    );
  });

  it('refuses an unknown register and a file that is neither .xlsx nor .csv', async () => {
    const env = { SP_ACCESS_TOKEN: demoManager.token };
    const errors: string[] = [];
    const site = ['--site', service.siteUrl];
    expect(
      await runExport(
        ['--register', 'Nope', '--out', join(dir, 'x.xlsx'), ...site],
        env,
        () => {},
        (e) => errors.push(e),
      ),
    ).toBe(1);
    expect(
      await runExport(
        ['--register', 'Source', '--out', join(dir, 'x.docx'), ...site],
        env,
        () => {},
        (e) => errors.push(e),
      ),
    ).toBe(2);
    expect(errors[0]).toMatch(/no such register; its registers are .*"Source"/);
    expect(errors[1]).toMatch(/name a \.xlsx or a \.csv file/);
  });
});
