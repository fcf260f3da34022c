import JSZip from 'jszip';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { ConfigError } from '../../src/server/config-fields';
import { drawColorIcon, drawOutlineIcon } from '../../scripts/package-icons';
import { loadPackageSettings, type PackageSettings } from '../../scripts/package-settings';
import { buildTeamsPackage, fillTemplate, PackageError } from '../../scripts/package-teams';

const manifestDir = path.join(__dirname, '..', '..', 'manifest');

const validEnv = {
  TEAMS_APP_ID: '5D2F6D8A-1F0E-4A7B-9C3D-2E1F0A9B8C7D',
  AZURE_CLIENT_ID: '7d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d',
  BOT_ID: '7d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d',
  TAB_BASE_URL: 'https://risk.borough.gov.uk/tab/',
  SHAREPOINT_SITE_URL: 'https://borough.sharepoint.com/sites/risk',
  PRIVACY_URL: 'https://www.borough.gov.uk/privacy',
  TERMS_URL: 'https://www.borough.gov.uk/terms',
  DEVELOPER_NAME: 'Borough Council',
  DEVELOPER_WEBSITE_URL: 'https://www.borough.gov.uk',
  COUNCIL_NAME: 'Borough "North" Council',
  APP_VERSION: '1.4.0',
};

function settings(overrides: Record<string, string | undefined> = {}): PackageSettings {
  return loadPackageSettings({ ...validEnv, ...overrides });
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'teams-pkg-'));
}

/** A copy of manifest/ whose files a test may replace. */
function sourceCopy(
  replace: Partial<Record<'manifest.template.json' | 'color.png' | 'outline.png', Buffer | string>> = {},
) {
  const dir = tempDir();
  for (const f of ['manifest.template.json', 'color.png', 'outline.png'] as const) {
    const replacement = replace[f];
    if (replacement !== undefined) writeFileSync(path.join(dir, f), replacement);
    else copyFileSync(path.join(manifestDir, f), path.join(dir, f));
  }
  return dir;
}

function pngOf(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set(rgba, i);
  return PNG.sync.write(png);
}

async function faultsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(PackageError);
    return (err as PackageError).problems;
  }
  throw new Error('expected the package build to fail');
}

describe('Teams app package', () => {
  it('writes a flat zip with the filled, schema-valid manifest and both icons', async () => {
    const outDir = tempDir();
    const result = await buildTeamsPackage({ settings: settings(), outDir });
    expect(path.basename(result.zipPath)).toBe('risk-register-teams-1.4.0.zip');
    const zip = await JSZip.loadAsync(readFileSync(result.zipPath));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.manifestVersion).toBe('1.27');
    expect(manifest.id).toBe('5d2f6d8a-1f0e-4a7b-9c3d-2e1f0a9b8c7d');
    expect(manifest.version).toBe('1.4.0');
    expect(manifest.name.full).toBe('Borough "North" Council risk register');
    expect(manifest.staticTabs[0]).toMatchObject({
      name: 'My reviews',
      contentUrl: 'https://risk.borough.gov.uk/tab/index.html?view=reviews&mine=1',
      scopes: ['personal'],
    });
    expect(manifest.configurableTabs[0]).toMatchObject({
      configurationUrl: 'https://risk.borough.gov.uk/tab/index.html?page=config',
      scopes: ['team'],
      context: ['channelTab'],
      canUpdateConfiguration: true,
    });
    // The bot also installs in a team, so escalation digests can be posted in the managers' channel.
    expect(manifest.bots[0]).toMatchObject({ botId: validEnv.BOT_ID, scopes: ['personal', 'team'] });
    expect(manifest.supportsChannelFeatures).toBe('tier1');
    expect(manifest.validDomains).toEqual(['risk.borough.gov.uk', 'borough.sharepoint.com']);
    expect(manifest.webApplicationInfo).toEqual({
      id: validEnv.AZURE_CLIENT_ID,
      resource: `api://risk.borough.gov.uk/${validEnv.AZURE_CLIENT_ID}`,
    });
    expect(manifest.developer.privacyUrl).toBe('https://www.borough.gov.uk/privacy');
    expect(JSON.stringify(manifest)).not.toContain('${{');

    const outline = PNG.sync.read(Buffer.from(await zip.file('outline.png')!.async('uint8array')));
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('the committed icons are the ones the generator draws', () => {
    expect(PNG.sync.read(readFileSync(path.join(manifestDir, 'color.png'))).data).toEqual(
      drawColorIcon().data,
    );
    expect(PNG.sync.read(readFileSync(path.join(manifestDir, 'outline.png'))).data).toEqual(
      drawOutlineIcon().data,
    );
  });

  it('fails naming the icon and its size when the colour icon is the wrong size', async () => {
    const sourceDir = sourceCopy({ 'color.png': pngOf(96, 96, [31, 78, 121, 255]) });
    const faults = await faultsOf(buildTeamsPackage({ settings: settings(), sourceDir, outDir: tempDir() }));
    expect(faults).toEqual([
      `${path.join(sourceDir, 'color.png')}: is 96x96 pixels; the color icon must be 192x192.`,
    ]);
  });

  it('fails when the outline icon has no transparent background or is not white', async () => {
    const opaque = sourceCopy({ 'outline.png': pngOf(32, 32, [255, 255, 255, 255]) });
    expect(
      await faultsOf(buildTeamsPackage({ settings: settings(), sourceDir: opaque, outDir: tempDir() })),
    ).toEqual([
      expect.stringMatching(
        /outline\.png: has no transparent pixels; the outline icon needs a transparent background/,
      ),
    ]);
    const coloured = drawOutlineIcon();
    for (let i = 0; i < coloured.data.length; i += 4) if (coloured.data[i + 3]) coloured.data[i + 1] = 120;
    const blue = sourceCopy({ 'outline.png': PNG.sync.write(coloured) });
    expect(
      await faultsOf(buildTeamsPackage({ settings: settings(), sourceDir: blue, outDir: tempDir() })),
    ).toEqual([
      expect.stringMatching(
        /outline\.png: \d+ visible pixels are not white; the outline icon must be white on transparent/,
      ),
    ]);
  });

  it('fails when an icon is not a PNG or is missing', async () => {
    const notPng = sourceCopy({ 'color.png': 'GIF89a' });
    expect(
      (await faultsOf(buildTeamsPackage({ settings: settings(), sourceDir: notPng, outDir: tempDir() })))[0],
    ).toMatch(/color\.png: is not a readable PNG/);
    const template = readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8').replace(
      '"outline.png"',
      '"outline-missing.png"',
    );
    const missing = sourceCopy({ 'manifest.template.json': template });
    expect(
      (await faultsOf(buildTeamsPackage({ settings: settings(), sourceDir: missing, outDir: tempDir() })))[0],
    ).toMatch(/outline-missing\.png: is missing/);
  });

  it('fails a schema-invalid manifest naming the JSON path, validated offline', async () => {
    const template = readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8').replace(
      '"scopes": ["personal", "team"],\n      "supportsFiles"',
      '"scopes": ["everyone"],\n      "supportsFiles"',
    );
    expect(template).toContain('"everyone"');
    const sourceDir = sourceCopy({ 'manifest.template.json': template });
    const faults = await faultsOf(buildTeamsPackage({ settings: settings(), sourceDir, outDir: tempDir() }));
    expect(
      faults.some((f) =>
        f.startsWith('manifest.json /bots/0/scopes/0 must be equal to one of the allowed values'),
      ),
    ).toBe(true);
  });

  // Source: Microsoft Learn, "Agents and tab apps in shared and private channels"
  // (learn.microsoft.com/microsoftteams/platform/build-apps-for-shared-private-channels): apps on manifest
  // 1.25+ that support the team scope must declare supportsChannelFeatures at the manifest's root, or
  // Teams refuses the upload. The bundled schema defines it at the root only ("tier1").
  it('refuses team scope on manifest 1.25+ without supportsChannelFeatures at the root', async () => {
    const base = readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8');
    const without = base.replace('  "supportsChannelFeatures": "tier1",\n', '');
    expect(without).not.toContain('supportsChannelFeatures');
    const faults = await faultsOf(
      buildTeamsPackage({
        settings: settings(),
        sourceDir: sourceCopy({ 'manifest.template.json': without }),
        outDir: tempDir(),
      }),
    );
    expect(faults).toEqual([
      expect.stringMatching(/^manifest\.json \/supportsChannelFeatures: is required at the root/),
    ]);

    const inBot = without.replace(
      '"supportsFiles": false,',
      '"supportsFiles": false,\n      "supportsChannelFeatures": "tier1",',
    );
    const botFaults = await faultsOf(
      buildTeamsPackage({
        settings: settings(),
        sourceDir: sourceCopy({ 'manifest.template.json': inBot }),
        outDir: tempDir(),
      }),
    );
    expect(botFaults).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^manifest\.json \/supportsChannelFeatures: is required/),
        expect.stringMatching(/^manifest\.json \/bots\/0\/supportsChannelFeatures: belongs at the root/),
      ]),
    );
  });

  it('fails a short name over the Teams limit', async () => {
    const template = readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8').replace(
      '"short": "Risk register"',
      `"short": "${'Risk register '.repeat(3)}"`,
    );
    const faults = await faultsOf(
      buildTeamsPackage({
        settings: settings(),
        sourceDir: sourceCopy({ 'manifest.template.json': template }),
        outDir: tempDir(),
      }),
    );
    expect(faults.some((f) => f.startsWith('manifest.json /name/short'))).toBe(true);
  });

  it('refuses a template placeholder no setting fills', () => {
    expect(() => fillTemplate('{"a":"${{TENANT_COLOUR}}"}', {})).toThrow(
      /placeholder \$\{\{TENANT_COLOUR\}\} has no value/,
    );
  });
});

describe('package settings', () => {
  function problemsOf(env: Record<string, string | undefined>): string[] {
    try {
      loadPackageSettings(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    throw new Error('expected the settings to be refused');
  }

  it('names every missing id and URL', () => {
    expect(problemsOf({}).map((p) => p.split(':')[0])).toEqual([
      'TEAMS_APP_ID',
      'AZURE_CLIENT_ID',
      'BOT_ID',
      'TAB_BASE_URL',
      'SHAREPOINT_SITE_URL',
      'PRIVACY_URL',
      'TERMS_URL',
      'DEVELOPER_NAME',
      'DEVELOPER_WEBSITE_URL',
      'COUNCIL_NAME',
    ]);
  });

  it.each([
    ['TEAMS_APP_ID', 'risk-register', /must be a GUID/],
    ['BOT_ID', '7d2f6d8a1f0e4a7b9c3d2e1f0a9b8c7d', /must be a GUID/],
    ['TAB_BASE_URL', 'http://risk.borough.gov.uk/tab', /absolute https:\/\/ URL/],
    ['TAB_BASE_URL', 'https://risk.borough.gov.uk/tab?x=1', /must not contain \? or #/],
    ['PRIVACY_URL', 'www.borough.gov.uk/privacy', /absolute https:\/\/ URL/],
    ['SHAREPOINT_SITE_URL', 'https://borough.gov.uk/sites/risk', /SharePoint Online site URL/],
    ['DEVELOPER_NAME', 'The Royal Borough of Somewhere Quite Long', /at most 32 characters/],
    ['APP_VERSION', '1.4', /version like 1\.2\.0/],
  ])('names %s when it is %p', (name, value, message) => {
    const problems = problemsOf({ ...validEnv, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.startsWith(`${name}: `)).toBe(true);
    expect(problems[0]).toMatch(message);
  });

  it('uses the project version when APP_VERSION is not set', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(settings({ APP_VERSION: undefined }).version).toBe(pkg.version);
  });
});
