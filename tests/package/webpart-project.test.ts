import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appBundlePath } from '../../scripts/package-sppkg';

const webparts = path.join(__dirname, '..', '..', 'webparts');
const json = (file: string) => JSON.parse(readFileSync(path.join(webparts, file), 'utf8'));

describe('SharePoint Framework project', () => {
  const pkg = json('package.json');

  it('pins the SPFx 1.21.1 gulp toolchain exactly and is not "type": "commonjs"', () => {
    expect(pkg.type).toBeUndefined();
    const all = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    for (const [name, version] of Object.entries(all)) {
      if (name.startsWith('@microsoft/sp-')) expect([name, version]).toEqual([name, '1.21.1']);
      expect([name, version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
    }
    expect(all.gulp).toBe('4.0.2');
  });

  it('runs on SharePoint pages, as a Teams tab and as a personal app, without feature deployment', () => {
    const manifest = json('src/webparts/riskRegister/RiskRegisterWebPart.manifest.json');
    expect(manifest.supportedHosts).toEqual(
      expect.arrayContaining(['SharePointWebPart', 'TeamsTab', 'TeamsPersonalApp']),
    );
    const solution = json('config/package-solution.json').solution;
    expect(solution.skipFeatureDeployment).toBe(true);
    expect(solution.includeClientSideAssets).toBe(true);
  });

  it('keeps the solution and feature versions in step with the project version (upgrades need a new one)', () => {
    const project = JSON.parse(
      readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
    ).version;
    const solution = json('config/package-solution.json').solution;
    expect(solution.version).toBe(`${project}.0`);
    expect(solution.features[0].version).toBe(`${project}.0`);
    expect(pkg.version).toBe(project);
  });

  it('aliases register-app to the bundle the package script writes, with the exports the web part uses', () => {
    const gulpfile = readFileSync(path.join(webparts, 'gulpfile.js'), 'utf8');
    expect(gulpfile).toContain("path.join(__dirname, '..', 'build', 'webpart-app', 'register-app.js')");
    expect(path.relative(path.join(__dirname, '..', '..'), appBundlePath)).toBe(
      path.join('build', 'webpart-app', 'register-app.js'),
    );
    const declared = readFileSync(path.join(webparts, 'src', 'register-app.d.ts'), 'utf8');
    const source = readFileSync(path.join(webparts, 'app', 'register-app.tsx'), 'utf8');
    for (const name of [
      'mountRegisterWebPart',
      'WebPartMountOptions',
      'MountedRegister',
      'RegisterViewName',
    ]) {
      expect(declared).toMatch(new RegExp(`export (function|type) ${name}\\b`));
      expect(source).toMatch(new RegExp(`export (function|type) ${name}\\b`));
    }
  });
});
