/**
 * The channel tab's saved configuration: which register and which view it opens. Teams stores the
 * content URL the configuration page sets; the tab reads the choice back from that URL's query
 * (`register`, `view`), the same parameters the tab keeps its navigation in.
 */
export type ChannelTabView = 'register' | 'heatmap' | 'summary' | 'reviews';

export const channelTabViews: { view: ChannelTabView; label: string }[] = [
  { view: 'register', label: 'Register' },
  { view: 'heatmap', label: 'Heat map' },
  { view: 'summary', label: 'Summary' },
  { view: 'reviews', label: 'Review status' },
];

export type ChannelTabChoice = {
  /** Register name; empty = every register on the site. */
  register: string;
  view: ChannelTabView;
};

/** What Teams' `pages.config.setConfig` receives. */
export type ChannelTabSettings = {
  entityId: string;
  contentUrl: string;
  websiteUrl: string;
  suggestedDisplayName: string;
};

/** True on the configuration page (the manifest's configurationUrl is `index.html?page=config`). */
export function isConfigurationPage(search: string): boolean {
  return new URLSearchParams(search).get('page') === 'config';
}

/**
 * The tab's base URL (folder of index.html) from the configuration page's own location, so one
 * build serves every council's host.
 */
export function tabBaseFrom(location: { origin: string; pathname: string }): string {
  return `${location.origin}${location.pathname.replace(/\/[^/]*$/, '')}`;
}

/** The settings Teams saves for the channel tab. */
export function channelTabSettings(tabBaseUrl: string, choice: ChannelTabChoice): ChannelTabSettings {
  const params = new URLSearchParams();
  if (choice.view !== 'register') params.set('view', choice.view);
  const register = choice.register.trim();
  if (register) params.set('register', register);
  const query = params.toString();
  const contentUrl = `${tabBaseUrl.replace(/\/+$/, '')}/index.html${query ? `?${query}` : ''}`;
  const viewLabel = channelTabViews.find((v) => v.view === choice.view)?.label ?? 'Register';
  return {
    entityId: `risk-register:${register || '*'}:${choice.view}`,
    contentUrl,
    websiteUrl: contentUrl,
    suggestedDisplayName: register ? `Risks: ${register}` : `Risk ${viewLabel.toLowerCase()}`,
  };
}

/**
 * The saved choice, read back from the content URL Teams returns from `pages.getConfig()` when the
 * tab is reconfigured; undefined for a new tab (Teams returns an empty content URL).
 */
export function choiceFromSettings(saved: { contentUrl?: string } | undefined): ChannelTabChoice | undefined {
  if (!saved?.contentUrl) return undefined;
  let params: URLSearchParams;
  try {
    params = new URL(saved.contentUrl).searchParams;
  } catch {
    return undefined;
  }
  const view = params.get('view');
  const known = channelTabViews.find((v) => v.view === view)?.view;
  return { register: params.get('register') ?? '', view: known ?? 'register' };
}
