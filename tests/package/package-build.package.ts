/**
 * The deployable packages as CI builds them: `npm run package` with the example settings must write
 * a Teams zip that validates offline and a .sppkg that SharePoint's app catalog accepts (solution,
 * web part with its bundle, skipFeatureDeployment). Slow: `npm run test:package`.
 */
import JSZip from 'jszip';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readSppkg, webpartFirstLoad } from '../../scripts/package-sppkg';
import { validateManifest } from '../../scripts/package-teams';

const root = path.join(__dirname, '..', '..');
const solution = JSON.parse(
  readFileSync(path.join(root, 'webparts', 'config', 'package-solution.json'), 'utf8'),
).solution;
const webPart = JSON.parse(
  readFileSync(
    path.join(root, 'webparts', 'src', 'webparts', 'riskRegister', 'RiskRegisterWebPart.manifest.json'),
    'utf8',
  ),
);

describe('npm run package', () => {
  beforeAll(() => {
    for (const dir of ['build/teams', 'build/sharepoint', 'build/webpart-app'])
      rmSync(path.join(root, dir), { recursive: true, force: true });
    const started = Date.now();
    const result = spawnSync('npm', ['run', '--silent', 'package'], {
      cwd: root,
      env: { ...process.env, RISK_REGISTER_CONFIG: path.join(root, 'manifest', 'settings.example.json') },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(
      `npm run package: exit ${result.status} after ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
    if (result.status !== 0)
      throw new Error(
        `npm run package failed:\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
      );
  });

  it('writes a flat Teams zip whose manifest validates offline', async () => {
    const zips = readdirSync(path.join(root, 'build', 'teams')).filter((f) => f.endsWith('.zip'));
    expect(zips).toHaveLength(1);
    const zip = await JSZip.loadAsync(readFileSync(path.join(root, 'build', 'teams', zips[0] as string)));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(await validateManifest(manifest)).toEqual([]);
    expect(manifest.validDomains).toContain('contoso.sharepoint.com');
  });

  it('writes a .sppkg with the solution, the web part and its bundle, deployable tenant-wide', async () => {
    const file = path.join(root, 'build', 'sharepoint', `council-risk-register-${solution.version}.sppkg`);
    expect(existsSync(file)).toBe(true);
    const contents = await readSppkg(file);
    expect(contents.solutionId).toBe(solution.id);
    expect(contents.version).toBe(solution.version);
    expect(contents.webPartIds).toEqual([webPart.id]);
    const zip = await JSZip.loadAsync(readFileSync(file));
    const appManifest = await zip.file('AppManifest.xml')!.async('string');
    expect(appManifest).toContain('SkipFeatureDeployment="true"');
    // The web part saves through the review service: SharePoint asks an admin to approve its API scope.
    expect(appManifest).toMatch(
      /<WebApiPermissionRequest ResourceId="Council Risk Register" Scope="access_as_user"/,
    );
    const bundleName = contents.files.find((f) =>
      /^ClientSideAssets\/risk-register-web-part_[0-9a-f]+\.js$/.test(f),
    );
    const bundle = await zip.file(bundleName as string)!.async('string');
    // The register app itself is inside (its loading text), not only the SPFx shell.
    expect(bundle).toContain('Opening the risk register');
    const definition = await zip
      .file(contents.files.find((f) => f.includes(`WebPart_${webPart.id}`)) as string)!
      .async('string');
    for (const host of ['SharePointWebPart', 'TeamsTab', 'TeamsPersonalApp'])
      expect(definition).toContain(host);
  });

  it('loads the first screen in at most 300 KiB gzip; reports, exports, import and editing come on demand', async () => {
    const first = webpartFirstLoad();
    console.log(
      `Web part first load: ${(first.gzipBytes / 1024).toFixed(0)} KiB gzip; chunks: ${first.chunks
        .map((c) => `${c.file} ${(c.gzipBytes / 1024).toFixed(0)} KiB`)
        .join(', ')}`,
    );
    expect(first.gzipBytes).toBeLessThanOrEqual(300 * 1024);
    const dist = path.join(root, 'webparts', 'dist');
    const bundle = readFileSync(path.join(dist, first.bundle), 'utf8');
    const chunks = first.chunks.map((c) => readFileSync(path.join(dist, c.file), 'utf8'));
    // The Word library's document namespace and the Excel library's workbook part: in chunks, not the bundle.
    for (const marker of [
      'http://schemas.openxmlformats.org/wordprocessingml/2006/main',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    ]) {
      expect(bundle).not.toContain(marker);
      expect(chunks.some((c) => c.includes(marker))).toBe(true);
    }
    // Every chunk travels in the package, so SharePoint serves it from the app catalog's CDN.
    const file = path.join(root, 'build', 'sharepoint', `council-risk-register-${solution.version}.sppkg`);
    const contents = await readSppkg(file);
    for (const c of first.chunks) expect(contents.files).toContain(`ClientSideAssets/${c.file}`);
  });
});
