/**
 * The tab's browser entry (bundled by esbuild): reads tab-config.json, and hands the tab a store
 * factory over the one configured PnPjs client. This is a composition root, so it may import
 * src/sharepoint's client; src/tab never does.
 */
import { createRoot } from 'react-dom/client';
import { createRegisterStore } from '../sharepoint/register-store';
import { createSpClient } from '../sharepoint/sp-client';
import { createServiceBackedStore } from '../service-api/client';
import { settingsRestorer } from '../sharepoint/store-context';
import { isConfigurationPage } from '../tab/config/channel-tab';
import { isAuthResponse } from '../tab/hosts/auth-response';
import { Root, type StoreFactory } from '../tab/Root';
import { parseRuntimeConfig } from '../tab/hosts/runtime-config';

// Reads go to the register site with the person's token; writes go to the review service's API.
const createStore: StoreFactory = (siteUrl, getToken, api) => {
  const reads = createRegisterStore(
    createSpClient({ siteUrl: new URL(siteUrl, window.location.href).href, getToken }),
  );
  if (!api) return reads;
  return createServiceBackedStore(reads, {
    baseUrl: api.url || window.location.origin,
    getToken: api.getToken,
  });
};

async function main() {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element.');
  // This load is the sign-in popup (or redirect) coming back: hand the response to the tab, nothing else.
  if (isAuthResponse(window.location)) {
    container.textContent = 'Finishing sign-in…';
    const { broadcastResponseToMainFrame } = await import('@azure/msal-browser/redirect-bridge');
    await broadcastResponseToMainFrame().catch((err: unknown) => {
      container.textContent = `Sign-in did not finish: ${err instanceof Error ? err.message : String(err)}. Close this window and press Sign in again.`;
    });
    return;
  }
  const response = await fetch('tab-config.json', { cache: 'no-store' });
  if (!response.ok) {
    container.textContent = `Could not load tab-config.json (${response.status}). The tab's host must serve it beside index.html.`;
    return;
  }
  const config = parseRuntimeConfig(await response.json());
  // The channel tab's configurationUrl is this same page with `?page=config`. That page loads on demand:
  // it needs TeamsJS at once, which the tab itself only loads inside Microsoft 365.
  if (isConfigurationPage(window.location.search)) {
    const { ConfigurationRoot } = await import('../tab/config/ConfigurationRoot');
    createRoot(container).render(<ConfigurationRoot config={config} createStore={createStore} />);
  } else {
    // The settings codec restores the first screen's settings; it is not in the first render, so its
    // fetch starts here, beside sign-in and the first requests.
    void settingsRestorer();
    createRoot(container).render(<Root config={config} createStore={createStore} />);
  }
}

void main();
