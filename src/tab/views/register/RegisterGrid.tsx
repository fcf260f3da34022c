/**
 * The register as a virtualised ARIA grid: only the rows in view are in the DOM, so thousands of
 * risks scroll smoothly. Headers sort (click or Enter) and resize (drag, or arrow keys on the
 * separator); rows are reached with the arrow keys and opened with Enter or a click.
 */
import { Link } from '@fluentui/react-link';
import { tokens } from '@fluentui/react-theme';
import { makeStyles, mergeClasses } from '@griffel/react';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { DirectionLabel, RatingBadge, ReviewStateLabel } from '../../components/RatingBadge';
import { formatDate } from '../../lib/dates';
import type { SortKey } from '../../lib/url-state';
import { gridColumns, isSortable, type Column } from './columns';
import type { GridRow } from './grid-rows';
import { useGridKeyboard } from './use-grid-keyboard';
import { useRowWindow } from './use-row-window';

const rowHeight = 44;

const useStyles = makeStyles({
  grid: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    overflow: 'hidden',
  },
  scroller: { overflow: 'auto', height: 'max(360px, calc(100vh - 300px))', position: 'relative' },
  header: {
    display: 'grid',
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
  },
  headerCell: { display: 'flex', alignItems: 'center', position: 'relative', minWidth: 0 },
  sortButton: {
    flexGrow: 1,
    textAlign: 'left',
    background: 'none',
    border: 'none',
    color: tokens.colorNeutralForeground1,
    font: 'inherit',
    padding: '10px 8px',
    cursor: 'pointer',
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  resizer: {
    width: '8px',
    alignSelf: 'stretch',
    cursor: 'col-resize',
    borderRight: `2px solid ${tokens.colorNeutralStroke2}`,
    ':hover': { borderRightColor: tokens.colorBrandStroke1 },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  row: {
    display: 'grid',
    position: 'absolute',
    left: 0,
    alignItems: 'center',
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
  },
  closed: { color: tokens.colorNeutralForeground3 },
  cell: { padding: '0 8px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
  above: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  unread: { color: tokens.colorNeutralForeground3 },
});

/** The columns a risk not read yet can show: the compact projection's (see grid-rows toUnreadRow). */
const shownUnread: ReadonlySet<string> = new Set(['reference', 'current', 'target', 'appetite']);

/** One column's display for a row: the grid's cell, and the narrow layout's card line. */
export function CellContent({ column, row, onOpen }: { column: Column; row: GridRow; onOpen: () => void }) {
  const styles = useStyles();
  // Read as the grid reaches the row (two requests): said in words, not shown as an empty value.
  if (!row.loaded && !shownUnread.has(column.key))
    return <span className={styles.unread}>{column.key === 'title' ? 'Loading…' : '…'}</span>;
  if (!isSortable(column)) return <>{row.fields[column.field] || '–'}</>;
  switch (column.key) {
    case 'reference':
      return (
        <Link
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            onOpen();
          }}
        >
          {row.reference}
        </Link>
      );
    case 'title':
      return <>{row.status === 'open' ? row.title : `${row.title} (${row.status})`}</>;
    case 'owners':
      return <>{row.owners || '–'}</>;
    case 'current':
      return <RatingBadge view={row.current} />;
    case 'target':
      return <RatingBadge view={row.target} />;
    case 'direction':
      return <DirectionLabel direction={row.direction} />;
    case 'appetite':
      if (row.appetite === undefined) return <>–</>;
      return row.aboveAppetite ? (
        <span className={styles.above}>{row.appetite} · Above</span>
      ) : (
        <>{row.appetite} · Within</>
      );
    case 'lastReviewed':
      return <>{formatDate(row.lastReviewed)}</>;
    case 'review':
      return <ReviewStateLabel state={row.reviewState} />;
  }
}

export type RegisterGridProps = {
  rows: GridRow[];
  sort: { key: SortKey; descending: boolean };
  onSort: (key: SortKey) => void;
  onOpen: (riskId: number) => void;
  label: string;
  /** The columns; the fixed ones and the field catalogue's grid fields by default. */
  columns?: Column[];
  /** Told the rows rendered (on screen and just beyond) whenever they change: unread ones are read. */
  onShown?: (rows: GridRow[]) => void;
};

const defaultColumns = gridColumns();

/** The virtualised, sortable, resizable register grid. */
export function RegisterGrid({ rows, sort, onSort, onOpen, label, columns, onShown }: RegisterGridProps) {
  const styles = useStyles();
  const registerColumns = columns ?? defaultColumns;
  const scroller = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState(() => registerColumns.map((c) => c.width));
  const template = widths.map((w) => `${w}px`).join(' ');
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const rowGroup = useRef<HTMLDivElement>(null);
  const rowWindow = useRowWindow({ scroller, rowGroup, count: rows.length, rowHeight, overscan: 12 });
  const scrollTo = rowWindow.scrollToIndex;
  const { first, end } = rowWindow;
  useEffect(() => onShown?.(rows.slice(first, end)), [onShown, rows, first, end]);
  const open = useCallback((i: number) => rows[i] && onOpen(rows[i].id), [onOpen, rows]);
  const keyboard = useGridKeyboard({
    rowCount: rows.length,
    colCount: registerColumns.length,
    pageSize: 10,
    onOpen: open,
    scrollTo,
  });

  const resize = (index: number, delta: number) =>
    setWidths((ws) =>
      ws.map((w, i) => (i === index ? Math.max(registerColumns[i]?.minWidth ?? 60, w + delta) : w)),
    );
  const onResizeKey = (index: number) => (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      resize(index, e.key === 'ArrowLeft' ? -16 : 16);
    }
  };
  const onResizePointer = (index: number) => (e: PointerEvent<HTMLElement>) => {
    e.preventDefault();
    let last = e.clientX;
    const move = (ev: globalThis.PointerEvent) => {
      resize(index, ev.clientX - last);
      last = ev.clientX;
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div className={styles.grid}>
      <div
        ref={scroller}
        className={styles.scroller}
        role="grid"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-colcount={registerColumns.length}
        tabIndex={-1}
        onKeyDown={keyboard.onKeyDown}
      >
        <div
          role="row"
          aria-rowindex={1}
          className={styles.header}
          style={{ gridTemplateColumns: template, width: totalWidth }}
        >
          {registerColumns.map((c, i) => {
            const sorted = sort.key === c.key;
            return (
              <div
                key={c.key}
                role="columnheader"
                className={styles.headerCell}
                aria-sort={
                  !isSortable(c)
                    ? undefined
                    : sorted
                      ? sort.descending
                        ? 'descending'
                        : 'ascending'
                      : 'none'
                }
              >
                {isSortable(c) ? (
                  <button type="button" className={styles.sortButton} onClick={() => onSort(c.key)}>
                    {c.header}
                    <span aria-hidden="true">{sorted ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
                  </button>
                ) : (
                  // A catalogued field's column: the URL's sort keys are the fixed columns'.
                  <span className={styles.sortButton}>{c.header}</span>
                )}
                {/* A focusable separator with arrow keys is the ARIA window-splitter pattern. */}
                {/* eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions */}
                <div
                  role="separator"
                  aria-orientation="vertical"
                  aria-label={`Resize ${c.header} column`}
                  aria-valuenow={widths[i]}
                  aria-valuemin={c.minWidth}
                  aria-valuemax={800}
                  // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a focusable separator is the ARIA splitter
                  tabIndex={0}
                  className={styles.resizer}
                  onKeyDown={onResizeKey(i)}
                  onPointerDown={onResizePointer(i)}
                />
              </div>
            );
          })}
        </div>
        <div
          ref={rowGroup}
          role="rowgroup"
          style={{ height: rowWindow.totalHeight, position: 'relative', width: totalWidth }}
        >
          {rows.slice(rowWindow.first, rowWindow.end).map((row, i) => {
            const index = rowWindow.first + i;
            return (
              // Keys reach the row from its focused cell (useGridKeyboard); the click is the mouse path.
              // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/interactive-supports-focus
              <div
                key={row.id}
                role="row"
                aria-rowindex={index + 2}
                data-row-index={index}
                className={mergeClasses(styles.row, row.status !== 'open' && styles.closed)}
                style={{
                  gridTemplateColumns: template,
                  width: totalWidth,
                  height: rowHeight,
                  top: index * rowHeight,
                }}
                onClick={() => onOpen(row.id)}
              >
                {registerColumns.map((c, col) => (
                  <div
                    key={c.key}
                    role="gridcell"
                    data-col-index={col}
                    tabIndex={index === keyboard.active.row && col === keyboard.active.col ? 0 : -1}
                    className={styles.cell}
                    onFocus={() => keyboard.setActive({ row: index, col })}
                  >
                    <CellContent column={c} row={row} onOpen={() => onOpen(row.id)} />
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
