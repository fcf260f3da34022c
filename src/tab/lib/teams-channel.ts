/**
 * The managers' channel as a manager gives it in the settings view: the channel's id, or the link
 * Teams copies with "Get link to channel" (`https://teams.microsoft.com/l/channel/<id>/<name>?groupId=…`),
 * whose path carries the id URL-encoded (Microsoft Learn, "Deep links to an app or a channel":
 * learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/deep-link-teams).
 */

/** Longest channel id accepted (the review service's limit for ids it records). */
export const channelIdMax = 400;

export type ChannelIdParse = { ok: true; id: string | undefined } | { ok: false; message: string };

/** An empty text clears the channel; a channel link gives its id; anything else is taken as the id. */
export function channelIdFromText(text: string): ChannelIdParse {
  const value = text.trim();
  if (value === '') return { ok: true, id: undefined };
  let id = value;
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return { ok: false, message: 'This is not a link Teams gives for a channel.' };
    }
    const match = /^\/l\/channel\/([^/]+)/.exec(url.pathname);
    if (!/(^|\.)teams\.(microsoft|cloud\.microsoft)(\.com)?$/i.test(url.hostname) || !match) {
      return {
        ok: false,
        message:
          'Paste the link from the channel’s menu in Teams (Get link to channel), or the channel id (19:…@thread.tacv2).',
      };
    }
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      return { ok: false, message: 'The channel link is cut short: paste the whole link.' };
    }
  }
  if (/\s/.test(id))
    return { ok: false, message: 'A channel id has no spaces: paste the channel link or id.' };
  if (id.length > channelIdMax)
    return { ok: false, message: `A channel id is at most ${channelIdMax} characters.` };
  return { ok: true, id };
}
