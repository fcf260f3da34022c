/**
 * MSAL Browser 5 returns a popup's (and a redirect's) sign-in response to the redirect URI page,
 * which must hand it to the tab with `broadcastResponseToMainFrame` and call no other MSAL API
 * (https://learn.microsoft.com/en-us/entra/msal/javascript/browser/redirect-bridge). The tab's
 * redirect URI is its own index.html, so the entry checks first whether this load is that response.
 *
 * MSAL recognises the response by a `state` parameter in the hash or the query
 * (parseAuthResponseFromUrl in node_modules/@azure/msal-browser/src/utils/BrowserUtils.ts); Entra
 * sends it with `code` on success or `error` on a refusal. The tab's own URLs never use these names.
 */
export function isAuthResponse(location: { hash: string; search: string }): boolean {
  return [location.hash.replace(/^#/, ''), location.search.replace(/^\?/, '')].some((part) => {
    const params = new URLSearchParams(part);
    return params.has('state') && (params.has('code') || params.has('error'));
  });
}
