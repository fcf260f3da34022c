/**
 * Register settings for managers: the matrix (start from a council preset, then edit labels and band
 * boundaries with a live preview), the review schedule, the default appetite and the managers'
 * channel that receives escalation digests.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { useState } from 'react';
import { PRESETS } from '../../../domain';
import type { PeriodKind, Risk } from '../../../domain/types';
import { ErrorBar } from '../../components/Banners';
import { RegisterPicker } from '../../components/RegisterPicker';
import type { RegisterData } from '../../data/use-register-data';
import type { TabSession } from '../../host';
import { narrow } from '../../lib/layout';
import { bandOf } from '../../lib/rating';
import { Section } from '../detail/DetailSections';
import { useSettingsForm } from './use-settings-form';
import { MatrixChangePanel } from './MatrixChangePanel';

const useStyles = makeStyles({
  row: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', gap: '12px' },
  preview: { display: 'grid', gap: '3px', maxWidth: '520px', marginTop: '8px' },
  cell: {
    padding: '6px',
    textAlign: 'center',
    fontSize: tokens.fontSizeBase200,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    overflowWrap: 'anywhere',
    [narrow]: { padding: '2px', fontSize: tokens.fontSizeBase100 },
  },
  label: {
    fontSize: tokens.fontSizeBase200,
    display: 'flex',
    alignItems: 'center',
    overflowWrap: 'anywhere',
  },
  buttons: { display: 'flex', gap: '8px', marginTop: '12px' },
});

const periodKinds: { value: PeriodKind; label: string }[] = [
  { value: 'quarter', label: 'Quarterly' },
  { value: 'month', label: 'Monthly' },
  { value: 'term', label: 'Termly' },
  { value: 'half', label: 'Six-monthly' },
  { value: 'year', label: 'Annually' },
];

export default function SettingsView(props: {
  session: TabSession;
  data: RegisterData;
  register: string | undefined;
  onSaved: () => void;
}) {
  const [register, setRegister] = useState(props.register ?? props.data.registers[0]?.name);
  const summary = props.data.registers.find((r) => r.name === register);
  return (
    <section aria-label="Settings">
      <RegisterPicker
        data={props.data}
        value={register}
        allowAll={false}
        onChange={(r) => r && setRegister(r)}
      />
      {summary ? (
        <SettingsForm
          key={summary.name}
          {...props}
          summary={summary}
          risks={props.data.rows.filter((r) => r.risk.register === summary.name).map((r) => r.risk)}
        />
      ) : (
        <Text>No register to configure.</Text>
      )}
    </section>
  );
}

function SettingsForm(props: {
  session: TabSession;
  summary: RegisterData['registers'][number];
  onSaved: () => void;
  risks: Risk[];
}) {
  const styles = useStyles();
  const { summary, session } = props;
  const { s, save, tried, channelText, setChannelText, channel, known, submit, change, migrated } =
    useSettingsForm(session, summary, props.onSaved, props.risks);
  const m = s.draft.matrix;
  const likelihoods = [...m.likelihood.levels].sort((a, b) => b.value - a.value);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      aria-label={`Settings for ${summary.name}`}
    >
      {save.state.status === 'error' || save.state.status === 'conflict' ? (
        <ErrorBar problem={save.state.problem} onRetry={() => void submit()} />
      ) : null}
      {save.state.status === 'saved' ? (
        <MessageBar intent="success">
          <MessageBarBody>Settings saved.</MessageBarBody>
        </MessageBar>
      ) : null}
      <Section title="Risk matrix">
        <div className={styles.row}>
          <Field label="Start from a council preset" hint="Replaces the scales and bands below">
            <Select value="" onChange={(_, d) => s.usePreset(d.value)}>
              <option value="">Keep the current matrix ({m.name})</option>
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Matrix name">
            <Input
              value={m.name}
              onChange={(_, d) =>
                s.updateMatrix((x) => {
                  x.name = d.value;
                })
              }
            />
          </Field>
        </div>
        {(['likelihood', 'impact'] as const).map((axis) => (
          <fieldset key={axis} style={{ border: 'none', padding: 0, marginTop: 12 }}>
            <legend style={{ fontWeight: 600 }}>{m[axis].name} labels</legend>
            <div className={styles.row}>
              {m[axis].levels.map((l, i) => (
                <Field key={l.value} label={`${m[axis].name} ${l.code}`}>
                  <Input
                    value={l.label}
                    onChange={(_, d) =>
                      s.updateMatrix((x) => {
                        const lv = x[axis].levels[i];
                        if (lv) lv.label = d.value;
                      })
                    }
                  />
                </Field>
              ))}
            </div>
          </fieldset>
        ))}
        <fieldset style={{ border: 'none', padding: 0, marginTop: 12 }}>
          <legend style={{ fontWeight: 600 }}>Bands</legend>
          {m.bands.map((b, i) => (
            <div key={b.id} className={styles.row}>
              <Field label={`Band ${i + 1} name`}>
                <Input
                  value={b.name}
                  onChange={(_, d) =>
                    s.updateMatrix((x) => {
                      const y = x.bands[i];
                      if (y) y.name = d.value;
                    })
                  }
                />
              </Field>
              {m.bandRule.kind === 'score' ? (
                <>
                  <Field label={`${b.name} from score`}>
                    <Input
                      inputMode="numeric"
                      value={String(b.minScore ?? '')}
                      onChange={(_, d) =>
                        s.updateMatrix((x) => {
                          const y = x.bands[i];
                          if (y) y.minScore = Number(d.value);
                        })
                      }
                    />
                  </Field>
                  <Field label={`${b.name} to score`}>
                    <Input
                      inputMode="numeric"
                      value={String(b.maxScore ?? '')}
                      onChange={(_, d) =>
                        s.updateMatrix((x) => {
                          const y = x.bands[i];
                          if (y) y.maxScore = Number(d.value);
                        })
                      }
                    />
                  </Field>
                </>
              ) : null}
            </div>
          ))}
        </fieldset>
        {tried && s.matrixErrors.length ? (
          <MessageBar intent="error" layout="multiline" role="alert">
            <MessageBarBody>
              The matrix cannot be saved yet:
              <ul>
                {s.matrixErrors.map((e) => (
                  <li key={`${e.field}${e.message}`}>{e.message}</li>
                ))}
              </ul>
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <Text block weight="semibold" style={{ marginTop: 12 }}>
          Preview
        </Text>
        <div
          className={styles.preview}
          style={{
            gridTemplateColumns: `minmax(60px, 120px) repeat(${m.impact.levels.length}, minmax(0, 1fr))`,
          }}
          role="table"
          aria-label="Matrix preview"
        >
          {likelihoods.map((l) => (
            <div key={l.value} role="row" style={{ display: 'contents' }}>
              <div role="rowheader" className={styles.label}>
                {l.code} {l.label}
              </div>
              {m.impact.levels.map((i) => {
                const band = bandOf(m, { likelihood: l.value, impact: i.value });
                return (
                  <div
                    key={i.value}
                    role="cell"
                    className={styles.cell}
                    style={band ? { backgroundColor: band.colour, color: band.textColour } : undefined}
                  >
                    {band?.name ?? 'No band'} {m.bandRule.kind === 'score' ? l.value * i.value : ''}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      </Section>
      <Section title="Review schedule and appetite">
        <div className={styles.row}>
          <Field label="Reporting period">
            <Select
              value={s.draft.review.periodKind}
              onChange={(_, d) =>
                s.setDraft((x) => ({ ...x, review: { ...x.review, periodKind: d.value as PeriodKind } }))
              }
            >
              {periodKinds.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Requests go out (days before the period)">
            <Input
              type="number"
              value={String(s.draft.review.leadDays)}
              onChange={(_, d) =>
                s.setDraft((x) => ({ ...x, review: { ...x.review, leadDays: Number(d.value) } }))
              }
            />
          </Field>
          <Field label="Answers close (days after the start)">
            <Input
              type="number"
              min={0}
              value={String(s.draft.review.cutOffDays)}
              onChange={(_, d) =>
                s.setDraft((x) => ({ ...x, review: { ...x.review, cutOffDays: Number(d.value) } }))
              }
            />
          </Field>
          <Field label="Reminder after (days)">
            <Input
              type="number"
              min={0}
              value={String(s.draft.review.reminderAfterDays)}
              onChange={(_, d) =>
                s.setDraft((x) => ({ ...x, review: { ...x.review, reminderAfterDays: Number(d.value) } }))
              }
            />
          </Field>
          <Field label="Escalate after (days)">
            <Input
              type="number"
              min={0}
              value={String(s.draft.review.escalateAfterDays)}
              onChange={(_, d) =>
                s.setDraft((x) => ({ ...x, review: { ...x.review, escalateAfterDays: Number(d.value) } }))
              }
            />
          </Field>
          <Field
            label="Managers' channel (escalation digests)"
            hint={
              channel.ok && channel.id
                ? `Digests go to channel ${channel.id}. The Risk register app must be added to its team.`
                : 'Paste the channel’s link (Get link to channel in Teams) or its id. Adding the channel tab there sets it for you.'
            }
            validationMessage={!channel.ok ? channel.message : undefined}
          >
            <Input value={channelText} onChange={(_, d) => setChannelText(d.value)} />
          </Field>
          {known.status !== 'none' ? (
            <Field
              label="Or choose a channel the Risk register app is in"
              hint={
                known.status === 'failed'
                  ? `The channels could not be listed (${known.message}); paste the channel's link instead.`
                  : known.status === 'loading'
                    ? 'Loading the channels…'
                    : known.channels.length === 0
                      ? 'The app has not been added to any team yet.'
                      : undefined
              }
            >
              <Select
                value={
                  known.status === 'ready' && channel.ok && known.channels.some((c) => c.id === channel.id)
                    ? (channel.id ?? '')
                    : ''
                }
                disabled={known.status !== 'ready' || known.channels.length === 0}
                onChange={(_, d) => d.value && setChannelText(d.value)}
              >
                <option value="">Choose a channel</option>
                {known.status === 'ready'
                  ? known.channels.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.label}
                      </option>
                    ))
                  : null}
              </Select>
            </Field>
          ) : null}
          <Field label="Default appetite (score)" validationMessage={tried ? s.appetiteError : undefined}>
            <Input
              inputMode="numeric"
              value={s.appetiteText}
              onChange={(_, d) => s.setAppetiteText(d.value)}
            />
          </Field>
        </div>
      </Section>
      <MatrixChangePanel change={change} saved={summary.settings.matrix} draft={m} tried={tried} />
      <div className={styles.buttons}>
        <Button appearance="primary" type="submit" disabled={save.state.status === 'saving'}>
          {change.active ? 'Change the matrix and save' : 'Save settings'}
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {save.state.status === 'saved' ? (
          <Text block>
            Saved.
            {migrated
              ? ` The matrix is now ${migrated.settings.matrix.name}; ${migrated.rerated.length} ${migrated.rerated.length === 1 ? 'risk was' : 'risks were'} re-rated${migrated.rerated.length ? ` (${migrated.rerated.join(', ')})` : ''}.`
              : ''}
            {migrated?.failed.length
              ? ` Not re-rated, re-rate by hand: ${migrated.failed.map((f) => `${f.reference} (${f.message})`).join('; ')}.`
              : ''}
          </Text>
        ) : null}
      </div>
    </form>
  );
}
