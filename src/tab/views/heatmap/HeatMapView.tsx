/**
 * Likelihood x impact heat map for one register: each cell shows its band word, the count and the
 * references; activating a cell opens the register filtered to that cell. A plain table carries the
 * same information for screen readers and for copying into papers.
 */
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Field,
  Radio,
  RadioGroup,
  Select,
  Text,
  makeStyles,
  mergeClasses,
} from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import type { CSSProperties } from 'react';
import { EmptyState } from '../../components/Feedback';
import type { RegisterData } from '../../data/use-register-data';
import { narrow } from '../../lib/layout';
import type { Navigate } from '../../lib/use-location';
import type { TabLocation, Tier } from '../../lib/url-state';
import { cellLabel, useHeatMap, type HeatCell } from './use-heat-map';

const useStyles = makeStyles({
  controls: { display: 'flex', gap: '24px', flexWrap: 'wrap', alignItems: 'flex-end', marginBottom: '16px' },
  layout: {
    display: 'grid',
    gridTemplateColumns: 'auto minmax(0, 1fr)',
    gap: '8px',
    maxWidth: '1100px',
    [narrow]: { gap: '4px' },
  },
  axisY: { writingMode: 'vertical-rl', transform: 'rotate(180deg)', textAlign: 'center', fontWeight: 600 },
  // `--impacts`: the number of impact columns, set on the element.
  matrix: {
    display: 'grid',
    gap: '4px',
    gridTemplateColumns: 'minmax(120px, auto) repeat(var(--impacts), minmax(96px, 1fr))',
    [narrow]: { gap: '2px', gridTemplateColumns: 'auto repeat(var(--impacts), minmax(0, 1fr))' },
  },
  rowLabel: {
    display: 'flex',
    alignItems: 'center',
    fontSize: tokens.fontSizeBase200,
    paddingRight: '6px',
    [narrow]: { paddingRight: '2px' },
  },
  colLabel: {
    textAlign: 'center',
    fontSize: tokens.fontSizeBase200,
    padding: '4px',
    [narrow]: { padding: 0 },
  },
  // On a narrow screen the axes show their codes only; each cell's label still names the level in full.
  wideOnly: { [narrow]: { display: 'none' } },
  cell: {
    minHeight: '84px',
    // An accessible stroke (3:1 or more on the page) marks every cell's edge, filled or empty (WCAG 1.4.11).
    border: `1px solid ${tokens.colorNeutralStrokeAccessible}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '6px',
    textAlign: 'left',
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    cursor: 'pointer',
    font: 'inherit',
    ':focus-visible': { outline: `3px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
    ':hover': { boxShadow: tokens.shadow8 },
    [narrow]: { minHeight: '56px', padding: '2px', minWidth: 0, overflowWrap: 'anywhere' },
  },
  // Empty cells keep the band's full colours (no fading): the band word must stay readable at 4.5:1.
  empty: { cursor: 'default' },
  count: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightBold, lineHeight: 1 },
  refs: { fontSize: tokens.fontSizeBase200, wordBreak: 'break-word' },
  band: { fontSize: tokens.fontSizeBase200, [narrow]: { fontSize: tokens.fontSizeBase100 } },
  axisX: { textAlign: 'center', fontWeight: 600, gridColumn: '2' },
  table: {
    borderCollapse: 'collapse',
    '& th, & td': { border: `1px solid ${tokens.colorNeutralStroke2}`, padding: '4px 8px' },
  },
  note: { display: 'block', marginTop: '12px', color: tokens.colorNeutralForeground2 },
});

function Cell({ cell, label, onOpen }: { cell: HeatCell; label: string; onOpen: () => void }) {
  const styles = useStyles();
  const count = cell.references.length;
  const shown = cell.references.slice(0, 8);
  return (
    <button
      type="button"
      className={count ? styles.cell : `${styles.cell} ${styles.empty}`}
      style={cell.band ? { backgroundColor: cell.band.colour, color: cell.band.textColour } : undefined}
      aria-label={label}
      aria-disabled={count === 0}
      onClick={() => count > 0 && onOpen()}
    >
      <span className={styles.band}>{cell.band?.name ?? ''}</span>
      <span className={styles.count}>{count || ''}</span>
      <span className={mergeClasses(styles.refs, styles.wideOnly)}>
        {shown.join(', ')}
        {cell.references.length > shown.length ? ` +${cell.references.length - shown.length} more` : ''}
      </span>
    </button>
  );
}

export function HeatMapView(props: { data: RegisterData; location: TabLocation; navigate: Navigate }) {
  const styles = useStyles();
  const { location, navigate, data } = props;
  const model = useHeatMap(data, location.filters.register, location.tier);
  if (!model) return <EmptyState title="There are no registers to show" />;
  const { matrix } = model;
  const columns = { '--impacts': model.impacts.length } as CSSProperties;
  const openCell = (c: HeatCell) =>
    navigate((l) => ({
      ...l,
      view: 'register',
      filters: {
        status: 'open',
        register: model.register,
        cell: { tier: l.tier, likelihood: c.likelihood.value, impact: c.impact.value },
      },
    }));
  return (
    <section aria-label="Heat map">
      <div className={styles.controls}>
        <Field label="Register">
          <Select
            value={model.register}
            onChange={(_, d) =>
              navigate((l) => ({ ...l, filters: { ...l.filters, register: d.value, cell: undefined } }))
            }
          >
            {data.registers.map((r) => (
              <option key={r.name}>{r.name}</option>
            ))}
          </Select>
        </Field>
        <Field label="Rating shown">
          <RadioGroup
            layout="horizontal"
            value={location.tier}
            onChange={(_, d) => navigate((l) => ({ ...l, tier: d.value as Tier }))}
          >
            <Radio value="current" label="Current" />
            <Radio value="inherent" label="Inherent" />
            <Radio value="target" label="Target" />
          </RadioGroup>
        </Field>
      </div>
      <div className={styles.layout}>
        <div className={styles.axisY} aria-hidden="true">
          {matrix.likelihood.name}
        </div>
        <div
          className={styles.matrix}
          style={columns}
          role="group"
          aria-label={`${model.register} heat map, ${location.tier} ratings`}
        >
          {model.rows.map((row) => [
            <div key={`l${row.likelihood.value}`} className={styles.rowLabel} aria-hidden="true">
              {row.likelihood.code}
              <span className={styles.wideOnly}>&nbsp;{row.likelihood.label}</span>
            </div>,
            ...row.cells.map((c) => (
              <Cell
                key={`${c.likelihood.value}x${c.impact.value}`}
                cell={c}
                label={cellLabel(model, c)}
                onOpen={() => openCell(c)}
              />
            )),
          ])}
          <div aria-hidden="true" />
          {model.impacts.map((i) => (
            <div key={`i${i.value}`} className={styles.colLabel} aria-hidden="true">
              {i.code}
              <span className={styles.wideOnly}>&nbsp;{i.label}</span>
            </div>
          ))}
        </div>
        <div className={styles.axisX} aria-hidden="true">
          {matrix.impact.name}
        </div>
      </div>
      {model.cellNotRecorded.length ? (
        <Text className={styles.note}>
          Cell not recorded (score only; the owner&apos;s next review asks for likelihood and impact):{' '}
          {model.cellNotRecorded.map((r) => `${r.reference} (${r.text})`).join(', ')}
        </Text>
      ) : null}
      {model.unrated.length ? (
        <Text className={styles.note}>Not rated on this tier: {model.unrated.join(', ')}</Text>
      ) : null}
      <Accordion collapsible>
        <AccordionItem value="table">
          <AccordionHeader>Heat map as a table</AccordionHeader>
          <AccordionPanel>
            <table className={styles.table}>
              <caption>
                {model.register}: open risks by {matrix.likelihood.name.toLowerCase()} and{' '}
                {matrix.impact.name.toLowerCase()} ({location.tier})
              </caption>
              <thead>
                <tr>
                  <th scope="col">{matrix.likelihood.name}</th>
                  <th scope="col">{matrix.impact.name}</th>
                  <th scope="col">Band</th>
                  <th scope="col">Risks</th>
                </tr>
              </thead>
              <tbody>
                {model.rows.flatMap((row) =>
                  row.cells
                    .filter((c) => c.references.length > 0)
                    .map((c) => (
                      <tr key={`${c.likelihood.value}x${c.impact.value}`}>
                        <td>{`${c.likelihood.code} ${c.likelihood.label}`}</td>
                        <td>{`${c.impact.code} ${c.impact.label}`}</td>
                        <td>{c.band?.name ?? '–'}</td>
                        <td>{`${c.references.length}: ${c.references.join(', ')}`}</td>
                      </tr>
                    )),
                )}
              </tbody>
            </table>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </section>
  );
}
