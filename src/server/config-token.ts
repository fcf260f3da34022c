/**
 * App-only tokens for the review service: MSAL Node's confidential client with the certificate
 * credential (SharePoint Online refuses client secrets app-only). One client per process; MSAL's
 * in-memory cache reuses a token until shortly before it expires, so callers ask per request.
 */
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import type { ProductionServiceConfig } from './config';

/** The register site's SharePoint, Microsoft Graph, or the Bot Connector (a bot signing in with the certificate). */
export type TokenResource = 'sharepoint' | 'graph' | 'botframework';

export type TokenProviderOptions = {
  /** Which API the token is for: the register site's SharePoint (default), Graph or the Bot Connector. */
  resource?: TokenResource;
  /** MSAL's HTTP client; tests pass a fake identity provider. */
  networkClient?: NonNullable<NonNullable<Configuration['system']>['networkClient']>;
  /** Entra's host; default the public cloud. */
  authorityHost?: string;
};

type AppOnlyConfig = Pick<
  ProductionServiceConfig,
  'tenantId' | 'clientId' | 'certificate' | 'sharePointResource'
>;

/** The `.default` scope of the resource: the app's granted application permissions. */
export function appOnlyScope(
  config: Pick<AppOnlyConfig, 'sharePointResource'>,
  resource: TokenResource,
): string {
  return resource === 'graph'
    ? 'https://graph.microsoft.com/.default'
    : `${config.sharePointResource}/.default`;
}

/**
 * Returns `getToken()` for app-only access with the configured certificate, for createSpClient's
 * `getToken` (SharePoint, `https://<tenant>.sharepoint.com/.default`) or for Graph calls.
 * Failures name the tenant, app and scope, and what to check.
 */
export function createAppOnlyTokenProvider(
  config: AppOnlyConfig,
  options: TokenProviderOptions = {},
): () => Promise<string> {
  const scope = appOnlyScope(config, options.resource ?? 'sharepoint');
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      authority: `${options.authorityHost ?? 'https://login.microsoftonline.com'}/${config.tenantId}`,
      clientCertificate: {
        thumbprintSha256: config.certificate.thumbprintSha256,
        privateKey: config.certificate.privateKey,
        ...(config.certificate.x5c ? { x5c: config.certificate.x5c } : {}),
      },
    },
    ...(options.networkClient ? { system: { networkClient: options.networkClient } } : {}),
  });
  return async () => {
    let result;
    try {
      result = await app.acquireTokenByClientCredential({ scopes: [scope] });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(
        `Entra ID refused an app-only token for ${scope} (tenant ${config.tenantId}, app ${config.clientId}): ${why}. ` +
          'Check that the certificate with this thumbprint is uploaded to the app registration and that admin consent was granted.',
        { cause: err },
      );
    }
    if (!result?.accessToken) throw new Error(`Entra ID returned no access token for ${scope}.`);
    return result.accessToken;
  };
}
