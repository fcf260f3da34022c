/**
 * The committee view, in the shape of the councils' summary tables: reference, owner, title,
 * current rating with band, target, direction of travel; highest current score first.
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
  makeStyles,
  mergeClasses,
} from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { useMemo } from 'react';
import { EmptyState } from '../../components/Feedback';
import { DirectionLabel, RatingBadge } from '../../components/RatingBadge';
import { RegisterPicker } from '../../components/RegisterPicker';
import { useStackedTableStyles } from '../../components/stacked-table';
import type { RegisterData } from '../../data/use-register-data';
import type { Navigate } from '../../lib/use-location';
import type { TabLocation } from '../../lib/url-state';
import { filterAndSort, toGridRows } from '../register/grid-rows';

const useStyles = makeStyles({
  head: { display: 'flex', gap: '24px', alignItems: 'flex-end', flexWrap: 'wrap', marginBottom: '12px' },
  section: { marginBottom: '28px' },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  ref: { width: '110px' },
  rating: { width: '160px' },
  owner: { width: '220px' },
});

/** Summary rows per register for the committee paper. */
export function useSummary(data: RegisterData, register: string | undefined) {
  return useMemo(() => {
    const rows = filterAndSort(
      toGridRows(data.rows),
      { status: 'open', register },
      { key: 'current', descending: true },
    );
    return data.registers
      .filter((r) => !register || r.name === register)
      .map((r) => ({ register: r, rows: rows.filter((g) => g.register === r.name) }));
  }, [data, register]);
}

export function SummaryView(props: { data: RegisterData; location: TabLocation; navigate: Navigate }) {
  const styles = useStyles();
  const stacked = useStackedTableStyles();
  const { navigate } = props;
  const groups = useSummary(props.data, props.location.filters.register);
  return (
    <section aria-label="Summary">
      <div className={styles.head}>
        <RegisterPicker
          data={props.data}
          value={props.location.filters.register}
          onChange={(register) => navigate((l) => ({ ...l, filters: { ...l.filters, register } }))}
        />
      </div>
      {groups.map(({ register, rows }) => (
        <div key={register.name} className={styles.section}>
          <Text as="h2" size={500} weight="semibold" block>
            {register.name}: summary for {register.period.label}
          </Text>
          <Text block>
            {register.settings.councilName} · {rows.length} open {rows.length === 1 ? 'risk' : 'risks'},
            highest current rating first
          </Text>
          {rows.length === 0 ? (
            <EmptyState title="No open risks on this register" />
          ) : (
            <Table
              className={mergeClasses(styles.table, stacked.table)}
              aria-label={`${register.name} summary`}
              size="small"
            >
              <TableHeader>
                <TableRow>
                  <TableHeaderCell className={styles.ref}>Ref</TableHeaderCell>
                  <TableHeaderCell className={styles.owner}>Risk owner</TableHeaderCell>
                  <TableHeaderCell>Risk title</TableHeaderCell>
                  <TableHeaderCell className={styles.rating}>Current rating</TableHeaderCell>
                  <TableHeaderCell className={styles.rating}>Target rating</TableHeaderCell>
                  <TableHeaderCell className={styles.rating}>Direction of travel</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell data-label="Ref">
                      <Link onClick={() => navigate((l) => ({ ...l, risk: r.id }))}>{r.reference}</Link>
                    </TableCell>
                    <TableCell data-label="Risk owner">{r.owners || '–'}</TableCell>
                    <TableCell data-label="Risk title">{r.title}</TableCell>
                    <TableCell data-label="Current rating">
                      <RatingBadge view={r.current} />
                    </TableCell>
                    <TableCell data-label="Target rating">
                      <RatingBadge view={r.target} />
                    </TableCell>
                    <TableCell data-label="Direction of travel">
                      <DirectionLabel direction={r.direction} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </div>
      ))}
    </section>
  );
}
