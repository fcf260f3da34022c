/** The read-only sections of a risk: ratings, controls, actions, history and the audit trail. */
import {
  Button,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
} from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import type { ReactNode } from 'react';
import { periodById } from '../../../domain';
import { ACTION_STATUS_LABELS } from '../../../domain/choices';
import type { PeriodSnapshot, Person, RegisterSettings } from '../../../domain/types';
import type { Stored, StoredRisk } from '../../../ports';
import { RatingBadge } from '../../components/RatingBadge';
import { useStackedTableStyles } from '../../components/stacked-table';
import { narrow } from '../../lib/layout';
import { formatDate, formatDateTime } from '../../lib/dates';
import { describeRating } from '../../lib/rating';
import { ScoreChart } from './ScoreChart';

/** `2023/24-Q4` → `Q4 2023/24`, as papers print it; unknown ids are shown as stored. */
export function periodLabel(id: string): string {
  const parsed = periodById(id);
  return parsed.ok ? parsed.value.label : id;
}

const useStyles = makeStyles({
  section: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusLarge,
    padding: '16px',
    marginBottom: '16px',
    [narrow]: { padding: '12px 10px' },
  },
  heading: { display: 'block', marginBottom: '8px' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(140px, max-content) 1fr',
    gap: '6px 16px',
    margin: 0,
    [narrow]: { gridTemplateColumns: '1fr', gap: '2px' },
  },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  def: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', [narrow]: { marginBottom: '6px' } },
  ratings: { display: 'flex', gap: '32px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-label={title}>
      <Text as="h2" size={500} weight="semibold" className={styles.heading}>
        {title}
      </Text>
      {children}
    </section>
  );
}

export const people = (ps: Person[]) =>
  ps.length ? ps.map((p) => (p.jobTitle ? `${p.name} (${p.jobTitle})` : p.name)).join('; ') : '–';

export function Facts({ items }: { items: [string, ReactNode][] }) {
  const styles = useStyles();
  return (
    <dl className={styles.facts}>
      {items.map(([term, value]) => [
        <dt key={`t-${term}`} className={styles.term}>
          {term}
        </dt>,
        <dd key={`d-${term}`} className={styles.def}>
          {value === '' || value === undefined ? '–' : value}
        </dd>,
      ])}
    </dl>
  );
}

export function RatingsSection({ risk, settings }: { risk: StoredRisk; settings: RegisterSettings }) {
  const styles = useStyles();
  const m = settings.matrix;
  const appetite = risk.appetite ?? settings.defaultAppetite;
  return (
    <Section title="Ratings">
      <div className={styles.ratings}>
        {(['inherent', 'current', 'target'] as const).map((tier) => {
          const view = describeRating(m, risk[tier]);
          return (
            <div key={tier}>
              <Text block weight="semibold">
                {tier === 'inherent'
                  ? 'Inherent (before controls)'
                  : tier === 'current'
                    ? 'Current (residual)'
                    : 'Target'}
              </Text>
              <RatingBadge view={view} />
              <Text block size={200} className={styles.muted}>
                {view?.description ?? 'Not recorded'}
              </Text>
            </div>
          );
        })}
        <div>
          <Text block weight="semibold">
            Appetite
          </Text>
          <Text>{appetite === undefined ? 'Not set' : `Score ${appetite}`}</Text>
        </div>
      </div>
    </Section>
  );
}

export function ControlsTable({ risk, onEdit }: { risk: StoredRisk; onEdit?: (index: number) => void }) {
  const stacked = useStackedTableStyles();
  if (!risk.controls.length) return <Text>No controls recorded.</Text>;
  return (
    <Table size="small" className={stacked.table} aria-label={`Controls for ${risk.reference}`}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: 48 }}>No.</TableHeaderCell>
          <TableHeaderCell>Control</TableHeaderCell>
          <TableHeaderCell style={{ width: 100 }}>Service</TableHeaderCell>
          <TableHeaderCell style={{ width: 240 }}>Owner(s)</TableHeaderCell>
          {onEdit ? <TableHeaderCell style={{ width: 80 }}>Edit</TableHeaderCell> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {risk.controls.map((c, i) => (
          <TableRow key={c.id ?? i}>
            <TableCell data-label="No.">{c.order ?? i + 1}</TableCell>
            <TableCell data-label="Control">{c.title}</TableCell>
            <TableCell data-label="Service">{c.serviceTag ?? '–'}</TableCell>
            <TableCell data-label="Owner(s)">{people(c.owners)}</TableCell>
            {onEdit ? (
              <TableCell>
                <Button
                  size="small"
                  aria-label={`Edit control ${c.order ?? i + 1}`}
                  onClick={() => onEdit(i)}
                >
                  Edit
                </Button>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function ActionsTable({ risk, onEdit }: { risk: StoredRisk; onEdit?: (index: number) => void }) {
  const stacked = useStackedTableStyles();
  if (!risk.actions.length) return <Text>No actions recorded.</Text>;
  return (
    <Table size="small" className={stacked.table} aria-label={`Actions for ${risk.reference}`}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Action</TableHeaderCell>
          <TableHeaderCell style={{ width: 200 }}>Owner(s)</TableHeaderCell>
          <TableHeaderCell style={{ width: 120 }}>Planned</TableHeaderCell>
          <TableHeaderCell style={{ width: 110 }}>Status</TableHeaderCell>
          <TableHeaderCell style={{ width: 150 }}>Progress</TableHeaderCell>
          {onEdit ? <TableHeaderCell style={{ width: 90 }}>Update</TableHeaderCell> : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {risk.actions.map((a, i) => (
          <TableRow key={a.id ?? i}>
            <TableCell data-label="Action">
              {a.title}
              {a.progressNote ? (
                <Text block size={200}>
                  {a.progressNote}
                </Text>
              ) : null}
            </TableCell>
            <TableCell data-label="Owner(s)">{people(a.owners)}</TableCell>
            <TableCell data-label="Planned">
              {a.plannedDate
                ? formatDate(a.plannedDate)
                : a.reviewDate
                  ? `Review ${formatDate(a.reviewDate)}`
                  : '–'}
            </TableCell>
            <TableCell data-label="Status">{ACTION_STATUS_LABELS[a.status]}</TableCell>
            <TableCell data-label="Progress">
              <ProgressBar
                value={(a.progress ?? 0) / 100}
                aria-label={`${a.title}: ${a.progress ?? 0}% complete`}
              />
              <Text size={200}>{a.progress ?? 0}%</Text>
            </TableCell>
            {onEdit ? (
              <TableCell>
                <Button size="small" aria-label={`Update action: ${a.title}`} onClick={() => onEdit(i)}>
                  Update
                </Button>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

const outcomeLabel: Record<PeriodSnapshot['outcome'], string> = {
  confirmed: 'Confirmed',
  changed: 'Changed',
  'not-reviewed': 'Not reviewed',
};

export function HistorySection({
  history,
  settings,
}: {
  history: Stored<PeriodSnapshot>[];
  settings: RegisterSettings;
}) {
  const stacked = useStackedTableStyles();
  return (
    <Section title="History by period">
      {history.length === 0 ? (
        <Text>No period has been reviewed yet.</Text>
      ) : (
        <>
          <ScoreChart history={history} matrix={settings.matrix} />
          <Table size="small" className={stacked.table} aria-label="Period history">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: 110 }}>Period</TableHeaderCell>
                <TableHeaderCell style={{ width: 150 }}>Current rating</TableHeaderCell>
                <TableHeaderCell style={{ width: 110 }}>Outcome</TableHeaderCell>
                <TableHeaderCell>Comment</TableHeaderCell>
                <TableHeaderCell style={{ width: 220 }}>Recorded</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {[...history].reverse().map((h) => (
                <TableRow key={h.id}>
                  <TableCell data-label="Period">{periodLabel(h.periodId)}</TableCell>
                  <TableCell data-label="Current rating">
                    <RatingBadge view={describeRating(settings.matrix, h.current)} />
                  </TableCell>
                  <TableCell data-label="Outcome">{outcomeLabel[h.outcome]}</TableCell>
                  <TableCell data-label="Comment">{h.comment || '–'}</TableCell>
                  <TableCell data-label="Recorded">
                    {h.recordedBy?.name ?? 'Unknown'}, {formatDateTime(h.recordedAt)} (via {h.source})
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </Section>
  );
}
