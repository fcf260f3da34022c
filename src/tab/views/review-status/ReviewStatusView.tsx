/** Review status for the current period: overall progress, per owner, and each risk still waiting. */
import {
  Button,
  Card,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
} from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { useMemo } from 'react';
import type { CurrentUser, RegisterStore } from '../../../ports';
import { EmptyState } from '../../components/Feedback';
import { ReviewStateLabel, reviewStateLabel } from '../../components/RatingBadge';
import { RegisterPicker } from '../../components/RegisterPicker';
import { useStackedTableStyles } from '../../components/stacked-table';
import type { RegisterData } from '../../data/use-register-data';
import { isOwnerOrDelegate } from '../../lib/permissions';
import type { Navigate } from '../../lib/use-location';
import type { TabLocation } from '../../lib/url-state';
import { UpcomingRequests } from './UpcomingRequests';
import { useReviewStatus } from './use-review-status';
import { dueWindows, reviewWindows, type ReviewWindow } from '../../../domain/review-window';
import { formatDate } from '../../lib/dates';

const useStyles = makeStyles({
  tiles: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))',
    gap: '12px',
    margin: '16px 0',
  },
  tile: { padding: '12px 16px' },
  number: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: 1.1 },
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(420px, 100%), 1fr))',
    gap: '24px',
  },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  progress: { maxWidth: '480px' },
});

const shownStates = ['confirmed', 'changed', 'outstanding', 'overdue'] as const;

export function ReviewStatusView(props: {
  data: RegisterData;
  location: TabLocation;
  navigate: Navigate;
  /** The signed-in person, for `mine=1` (the personal tab): only their risks as owner or delegate. */
  user?: CurrentUser;
  /** Where the next period's review requests are read during its lead days (none: not shown). */
  store?: RegisterStore;
}) {
  const styles = useStyles();
  const stacked = useStackedTableStyles();
  const { navigate, user } = props;
  const mine = !!props.location.mine && !!user;
  const data = useMemo(
    () =>
      mine && user
        ? { ...props.data, rows: props.data.rows.filter((r) => isOwnerOrDelegate(user, r.risk)) }
        : props.data,
    [props.data, mine, user],
  );
  const register = props.location.filters.register;
  const status = useReviewStatus(data, register);
  const periods = [
    ...new Set(data.registers.filter((r) => !register || r.name === register).map((r) => r.period.label)),
  ];
  const showOwner = (owner: string) =>
    navigate((l) => ({ ...l, view: 'register', filters: { status: 'open', register, owner } }));
  return (
    <section aria-label="Review status">
      <RegisterPicker
        data={data}
        value={register}
        onChange={(r) => navigate((l) => ({ ...l, filters: { ...l.filters, register: r } }))}
      />
      {mine ? (
        <MessageBar intent="info" style={{ marginTop: 12 }}>
          <MessageBarBody>Showing only the risks you own or are a delegate for.</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => navigate((l) => ({ ...l, mine: undefined }))}>Show all risks</Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      <Text as="h2" size={500} weight="semibold" block style={{ marginTop: 16 }}>
        {mine ? 'Your reviews' : 'Reviews'} for {periods.join(', ') || 'this period'}
      </Text>
      <ReviewWindows data={data} register={register} />
      <div className={styles.progress}>
        <Text block>
          {status.done} of {status.due} due reviews recorded
        </Text>
        <ProgressBar
          value={status.due ? status.done / status.due : 0}
          thickness="large"
          aria-label={`${status.done} of ${status.due} due reviews recorded`}
        />
      </div>
      <div className={styles.tiles}>
        {shownStates.map((s) => (
          <Card key={s} className={styles.tile}>
            <span className={styles.number}>{status.totals[s]}</span>
            <ReviewStateLabel state={s} />
          </Card>
        ))}
      </div>
      <div className={styles.columns}>
        <div>
          <Text as="h3" size={400} weight="semibold" block>
            By owner
          </Text>
          <Table
            className={mergeClasses(styles.table, stacked.table)}
            size="small"
            aria-label="Review status by owner"
          >
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Owner</TableHeaderCell>
                {shownStates.map((s) => (
                  <TableHeaderCell key={s}>{reviewStateLabel[s]}</TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {status.owners.map((o) => (
                <TableRow key={o.owner}>
                  <TableCell data-label="Owner">
                    <Link onClick={() => showOwner(o.owner)}>{o.owner}</Link>
                  </TableCell>
                  {shownStates.map((s) => (
                    <TableCell key={s} data-label={reviewStateLabel[s]}>
                      {o.counts[s]}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <div>
          <Text as="h3" size={400} weight="semibold" block>
            Waiting for a review
          </Text>
          {status.waiting.length === 0 ? (
            <EmptyState title="Every due review is in" />
          ) : (
            <Table
              className={mergeClasses(styles.table, stacked.table)}
              size="small"
              aria-label="Risks waiting for a review"
            >
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Ref</TableHeaderCell>
                  <TableHeaderCell>Title</TableHeaderCell>
                  <TableHeaderCell>Owner(s)</TableHeaderCell>
                  <TableHeaderCell>State</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {status.waiting.map((r) => (
                  <TableRow key={r.risk.id}>
                    <TableCell data-label="Ref">
                      <Link onClick={() => navigate((l) => ({ ...l, risk: r.risk.id }))}>
                        {r.risk.reference}
                      </Link>
                    </TableCell>
                    <TableCell data-label="Title">{r.risk.title}</TableCell>
                    <TableCell data-label="Owner(s)">{r.risk.owners.map((o) => o.name).join(', ')}</TableCell>
                    <TableCell data-label="State">
                      <ReviewStateLabel state={r.reviewState} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </div>
      </div>
      {props.store ? (
        <UpcomingRequests store={props.store} data={data} register={register} navigate={navigate} />
      ) : null}
    </section>
  );
}

const stateWords: Record<ReviewWindow['state'], string> = {
  'not-open': 'not open yet',
  open: 'open',
  closed: 'closed',
};

/** One period's window in words. */
function windowLine(w: ReviewWindow, upcoming: boolean): string {
  const when =
    w.state === 'not-open'
      ? `requests go out ${formatDate(w.opens)}`
      : w.state === 'open'
        ? `${upcoming ? `requests went out on ${formatDate(w.opens)}; ` : ''}answers accepted until ${formatDate(w.closes)}`
        : `closed on ${formatDate(w.closes)}; unanswered reviews are recorded as not reviewed`;
  return `${w.period.label} is ${stateWords[w.state]}: ${when}.`;
}

/**
 * Each register's periods as the review service collects them (domain/review-window.ts): the calendar
 * period, and every other period open and due today by the rule the scheduled walk runs (dueWindows),
 * so during the lead days the next period, whose requests are already out, is shown too.
 */
function ReviewWindows({ data, register }: { data: RegisterData; register: string | undefined }) {
  const lines = data.registers
    .filter((r) => !register || r.name === register)
    .flatMap((r) => {
      const current = reviewWindows(r.settings, data.today).find((x) => x.period.id === r.period.id);
      const due = dueWindows(r.settings, data.today).filter((x) => x.period.id !== r.period.id);
      return [
        ...(current
          ? [{ key: `${r.name}|${current.period.id}`, name: r.name, text: windowLine(current, false) }]
          : []),
        ...due.map((w) => ({ key: `${r.name}|${w.period.id}`, name: r.name, text: windowLine(w, true) })),
      ];
    });
  if (lines.length === 0) return null;
  return (
    <ul aria-label="Review periods" style={{ margin: '4px 0 8px', paddingLeft: 20 }}>
      {lines.map((l) => (
        <li key={l.key}>
          {data.registers.length > 1 ? `${l.name}: ` : ''}
          {l.text}
        </li>
      ))}
    </ul>
  );
}
