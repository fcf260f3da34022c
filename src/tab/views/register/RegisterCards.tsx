/**
 * The register on a narrow screen: one card per risk, stacked, in the grid's order and with the
 * grid's columns as labelled lines. The page scrolls (no inner scroll box); only the cards near the
 * viewport are in the DOM, measured as they render, so thousands of risks stay light.
 */
import { Button } from '@fluentui/react-button';
import { Field } from '@fluentui/react-field';
import { Link } from '@fluentui/react-link';
import { Select } from '@fluentui/react-select';
import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import { ArrowSortDownRegular, ArrowSortUpRegular } from '@fluentui/react-icons';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SortKey } from '../../lib/url-state';
import { gridColumns, registerColumns } from './columns';
import { CellContent, type RegisterGridProps } from './RegisterGrid';

const useStyles = makeStyles({
  sort: { display: 'flex', gap: '8px', alignItems: 'flex-end', marginBottom: '8px', flexWrap: 'wrap' },
  sortField: { flexGrow: 1, minWidth: 0 },
  list: { listStyle: 'none', margin: 0, padding: 0, position: 'relative' },
  item: { position: 'absolute', top: 0, left: 0, width: '100%', paddingBottom: '8px' },
  card: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    padding: '8px 12px',
  },
  closed: { color: tokens.colorNeutralForeground3 },
  title: { display: 'block', fontWeight: tokens.fontWeightSemibold, textAlign: 'left', marginBottom: '4px' },
  lines: { display: 'grid', gridTemplateColumns: 'minmax(90px, max-content) 1fr', gap: '2px 8px', margin: 0 },
  term: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  def: { margin: 0, minWidth: 0, overflowWrap: 'anywhere' },
});

const defaultColumns = gridColumns();

/** The register as stacked cards with a sort chooser (the grid's headers sort on wide screens). */
export function RegisterCards({ rows, sort, onSort, onOpen, label, columns, onShown }: RegisterGridProps) {
  const styles = useStyles();
  const lines = (columns ?? defaultColumns).filter((c) => c.key !== 'reference' && c.key !== 'title');
  const list = useRef<HTMLUListElement>(null);
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => setOffset(list.current?.offsetTop ?? 0), []);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => 240,
    overscan: 4,
    scrollMargin: offset,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const end = (items.at(-1)?.index ?? -1) + 1;
  useEffect(() => onShown?.(rows.slice(first, end)), [onShown, rows, first, end]);
  return (
    <>
      <div className={styles.sort}>
        <Field label="Sort by" className={styles.sortField}>
          <Select value={sort.key} onChange={(_, d) => onSort(d.value as SortKey)}>
            {registerColumns.map((c) => (
              <option key={c.key} value={c.key}>
                {c.header}
              </option>
            ))}
          </Select>
        </Field>
        <Button
          icon={sort.descending ? <ArrowSortDownRegular /> : <ArrowSortUpRegular />}
          onClick={() => onSort(sort.key)}
        >
          {sort.descending ? 'Descending' : 'Ascending'}
        </Button>
      </div>
      <ul
        ref={list}
        className={styles.list}
        aria-label={label}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <li
              key={row.id}
              ref={virtualizer.measureElement}
              data-index={item.index}
              aria-setsize={rows.length}
              aria-posinset={item.index + 1}
              className={styles.item}
              style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
            >
              <div className={row.status === 'open' ? styles.card : `${styles.card} ${styles.closed}`}>
                <Link as="button" className={styles.title} onClick={() => onOpen(row.id)}>
                  {row.reference}: {row.loaded ? row.title : 'Loading…'}
                  {row.status === 'open' ? '' : ` (${row.status})`}
                </Link>
                <dl className={styles.lines}>
                  {lines.map((c) => [
                    <dt key={`t-${c.key}`} className={styles.term}>
                      {c.header}
                    </dt>,
                    <dd key={`d-${c.key}`} className={styles.def}>
                      <CellContent column={c} row={row} onOpen={() => onOpen(row.id)} />
                    </dd>,
                  ])}
                </dl>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}
