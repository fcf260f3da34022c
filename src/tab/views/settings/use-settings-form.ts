/**
 * The settings form's state: the draft (use-settings-draft), the managers' channel as typed, the
 * channels the review service knows, and the save. SettingsView renders it.
 */
import { useEffect, useState } from 'react';
import type { RegisterData } from '../../data/use-register-data';
import type { KnownChannel, TabSession } from '../../host';
import { describeProblem } from '../../lib/errors';
import { channelIdFromText } from '../../lib/teams-channel';
import { useSave } from '../edit/use-save';
import { useSettingsDraft } from './use-settings-draft';
import { useMatrixChange } from './use-matrix-change';
import type { Risk } from '../../../domain/types';
import type { MatrixChangeResult } from '../../../ports';

export type KnownChannels =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'ready'; channels: KnownChannel[] }
  | { status: 'failed'; message: string };

/** The channels the review service has captured, loaded once when the form opens. */
function useKnownChannels(list: TabSession['listChannels']): KnownChannels {
  const [known, setKnown] = useState<KnownChannels>(list ? { status: 'loading' } : { status: 'none' });
  useEffect(() => {
    if (!list) return;
    let cancelled = false;
    list().then(
      (channels) => !cancelled && setKnown({ status: 'ready', channels }),
      (err: unknown) => !cancelled && setKnown({ status: 'failed', message: describeProblem(err).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [list]);
  return known;
}

/** Draft, channel, known channels and save of one register's settings form. */
export function useSettingsForm(
  session: TabSession,
  summary: RegisterData['registers'][number],
  onSaved: () => void,
  risks: readonly Risk[] = [],
) {
  const s = useSettingsDraft(summary.settings);
  const change = useMatrixChange(summary.settings.matrix, s.draft.matrix, risks);
  const [migrated, setMigrated] = useState<MatrixChangeResult | undefined>();
  const save = useSave();
  const [tried, setTried] = useState(false);
  const [channelText, setChannelText] = useState(summary.settings.managersChannelId ?? '');
  const channel = channelIdFromText(channelText);
  const known = useKnownChannels(session.listChannels);
  const submit = async () => {
    setTried(true);
    if (!s.valid || !channel.ok) return;
    // A matrix change that moves ratings is saved only once its preview is confirmed.
    if (change.active && (!change.confirmed || change.problems.length > 0)) return;
    const { managersChannelId: _previous, ...rest } = s.result();
    const settings = channel.id ? { ...rest, managersChannelId: channel.id } : rest;
    setMigrated(undefined);
    const ok = await save.run(async () => {
      if (!change.active) return session.store.saveSettings(settings, summary.settings.etag, session.user);
      const result = await session.store.changeMatrix(
        { settings, etag: summary.settings.etag, mapping: change.mapping },
        session.user,
      );
      setMigrated(result);
      return result.settings;
    });
    if (ok) onSaved();
  };
  return { s, save, tried, channelText, setChannelText, channel, known, submit, change, migrated };
}
