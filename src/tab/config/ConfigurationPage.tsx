/**
 * The channel tab's configuration page: choose the register (or all registers) and the view the tab
 * opens with. Teams' own Save button saves; this page keeps it enabled only for a valid choice and
 * writes the content URL the tab reads.
 */
import { Field, Radio, RadioGroup, Select, Spinner, Text, makeStyles } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import {
  channelTabSettings,
  channelTabViews,
  type ChannelTabChoice,
  type ChannelTabView,
} from './channel-tab';
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
};

const allRegisters = '';

/** The form; saving goes through `pagesConfig`. */
export function ConfigurationPage({ registers, pagesConfig, tabBaseUrl, initial }: ConfigurationPageProps) {
  const styles = useStyles();
  const [choice, setChoice] = useState<ChannelTabChoice>(
    initial ?? { register: allRegisters, view: 'register' },
  );
  const latest = useRef(choice);
  latest.current = choice;
  const ready = registers.status === 'ready';
  // A register that no longer exists is not a valid choice: the tab would open empty.
  const valid = ready && (choice.register === allRegisters || registers.names.includes(choice.register));

  useEffect(() => {
    pagesConfig.registerOnSaveHandler((outcome) => {
      pagesConfig.setConfig(channelTabSettings(tabBaseUrl, latest.current)).then(
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
    </div>
  );
}
