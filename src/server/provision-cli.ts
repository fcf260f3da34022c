/**
 * `npm run provision -- --site <url> [--register <name>]... [--council <name>]`
 *
 * Ensures the register lists on a SharePoint site (idempotent; prints progress; a second run
 * reports "no changes"). Authentication, in order:
 *  - SP_ACCESS_TOKEN: a bearer token for the site (the local list service's demo tokens, or one
 *    obtained by hand);
 *  - otherwise an app-only certificate credential (SharePoint refuses client secrets app-only):
 *    AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_CERTIFICATE_PATH (PEM private key) and
 *    AZURE_CLIENT_CERTIFICATE_THUMBPRINT (SHA-256). The app needs Sites.Selected with `manage` on the site.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { provision } from '../sharepoint/provisioning';
import { createSpClient } from '../sharepoint/sp-client';

const usage =
  'Usage: npm run provision -- --site <site url> [--register <name>]... [--council <council name>]\n' +
  '         [--service-app <client id>@<tenant id>] [--manager-group <name>]\n' +
  "Sets the register lists' permissions (people Read, the review service Contribute) and creates the\n" +
  "managers' group: run it as a site owner, or as the app with Sites.Selected 'fullcontrol'.\n" +
  'Auth: set SP_ACCESS_TOKEN, or AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_CERTIFICATE_PATH + ' +
  'AZURE_CLIENT_CERTIFICATE_THUMBPRINT.';

/** A token provider from the environment; throws a message saying which variable is missing. */
export function tokenProviderFromEnv(
  siteUrl: string,
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<string> {
  const token = env.SP_ACCESS_TOKEN;
  if (token) return async () => token;
  const tenant = env.AZURE_TENANT_ID;
  const clientId = env.AZURE_CLIENT_ID;
  const certPath = env.AZURE_CLIENT_CERTIFICATE_PATH;
  const thumbprint = env.AZURE_CLIENT_CERTIFICATE_THUMBPRINT;
  const missing = Object.entries({
    AZURE_TENANT_ID: tenant,
    AZURE_CLIENT_ID: clientId,
    AZURE_CLIENT_CERTIFICATE_PATH: certPath,
    AZURE_CLIENT_CERTIFICATE_THUMBPRINT: thumbprint,
  })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length)
    throw new Error(`No credentials: set SP_ACCESS_TOKEN, or ${missing.join(', ')}.\n${usage}`);
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: clientId as string,
      authority: `https://login.microsoftonline.com/${tenant}`,
      clientCertificate: {
        thumbprintSha256: thumbprint as string,
        privateKey: readFileSync(certPath as string, 'utf8'),
      },
    },
  });
  const scope = `${new URL(siteUrl).origin}/.default`;
  return async () => {
    const result = await app.acquireTokenByClientCredential({ scopes: [scope] });
    if (!result?.accessToken) throw new Error(`Entra ID returned no token for ${scope}.`);
    return result.accessToken;
  };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      site: { type: 'string' },
      register: { type: 'string', multiple: true },
      council: { type: 'string' },
      'service-app': { type: 'string' },
      'manager-group': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.site) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  const siteUrl = values.site;
  const sp = createSpClient({ siteUrl, getToken: tokenProviderFromEnv(siteUrl) });
  console.log(`Provisioning the risk register lists on ${siteUrl}`);
  const result = await provision(sp, {
    registers: values.register ?? [],
    councilName: values.council ?? '',
    log: (line) => console.log(line),
    permissions: {
      // SharePoint's claims login of an Entra app principal.
      ...(values['service-app'] ? { serviceLogin: `i:0i.t|ms.sp.ext|${values['service-app']}` } : {}),
      ...(values['manager-group'] ? { managerGroup: values['manager-group'] } : {}),
    },
  });
  return result.warnings.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
