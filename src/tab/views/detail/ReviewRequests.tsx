/**
 * A risk's review requests and where each stands, beside the periods' windows as the review service
 * keeps them (domain/review-window.ts): when requests go out, the last day answers are accepted, and
 * whether the period is open or closed. The statuses and their wording follow the review service's
 * status table (src/ports/request-status.ts).
 */
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { reviewWindows, type ReviewWindow } from '../../../domain/review-window';
import type { RegisterSettings } from '../../../domain/types';
import type { RegisterStore, ReviewRequest, ReviewRequestStatus, Stored } from '../../../ports';
import { formatDate } from '../../lib/dates';
import { describeProblem } from '../../lib/errors';
import { Section } from './DetailSections';

/** Each status in words, with what it means for the owner (a Record: a new status must be worded). */
export const requestStatusText: Record<ReviewRequestStatus, { label: string; meaning: string }> = {
  pending: { label: 'Waiting to be sent', meaning: 'the review card has not gone out yet' },
  sent: { label: 'Sent', meaning: 'the review card is in the owner’s Teams chat' },
  reminded: { label: 'Reminded', meaning: 'a reminder was posted under the card' },
  escalated: { label: 'Escalated', meaning: 'the managers’ digest named it' },
  unreachable: { label: 'Could not be delivered', meaning: 'Teams could not reach the owner' },
  answered: { label: 'Answered', meaning: 'the review is recorded' },
  closed: { label: 'Closed', meaning: 'the period closed without an answer, or the risk was closed' },
};

const windowText: Record<ReviewWindow['state'], string> = {
  'not-open': 'not open yet',
  open: 'open',
  closed: 'closed',
};

type Loaded =
  | { status: 'loading' }
  | { status: 'none' }
  | { status: 'ready'; requests: Stored<ReviewRequest>[] }
  | { status: 'failed'; message: string };

/** The risk's requests in the periods around today (the ones the review service looks at). */
function useRequests(store: RegisterStore, riskId: number, periodIds: string[]): Loaded {
  const key = periodIds.join('|');
  const [state, setState] = useState<Loaded>(
    store.getReviewRequests ? { status: 'loading' } : { status: 'none' },
  );
  useEffect(() => {
    if (!store.getReviewRequests) return;
    let cancelled = false;
    store.getReviewRequests(riskId, key.split('|')).then(
      (requests) => !cancelled && setState({ status: 'ready', requests }),
      (err: unknown) => !cancelled && setState({ status: 'failed', message: describeProblem(err).message }),
    );
    return () => {
      cancelled = true;
    };
  }, [store, riskId, key]);
  return state;
}

export function ReviewRequestsSection(props: {
  store: RegisterStore;
  riskId: number;
  settings: RegisterSettings;
  today: string;
}) {
  const windows = reviewWindows(props.settings, props.today);
  const loaded = useRequests(
    props.store,
    props.riskId,
    windows.map((w) => w.period.id),
  );
  const label = new Map(windows.map((w) => [w.period.id, w.period.label]));
  return (
    <Section title="Review requests">
      <ul aria-label="Review periods" style={{ margin: '0 0 8px', paddingLeft: 20 }}>
        {windows.map((w) => (
          <li key={w.period.id}>
            {w.period.label}: requests go out {formatDate(w.opens)}, answers accepted until{' '}
            {formatDate(w.closes)} ({windowText[w.state]})
          </li>
        ))}
      </ul>
      {loaded.status === 'loading' ? <Text block>Loading the review requests…</Text> : null}
      {loaded.status === 'failed' ? (
        <Text block>The review requests could not be read ({loaded.message}).</Text>
      ) : null}
      {loaded.status === 'none' ? <Text block>Review requests are not available here.</Text> : null}
      {loaded.status === 'ready' && loaded.requests.length === 0 ? (
        <Text block>No review requests have been sent for these periods.</Text>
      ) : null}
      {loaded.status === 'ready' && loaded.requests.length > 0 ? (
        <Table size="small" aria-label="Review requests">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Period</TableHeaderCell>
              <TableHeaderCell>Owner</TableHeaderCell>
              <TableHeaderCell>State</TableHeaderCell>
              <TableHeaderCell>Dates</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...loaded.requests]
              .sort((a, b) => b.periodId.localeCompare(a.periodId))
              .map((r) => (
                <TableRow key={r.key}>
                  <TableCell data-label="Period">{label.get(r.periodId) ?? r.periodId}</TableCell>
                  <TableCell data-label="Owner">{r.owner.name}</TableCell>
                  <TableCell data-label="State">
                    {requestStatusText[r.status].label}
                    <Text block size={200}>
                      {requestStatusText[r.status].meaning}
                    </Text>
                  </TableCell>
                  <TableCell data-label="Dates">
                    {[
                      r.sentAt ? `sent ${formatDate(r.sentAt)}` : '',
                      r.remindedAt ? `reminded ${formatDate(r.remindedAt)}` : '',
                      r.escalatedAt ? `escalated ${formatDate(r.escalatedAt)}` : '',
                      r.answeredAt ? `answered ${formatDate(r.answeredAt)}` : '',
                    ]
                      .filter(Boolean)
                      .join(', ') || '–'}
                  </TableCell>
                </TableRow>
              ))}
          </TableBody>
        </Table>
      ) : null}
    </Section>
  );
}
