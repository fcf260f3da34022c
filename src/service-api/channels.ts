/**
 * The channel tab's side of the managers' channels: what the configuration page sends to
 * `POST /api/register/recordChannel` (from the TeamsJS context), validated before anything is stored.
 */
import type { ChannelOnWire } from './wire';

/** What the channel tab's configuration page sends (from the TeamsJS context) to record its channel. */
export type ChannelTabInput = {
  teamId: string;
  channelId: string;
  teamName?: string;
  channelName?: string;
  aadGroupId?: string;
  tenantId?: string;
};

/** Longest id or name accepted from the tab (Teams' thread ids are well under this). */
export const CHANNEL_FIELD_MAX = 400;

/**
 * Validates what the configuration page sent; returns the record, or the problems naming each field.
 * Ids must be present and short; nothing else is assumed about their shape (the Agents Playground's
 * ids are not Teams' `19:…@thread.tacv2`).
 */
export function channelFromTab(
  input: Record<string, unknown>,
  now: string,
): { ok: true; value: ChannelOnWire } | { ok: false; field: string; message: string } {
  const read = (key: keyof ChannelTabInput, required: boolean) => {
    const v = input[key];
    if (v === undefined || v === null || v === '') {
      return required
        ? { error: `"${key}" is required: pass the TeamsJS context's value.` }
        : { value: undefined };
    }
    if (typeof v !== 'string' || v.trim() === '') return { error: `"${key}" must be a non-empty string.` };
    if (v.length > CHANNEL_FIELD_MAX) return { error: `"${key}" is over ${CHANNEL_FIELD_MAX} characters.` };
    return { value: v.trim() };
  };
  const fields = {
    teamId: read('teamId', true),
    channelId: read('channelId', true),
    teamName: read('teamName', false),
    channelName: read('channelName', false),
    aadGroupId: read('aadGroupId', false),
    tenantId: read('tenantId', false),
  };
  for (const [field, r] of Object.entries(fields)) {
    if ('error' in r && r.error) return { ok: false, field, message: r.error };
  }
  const v = (k: keyof typeof fields) => (fields[k] as { value?: string }).value;
  return {
    ok: true,
    value: {
      channelId: v('channelId')!,
      teamId: v('teamId')!,
      ...(v('teamName') ? { teamName: v('teamName') } : {}),
      ...(v('channelName') ? { channelName: v('channelName') } : {}),
      ...(v('aadGroupId') ? { aadGroupId: v('aadGroupId') } : {}),
      ...(v('tenantId') ? { tenantId: v('tenantId') } : {}),
      source: 'tab',
      updatedAt: now,
    },
  };
}
