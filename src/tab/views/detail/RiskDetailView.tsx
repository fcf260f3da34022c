/**
 * One risk in full: every field, ratings, controls, actions, period history with its chart, and
 * the audit trail. Managers edit everything here; owners record their own review; read-only
 * members see why the buttons are not there. The state lives in useRiskDetailView; this file renders it.
 */
import { Badge, Button, MessageBar, MessageBarBody, Text, makeStyles } from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { ArrowLeftRegular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import type { Stored } from '../../../ports';
import { ErrorBar, LoadingSkeleton } from '../../components/Banners';
import { DirectionLabel, ReviewStateLabel } from '../../components/RatingBadge';
import type { RegisterData } from '../../data/use-register-data';
import type { TabSession } from '../../host';
import { formatDate } from '../../lib/dates';
import { ActionDialog, ControlDialog } from '../edit/ItemDialogs';
import { ReviewForm } from '../edit/ReviewForm';
import { RiskForm } from '../edit/RiskForm';
import { StoredProblems } from './StoredProblems';
import { CloseDialog, MergeDialog } from './CloseMergeDialogs';
import {
  ActionsTable,
  ControlsTable,
  Facts,
  HistorySection,
  RatingsSection,
  Section,
  people,
} from './DetailSections';
import { AuditTrail } from './AuditTrail';
import { ActionProgress } from './ActionProgress';
import { ReviewRequestsSection } from './ReviewRequests';
import { namesOf } from './audit-text';
import { detailContext, useRiskDetailView } from './use-risk-detail-view';

const useStyles = makeStyles({
  header: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap', marginBottom: '12px' },
  title: { flexGrow: 1 },
  toolbar: { display: 'flex', gap: '8px', flexWrap: 'wrap', marginBottom: '16px' },
  sectionHead: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: '8px' },
  itemButtons: { display: 'flex', gap: '8px', flexWrap: 'wrap', marginTop: '8px' },
  muted: { color: tokens.colorNeutralForeground2 },
});

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A delete handler for a stored item, or none for an item being added. */
function deleteOf<T>(item: Stored<T> | undefined, remove: (item: Stored<T>) => Promise<void>) {
  return item ? () => void remove(item) : undefined;
}

export type RiskDetailProps = {
  session: TabSession;
  data: RegisterData;
  riskId: number;
  onBack: () => void;
  /** After any write: reload the register too so the grid agrees with the detail. */
  onChanged: () => void;
};

export default function RiskDetailView({ session, data, riskId, onBack, onChanged }: RiskDetailProps) {
  const styles = useStyles();
  const { store, user } = session;
  const { state, reload, mode, setMode, items, saved } = useRiskDetailView(session, riskId, onChanged);
  // The merge dialog lists the register's other open risks by title: every row is read for it.
  const merging = items.dialog?.kind === 'merge';
  const { readAll } = data;
  useEffect(() => {
    if (merging) readAll?.();
  }, [merging, readAll]);
  const back = (
    <Button appearance="subtle" icon={<ArrowLeftRegular />} onClick={onBack}>
      Back to the register
    </Button>
  );
  if (state.status === 'loading')
    return (
      <>
        {back}
        <LoadingSkeleton label="Loading the risk" />
      </>
    );
  if (state.status === 'error')
    return (
      <>
        {back}
        <ErrorBar problem={state.problem} onRetry={reload} />
      </>
    );
  const { history, audit } = state.data;
  const r = state.data.risk;
  const summary = data.registers.find((g) => g.name === r.register);
  const row = data.rows.find((x) => x.risk.id === r.id);
  if (!summary)
    return (
      <>
        {back}
        <ErrorBar
          problem={{
            kind: 'not-found',
            title: 'Register settings missing',
            message: `The register “${r.register}” of ${r.reference} has no settings; ask a manager to open Settings and save them.`,
          }}
        />
      </>
    );
  const settings = summary.settings;
  const {
    edit,
    review,
    knownPeople: people_,
    dialogProblem,
    names,
    taken,
    editItem,
    warnings,
  } = detailContext(data, user, r, items);

  if (mode === 'edit')
    return (
      <>
        {back}
        <Text as="h1" size={700} weight="semibold" block>
          Edit {r.reference}
        </Text>
        <RiskForm
          store={store}
          user={user}
          settings={settings}
          risk={r}
          register={r.register}
          people={people_}
          takenReferences={taken}
          onSaved={() => saved(`Changes to ${r.reference} saved`)}
          onCancel={() => setMode('view')}
        />
      </>
    );

  return (
    <article aria-labelledby="risk-heading">
      {back}
      <div className={styles.header}>
        <Text as="h1" id="risk-heading" size={700} weight="semibold" className={styles.title}>
          {r.reference}: {r.title}
        </Text>
        <Badge appearance="outline" size="large">
          {r.status === 'open'
            ? 'Open'
            : r.status === 'merged'
              ? `Merged into ${r.mergedInto ?? '?'}`
              : 'Closed'}
        </Badge>
      </div>
      <Text block className={styles.muted}>
        {r.register} register · {r.directorate || 'No directorate'} · {summary.period.label}:{' '}
        {row ? <ReviewStateLabel state={row.reviewState} /> : 'not loaded'}
        {row ? (
          <>
            {' '}
            · Direction: <DirectionLabel direction={row.direction} />
          </>
        ) : null}
      </Text>
      <div className={styles.toolbar} role="toolbar" aria-label="Risk actions">
        {edit.allowed ? (
          <Button appearance="primary" onClick={() => setMode('edit')}>
            Edit risk
          </Button>
        ) : null}
        {review.allowed && r.status === 'open' ? (
          <Button appearance={edit.allowed ? 'secondary' : 'primary'} onClick={() => setMode('review')}>
            Record review
          </Button>
        ) : null}
        {edit.allowed && r.status === 'open' ? (
          <>
            <Button onClick={() => items.open({ kind: 'close' })}>Close risk</Button>
            <Button onClick={() => items.open({ kind: 'merge' })}>Merge into…</Button>
          </>
        ) : null}
      </div>
      {!edit.allowed ? (
        <MessageBar intent="info" layout="multiline" style={{ marginBottom: 16 }}>
          <MessageBarBody>
            {review.allowed ? edit.reason : !review.allowed ? review.reason : ''}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {edit.allowed ? (
        <StoredProblems warnings={warnings(settings.matrix)} issues={row?.restoreIssues ?? []} />
      ) : null}
      {state.status === 'ready' && state.refreshing ? <Text role="status">Refreshing…</Text> : null}
      {mode === 'review' ? (
        <Section title={`Record the review for ${summary.period.label}`}>
          <ReviewForm
            store={store}
            user={user}
            risk={r}
            settings={settings}
            period={summary.period}
            onSaved={() => saved(`Review of ${r.reference} for ${summary.period.label} recorded`)}
            onCancel={() => setMode('view')}
          />
        </Section>
      ) : null}
      <RatingsSection risk={r} settings={settings} />
      <Section title="About this risk">
        <Facts
          items={[
            ['Description', r.description],
            ['Cause', r.cause],
            ['Event', r.event],
            ['Consequence', r.consequence],
            ['Category', r.category],
            ['Owner(s)', people(r.owners)],
            ['Delegates', people(r.delegates)],
            ['Cabinet member(s)', people(r.cabinetMembers)],
            ['Triggers', r.triggers.join('\n')],
            ['Review frequency', capitalise(r.reviewFrequency)],
            ['Next review', r.nextReviewDate ? formatDate(r.nextReviewDate) : ''],
            ['Timescale to target', r.timescaleToTarget],
            ['Treatment', r.treatment ? capitalise(r.treatment) : ''],
            ['Other references', r.aliases.join(', ')],
            ['Linked risks', r.linkedRisks.join(', ')],
            ...(r.status === 'closed'
              ? [['Reason for closing', r.closureReason ?? ''] as [string, string]]
              : []),
          ]}
        />
      </Section>
      <Section title="Controls">
        <ControlsTable
          risk={r}
          onEdit={edit.allowed ? (i) => editItem('control', r.controls[i]) : undefined}
        />
        {edit.allowed ? (
          <div className={styles.itemButtons}>
            <Button onClick={() => items.open({ kind: 'control' })}>Add control</Button>
          </div>
        ) : null}
      </Section>
      <Section title="Actions">
        <ActionsTable risk={r} onEdit={edit.allowed ? (i) => editItem('action', r.actions[i]) : undefined} />
        <ActionProgress
          store={store}
          user={user}
          risk={r}
          onSaved={() => saved(`Progress of an action on ${r.reference} updated`)}
        />
        {edit.allowed ? (
          <div className={styles.itemButtons}>
            <Button onClick={() => items.open({ kind: 'action' })}>Add action</Button>
          </div>
        ) : null}
      </Section>
      <HistorySection history={history} settings={settings} />
      <ReviewRequestsSection store={store} riskId={r.id} settings={settings} today={data.today} />
      <AuditTrail
        audit={audit}
        context={{
          settings,
          risk: r,
          names: new Map([...namesOf(data.rows.map((x) => x.risk)), ...names]),
        }}
      />
      {items.dialog?.kind === 'control' ? (
        <ControlDialog
          title={items.dialog.item ? 'Edit control' : `Add a control to ${r.reference}`}
          initial={items.dialog.item ?? { title: '', owners: [] }}
          people={people_}
          saving={items.state.status === 'saving'}
          problem={dialogProblem}
          onSave={(c) =>
            void items.saveControl(c, items.dialog?.kind === 'control' ? items.dialog.item : undefined)
          }
          onDelete={deleteOf(items.dialog.item, items.deleteControl)}
          onClose={items.close}
        />
      ) : null}
      {items.dialog?.kind === 'action' ? (
        <ActionDialog
          title={items.dialog.item ? 'Update action' : `Add an action to ${r.reference}`}
          initial={items.dialog.item ?? { title: '', owners: [], status: 'not-started', progress: 0 }}
          people={people_}
          saving={items.state.status === 'saving'}
          problem={dialogProblem}
          onSave={(a) =>
            void items.saveAction(a, items.dialog?.kind === 'action' ? items.dialog.item : undefined)
          }
          onDelete={deleteOf(items.dialog.item, items.deleteAction)}
          onClose={items.close}
        />
      ) : null}
      {items.dialog?.kind === 'close' ? (
        <CloseDialog
          reference={r.reference}
          state={items.state}
          onConfirm={(reason) => void items.closeRisk(reason)}
          onClose={items.close}
        />
      ) : null}
      {items.dialog?.kind === 'merge' ? (
        <MergeDialog
          risk={r}
          candidates={data.rows
            .filter((x) => x.risk.register === r.register && x.risk.id !== r.id && x.risk.status === 'open')
            .map((x) => ({ reference: x.risk.reference, title: x.risk.title }))}
          state={items.state}
          onConfirm={(into) => void items.mergeRisk(into)}
          onClose={items.close}
        />
      ) : null}
    </article>
  );
}
