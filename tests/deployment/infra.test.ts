/**
 * The deployment files checked offline, as far as the tools here allow:
 * - m365agents.yml against the Agents Toolkit's published YAML schema v1.13 (infra/schema/, taken from
 *   the npm package @microsoft/m365agentstoolkit-cli 1.1.17, resource/yaml-schema/v1.13; the CLI
 *   itself does not install here);
 * - infra/azure.bicep: no Bicep compiler is installable offline (it ships from GitHub and NuGet), so
 *   its parameters, app settings and outputs are read as text and compared with the service's
 *   settings (src/server/config.ts), the parameters file, the environment file and the toolkit file.
 *   Whether Azure accepts the template needs `az bicep build` / a what-if deployment in a subscription.
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { productionSettingNames } from '../../src/server/config';
import { staticWebAppConfig, teamsFrameAncestors } from '../../src/server/tab-build';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const toolkit = parse(read('m365agents.yml')) as Record<string, unknown>;
const bicep = read('infra/azure.bicep');
const parameters = JSON.parse(read('infra/azure.parameters.json')).parameters as Record<
  string,
  { value: string }
>;
const envFile = Object.fromEntries(
  read('env/.env.dev')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);

/** `param name type = default` lines of a Bicep file. */
function bicepParams(text: string): { name: string; hasDefault: boolean }[] {
  return [...text.matchAll(/^param\s+(\w+)\s+\w+(\s*=.*)?$/gm)].map((m) => ({
    name: m[1] as string,
    hasDefault: m[2] !== undefined,
  }));
}
const appSettings = [
  ...bicep.matchAll(/\{ name: '([A-Z0-9_]+)', value:|name: '([A-Z0-9_]+)'\n\s+value:/g),
].map((m) => (m[1] ?? m[2]) as string);
const outputs = [...bicep.matchAll(/^output\s+(\w+)\s/gm)].map((m) => m[1] as string);
const placeholders = (text: string) =>
  [...text.matchAll(/\$\{\{([A-Z0-9_]+)\}\}/g)].map((m) => m[1] as string);

describe('the Agents Toolkit project', () => {
  it('validates against the toolkit schema v1.13', () => {
    const schema = JSON.parse(read('infra/schema/m365agents.v1.13.yaml.schema.json'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const ok = validate(toolkit);
    expect(ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    expect(toolkit.version).toBe('v1.13');
  });

  it('creates no client secret anywhere: the app has a certificate, the bot a managed identity', () => {
    const create = (toolkit.provision as { uses: string; with?: Record<string, unknown> }[]).find(
      (a) => a.uses === 'aadApp/create',
    );
    expect(create?.with?.generateClientSecret).toBe(false);
    expect(read('infra/botRegistration/azurebot.bicep')).toContain("msaAppType: 'UserAssignedMSI'");
    expect(appSettings).not.toContain('BOT_PASSWORD');
  });

  it('uses only variables that the environment file declares or an earlier step writes', () => {
    const written = new Set<string>(Object.keys(envFile));
    const steps = [...(toolkit.provision as object[]), ...(toolkit.deploy as object[])];
    for (const step of steps as { writeToEnvironmentFile?: Record<string, string>; uses: string }[]) {
      const text = JSON.stringify(step);
      for (const name of placeholders(text)) {
        if (name.startsWith('SECRET_') || ['AAD_APP_ACCESS_AS_USER_PERMISSION_ID'].includes(name)) continue;
        expect({ step: step.uses, name, known: written.has(name) }).toEqual({
          step: step.uses,
          name,
          known: true,
        });
      }
      for (const name of Object.values(step.writeToEnvironmentFile ?? {})) written.add(name);
      if (step.uses === 'arm/deploy') for (const o of outputs) written.add(o);
    }
    for (const file of ['infra/azure.parameters.json', 'infra/aad.manifest.json']) {
      for (const name of placeholders(read(file))) {
        if (name === 'AAD_APP_ACCESS_AS_USER_PERMISSION_ID') continue; // aadApp/update makes it
        expect({ file, name, known: written.has(name) }).toEqual({ file, name, known: true });
      }
    }
  });

  it('packages the app at the version package.json holds', () => {
    const version = JSON.parse(read('package.json')).version as string;
    const paths = JSON.stringify(toolkit).match(/build\/teams\/risk-register-teams-[^"]+\.zip/g) ?? [];
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) expect(p).toBe(`build/teams/risk-register-teams-${version}.zip`);
  });
});

describe('infra/azure.bicep', () => {
  it('gives every parameter without a default a value in the parameters file, and no unknown one', () => {
    const params = bicepParams(bicep);
    for (const p of params.filter((x) => !x.hasDefault)) expect(Object.keys(parameters)).toContain(p.name);
    for (const name of Object.keys(parameters)) expect(params.map((p) => p.name)).toContain(name);
  });

  it("sets only the review service's own settings, and every one it needs in production", () => {
    const platform = ['NODE_ENV', 'SCM_DO_BUILD_DURING_DEPLOYMENT', 'TAB_BASE_URL'];
    const known = new Set([...productionSettingNames, ...platform]);
    expect(appSettings.filter((s) => !known.has(s))).toEqual([]);
    for (const required of [
      'AZURE_TENANT_ID',
      'AZURE_CLIENT_ID',
      'SHAREPOINT_SITE_URL',
      'BOT_ID',
      'BOT_MANAGED_IDENTITY_CLIENT_ID',
      'CARD_HMAC_SECRET',
      'AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY',
      'TEAMS_APP_ID',
      'API_APP_ID_URI',
      'REVIEW_STATE_STORE',
      'REVIEW_STATE_TABLE_ENDPOINT',
      'REVIEW_STATE_TABLE_NAME',
      'REVIEW_STATE_IDENTITY_CLIENT_ID',
    ])
      expect(appSettings).toContain(required);
    // Secrets come from Key Vault references, never from parameters.
    expect(bicep).toMatch(/name: 'CARD_HMAC_SECRET'\n\s+value: '@Microsoft\.KeyVault\(/);
    expect(bicep).toMatch(/name: 'AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY'\n\s+value: '@Microsoft\.KeyVault\(/);
  });

  it("keeps the service's state in Table Storage with the managed identity: no SQLite on /home, no shared keys", () => {
    expect(appSettings).not.toContain('REVIEW_STATE_PATH');
    expect(bicep).toContain("{ name: 'REVIEW_STATE_STORE', value: 'azure-tables' }");
    const account =
      /resource stateStorage 'Microsoft\.Storage\/storageAccounts@[\d-]+' = \{[\s\S]*?\n\}/.exec(
        bicep,
      )?.[0] ?? '';
    for (const property of [
      "minimumTlsVersion: 'TLS1_2'",
      'allowBlobPublicAccess: false',
      'allowSharedKeyAccess: false',
      'supportsHttpsTrafficOnly: true',
    ])
      expect(account).toContain(property);
    // Storage Table Data Contributor (Learn, "Azure built-in roles for Storage") for the service's identity.
    expect(bicep).toContain("var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'");
    expect(bicep).toMatch(
      /resource stateWriter [^\n]+\n\s+name: guid\(stateStorage\.id, identity\.id, storageTableDataContributor\)\n\s+scope: stateStorage\n\s+properties: \{\n\s+principalId: identity\.properties\.principalId/,
    );
    expect(bicep).toContain(
      "{ name: 'REVIEW_STATE_IDENTITY_CLIENT_ID', value: identity.properties.clientId }",
    );
  });

  it('registers the API with the same Application ID URI the tab config asks a token for', () => {
    expect(bicep).toContain("{ name: 'API_APP_ID_URI', value: 'api://${tabDomain}/${azureClientId}' }");
    expect(read('infra/aad.manifest.json')).toContain('"api://${{TAB_DOMAIN}}/${{AZURE_CLIENT_ID}}"');
    expect(read('m365agents.yml')).toContain(
      'apiScope: api://${{TAB_DOMAIN}}/${{AZURE_CLIENT_ID}}/access_as_user',
    );
  });

  it('hosts the tab with the frame-ancestors Microsoft lists for Teams tabs (Learn, "Tab requirements")', () => {
    const csp = (staticWebAppConfig().globalHeaders as Record<string, string>)['Content-Security-Policy'];
    for (const host of ['teams.microsoft.com', '*.teams.microsoft.com', '*.cloud.microsoft', '*.office.com'])
      expect(teamsFrameAncestors).toContain(host);
    expect(csp).toBe(`frame-ancestors 'self' ${teamsFrameAncestors.join(' ')}`);
  });
});
