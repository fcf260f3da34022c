/**
 * The next period's review requests during its lead days. The review service sends them before the
 * period starts (domain/review-window.ts dueWindows), while the rest of the review status still counts
 * the calendar period from its snapshots. So each register's other due period gets its own counts,
 * read from the review requests themselves, and a list of the risks whose owners have not answered.
 * Only the risks on show are counted: the chosen register, and an owner's own risks under `mine=1`.
 */
import {
  Link,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  mergeClasses,
  makeStyles,
} from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { useEffect, useMemo, useState } from 'react';
import { dueWindows, type ReviewWindow } from '../../../domain/review-window';
import type { RegisterStore, ReviewRequest, ReviewRequestStatus, Stored } from '../../../ports';
import { useStackedTableStyles } from '../../components/stacked-table';
import type { RegisterData, TabRow } from '../../data/use-register-data';
import { formatDate } from '../../lib/dates';
import { describeProblem } from '../../lib/errors';
import type { Navigate } from '../../lib/use-location';
import { requestStatusText } from '../detail/ReviewRequests';

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  counts: { margin: '4px 0 8px', paddingLeft: '20px' },
});

/** The order statuses are counted in: the ones that need someone's attention first. */
const statusOrder: readonly ReviewRequestStatus[] = [
  'unreachable',
  'escalated',
  'reminded',
  'sent',
  'pending',
  'answered',
  'closed',
];
const unanswered = new Set<ReviewRequestStatus>(['pending', 'sent', 'reminded', 'escalated', 'unreachable']);

type Loaded =
  | { status: 'loading' }
  | { status: 'ready'; byPeriod: Map<string, Stored<ReviewRequest>[]> }
  | { status: 'failed'; message: string };

/** Every request of each period, one read per period. */
function usePeriodRequests(store: RegisterStore, periodIds: string[]): Loaded {
  const key = periodIds.join('|');
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    const get = store.getPeriodRequests?.bind(store);
    if (!get || !key) return;
    let cancelled = false;
    const ids = key.split('|');
    Promise.all(ids.map((id) => get(id))).then(
      (lists) =>
        !cancelled && setState({ status: 'ready', byPeriod: new Map(ids.map((id, i) => [id, lists[i]!])) }),
      (err: unknown) => !cancelled && setState({ status: 'failed', message: describeProblem(err).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [store, key]);
  return state;
}

type Block = { key: string; register: string; window: ReviewWindow; rows: TabRow[] };

export function UpcomingRequests(props: {
  store: RegisterStore;
  data: RegisterData;
  register: string | undefined;
  navigate: Navigate;
}) {
  const { data, register } = props;
  const blocks: Block[] = useMemo(
    () =>
      data.registers
        .filter((r) => !register || r.name === register)
        .flatMap((r) =>
          dueWindows(r.settings, data.today)
            .filter((w) => w.period.id !== r.period.id)
            .map((window) => ({
              key: `${r.name}|${window.period.id}`,
              register: r.name,
              window,
              rows: data.rows.filter((row) => row.risk.register === r.name && row.risk.status === 'open'),
            })),
        ),
    [data, register],
  );
  const periodIds = [...new Set(blocks.map((b) => b.window.period.id))].sort();
  const loaded = usePeriodRequests(props.store, periodIds);
  if (blocks.length === 0 || !props.store.getPeriodRequests) return null;
  return (
    <>
      {blocks.map((b) => (
        <PeriodRequests
          key={b.key}
          block={b}
          loaded={loaded}
          named={!register && data.registers.length > 1}
          navigate={props.navigate}
        />
      ))}
    </>
  );
}

function PeriodRequests(props: { block: Block; loaded: Loaded; named: boolean; navigate: Navigate }) {
  const styles = useStyles();
  const stacked = useStackedTableStyles();
  const { block, loaded } = props;
  const label = block.window.period.label;
  const title = `${props.named ? `${block.register}: ` : ''}${label} review requests`;
  const heading = (
    <Text as="h3" size={400} weight="semibold" block style={{ marginTop: 16 }}>
      {title}
    </Text>
  );
  if (loaded.status === 'loading')
    return (
      <section aria-label={title}>
        {heading}
        <Text block>Loading the {label} review requests…</Text>
      </section>
    );
  if (loaded.status === 'failed')
    return (
      <section aria-label={title}>
        {heading}
        <Text block>
          The {label} review requests could not be read ({loaded.message}). Reload the tab to try again.
        </Text>
      </section>
    );
  const byRisk = new Map(block.rows.map((r) => [r.risk.id, r]));
  const requests = (loaded.byPeriod.get(block.window.period.id) ?? []).filter((q) => byRisk.has(q.riskId));
  const counts = new Map<ReviewRequestStatus, number>();
  for (const q of requests) counts.set(q.status, (counts.get(q.status) ?? 0) + 1);
  const answered = counts.get('answered') ?? 0;
  const waiting = requests
    .filter((q) => unanswered.has(q.status))
    .sort(
      (a, b) =>
        statusOrder.indexOf(a.status) - statusOrder.indexOf(b.status) ||
        a.riskReference.localeCompare(b.riskReference, 'en-GB', { numeric: true }) ||
        a.owner.name.localeCompare(b.owner.name, 'en-GB'),
    );
  return (
    <section aria-label={title}>
      {heading}
      {requests.length === 0 ? (
        <Text block>
          No {label} review requests have been sent yet; they go out from {formatDate(block.window.opens)}.
        </Text>
      ) : (
        <>
          <Text block>
            {answered} of {requests.length} {label} review requests answered (answers accepted until{' '}
            {formatDate(block.window.closes)}).
          </Text>
          <ul className={styles.counts} aria-label={`${title} by state`}>
            {statusOrder
              .filter((s) => counts.get(s))
              .map((s) => (
                <li key={s}>
                  {requestStatusText[s].label}: {counts.get(s)}
                </li>
              ))}
          </ul>
        </>
      )}
      {waiting.length > 0 ? (
        <Table
          size="small"
          className={mergeClasses(styles.table, stacked.table)}
          aria-label={`${title} not yet answered`}
        >
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Ref</TableHeaderCell>
              <TableHeaderCell>Title</TableHeaderCell>
              <TableHeaderCell>Owner</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {waiting.map((q) => (
              <TableRow key={q.key}>
                <TableCell data-label="Ref">
                  <Link onClick={() => props.navigate((l) => ({ ...l, risk: q.riskId }))}>
                    {q.riskReference}
                  </Link>
                </TableCell>
                <TableCell data-label="Title">{byRisk.get(q.riskId)?.risk.title}</TableCell>
                <TableCell data-label="Owner">{q.owner.name}</TableCell>
                <TableCell data-label="State">{requestStatusText[q.status].label}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
    </section>
  );
}
