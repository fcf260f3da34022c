/**
 * An owner's review of their risk for this period, as on the review card: confirm the current
 * rating or change it, with the period comment. Writes the frozen snapshot through the store.
 */
import { Button, Field, Spinner, Text, Textarea, makeStyles } from '@fluentui/react-components';
import { useState } from 'react';
import { scoreOf } from '../../../domain';
import type { Period, RegisterSettings } from '../../../domain/types';
import type { CurrentUser, RegisterStore, StoredRisk } from '../../../ports';
import { ErrorSummary } from '../../components/ErrorSummary';
import { ErrorBar } from '../../components/Banners';
import { RatingFields } from './FormParts';
import { validateDraft, draftFromRisk, type RatingDraft } from './risk-draft';
import { useSave } from './use-save';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  buttons: { display: 'flex', gap: '8px', alignItems: 'center' },
});

export function ReviewForm(props: {
  store: RegisterStore;
  user: CurrentUser;
  risk: StoredRisk;
  settings: RegisterSettings;
  period: Period;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const styles = useStyles();
  const { risk, settings, user } = props;
  const initial = draftFromRisk(risk, risk.register).current;
  const [rating, setRating] = useState<RatingDraft>(initial);
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  /** Failed submits so far: each focuses the error summary again. */
  const [attempts, setAttempts] = useState(0);
  const save = useSave<StoredRisk>();
  const ratingError = validateDraft(
    { ...draftFromRisk(risk, risk.register), current: rating },
    settings.matrix,
    new Set(),
  ).current;
  const commentError = comment.trim()
    ? undefined
    : `Write this period’s comment for ${risk.reference}: what changed, or why the rating stands.`;
  const changed = rating.likelihood !== initial.likelihood || rating.impact !== initial.impact;

  const submit = async () => {
    setTried(true);
    if (ratingError || commentError) {
      setAttempts((n) => n + 1);
      return;
    }
    const current = { likelihood: Number(rating.likelihood), impact: Number(rating.impact) };
    const ok = await save.run(() =>
      props.store.recordReview({
        riskId: risk.id,
        riskEtag: risk.etag,
        actor: user,
        source: 'tab',
        snapshot: {
          riskId: risk.id,
          riskReference: risk.reference,
          periodId: props.period.id,
          inherent: risk.inherent,
          current,
          target: risk.target,
          currentScore: scoreOf(settings.matrix, current),
          appetite: risk.appetite ?? settings.defaultAppetite,
          comment: comment.trim(),
          recordedBy: { id: user.id, name: user.name, email: user.email },
          recordedAt: new Date().toISOString(),
          source: 'tab',
          outcome: changed ? 'changed' : 'confirmed',
        },
      }),
    );
    if (ok) props.onSaved();
  };

  return (
    <form
      className={styles.form}
      noValidate
      aria-label={`Review of ${risk.reference} for ${props.period.label}`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Text>
        Review for <strong>{props.period.label}</strong>. Keep the rating to confirm it, or change it.
      </Text>
      {tried && (ratingError || commentError) ? (
        <ErrorSummary
          title={`Your review of ${risk.reference} cannot be recorded yet`}
          problems={[
            ...(ratingError ? [{ target: 'review-rating', message: ratingError }] : []),
            ...(commentError ? [{ target: 'review-comment', message: commentError }] : []),
          ]}
          attempt={attempts}
        />
      ) : null}
      {save.state.status === 'error' || save.state.status === 'conflict' ? (
        <ErrorBar reveal problem={save.state.problem} onRetry={() => void submit()} />
      ) : null}
      <RatingFields
        id="review-rating"
        label="Current rating"
        matrix={settings.matrix}
        value={rating}
        error={tried ? ratingError : undefined}
        onChange={setRating}
      />
      <Field
        id="review-comment"
        label="Comment for this period"
        required
        validationMessage={tried ? commentError : undefined}
      >
        <Textarea rows={4} value={comment} onChange={(_, d) => setComment(d.value)} />
      </Field>
      <div className={styles.buttons}>
        <Button appearance="primary" type="submit" disabled={save.state.status === 'saving'}>
          {changed ? 'Save changed rating' : 'Confirm rating'}
        </Button>
        <Button onClick={props.onCancel}>Cancel</Button>
        {save.state.status === 'saving' ? <Spinner size="tiny" label="Saving…" /> : null}
      </div>
    </form>
  );
}
