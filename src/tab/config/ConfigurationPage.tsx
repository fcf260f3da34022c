/**
 * The channel tab's configuration page: choose the register (or all registers) and the view the tab
 * opens with. Teams' own Save button saves; this page keeps it enabled only for a valid choice and
 * writes the content URL the tab reads.
 */
import {
  Checkbox,
  Field,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import {
  channelTabSettings,
  channelTabViews,
  type ChannelTabChoice,
  type ChannelTabView,
} from './channel-tab';
import { describeProblem } from '../lib/errors';
import type { PagesConfig } from './teams-pages-config';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: '16px', padding: '16px', maxWidth: '480px' },
});

export type RegisterList =
  { status: 'loading' } | { status: 'ready'; names: string[] } | { status: 'failed'; message: string };

export type ConfigurationPageProps = {
  registers: RegisterList;
  pagesConfig: PagesConfig;
  tabBaseUrl: string;
  /** The tab's current choice when reconfiguring (canUpdateConfiguration). */
  initial?: ChannelTabChoice;
  /**
   * Tells the review service about this channel (the write API's recordChannel); with a register,
   * also makes the channel that register's managers' channel for escalation digests (managers only).
   * Absent outside a Teams channel or without the service.
   */
  recordChannel?: (register?: string) => Promise<void>;
};

const allRegisters = '';

/** The form; saving goes through `pagesConfig`. */
export function ConfigurationPage({
  registers,
  pagesConfig,
  tabBaseUrl,
  initial,
  recordChannel,
}: ConfigurationPageProps) {
  const styles = useStyles();
  const [choice, setChoice] = useState<ChannelTabChoice>(
    initial ?? { register: allRegisters, view: 'register' },
  );
  const [digests, setDigests] = useState(false);
  const latest = useRef({ choice, digests, recordChannel });
  latest.current = { choice, digests, recordChannel };
  const ready = registers.status === 'ready';
  // A register that no longer exists is not a valid choice: the tab would open empty.
  const valid = ready && (choice.register === allRegisters || registers.names.includes(choice.register));

  useEffect(() => {
    pagesConfig.registerOnSaveHandler((outcome) => {
      const { choice: chosen, digests: toHere, recordChannel: record } = latest.current;
      const register = toHere && chosen.register !== allRegisters ? chosen.register : undefined;
      (async () => {
        // Choosing the digest channel is a register setting: if the service refuses it (not a
        // manager), the tab is not added and Teams shows why, so nothing is half-done.
        if (record && register) {
          try {
            await record(register);
          } catch (err) {
            throw new Error(
              `The escalation digests of ${register} could not be sent to this channel: ${describeProblem(err).message} Untick the option to add the tab without it.`,
            );
          }
        }
        await pagesConfig.setConfig(channelTabSettings(tabBaseUrl, chosen));
        // Otherwise the channel is only made known to the service (the bot's install event does the
        // same); a refusal here changes nothing a person chose.
        if (record && !register) await record().catch(() => undefined);
      })().then(
        () => outcome.notifySuccess(),
        (err: unknown) => outcome.notifyFailure(err instanceof Error ? err.message : String(err)),
      );
    });
  }, [pagesConfig, tabBaseUrl]);

  useEffect(() => {
    pagesConfig.setValidityState(valid);
  }, [pagesConfig, valid]);

  return (
    <div className={styles.root}>
      <Text as="h1" size={500} weight="semibold">
        Risk register tab
      </Text>
      {registers.status === 'loading' ? (
        <Spinner size="small" label="Loading the registers on the site…" />
      ) : null}
      {registers.status === 'failed' ? (
        <Text role="alert">Could not read the registers: {registers.message}</Text>
      ) : null}
      <Field
        label="Register"
        hint="The tab opens on this register; people can still switch registers in the tab."
        validationMessage={
          ready && !valid
            ? `“${choice.register}” is not a register on the site any more. Choose another.`
            : undefined
        }
      >
        <Select
          value={choice.register}
          disabled={!ready}
          onChange={(_, d) => setChoice((c) => ({ ...c, register: d.value }))}
        >
          <option value={allRegisters}>All registers</option>
          {ready
            ? registers.names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))
            : null}
          {ready && !valid ? <option value={choice.register}>{choice.register}</option> : null}
        </Select>
      </Field>
      <Field label="Opens with">
        <RadioGroup
          value={choice.view}
          onChange={(_, d) => setChoice((c) => ({ ...c, view: d.value as ChannelTabView }))}
        >
          {channelTabViews.map((v) => (
            <Radio key={v.view} value={v.view} label={v.label} />
          ))}
        </RadioGroup>
      </Field>
      {recordChannel && choice.register !== allRegisters ? (
        <Field hint="Register managers only. Changes the register's Managers' channel setting; it can be changed later in Settings.">
          <Checkbox
            checked={digests}
            onChange={(_, d) => setDigests(d.checked === true)}
            label={`Post the escalation digests of ${choice.register} in this channel`}
          />
        </Field>
      ) : null}
    </div>
  );
}
