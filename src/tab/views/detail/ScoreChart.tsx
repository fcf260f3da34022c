/**
 * Current score over the recorded periods as a small SVG line chart. The chart is an image with a
 * text summary; the history table beside it carries every value for screen readers.
 */
import { makeStyles } from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { useId } from 'react';
import type { PeriodSnapshot, RiskMatrix } from '../../../domain/types';
import { bandOf } from '../../lib/rating';

const useStyles = makeStyles({
  svg: { width: '100%', maxWidth: '640px', height: 'auto', display: 'block' },
  axis: { stroke: tokens.colorNeutralStroke1 },
  grid: { stroke: tokens.colorNeutralStroke3, strokeDasharray: '3 3' },
  line: { stroke: tokens.colorBrandForeground1, strokeWidth: 2.5, fill: 'none' },
  label: { fill: tokens.colorNeutralForeground2, fontSize: '11px' },
  point: { stroke: tokens.colorNeutralForeground1, strokeWidth: 1.5 },
});

export function ScoreChart({ history, matrix }: { history: PeriodSnapshot[]; matrix: RiskMatrix }) {
  const styles = useStyles();
  const titleId = useId();
  const points = history.filter((h) => h.current);
  const max =
    Math.max(...matrix.likelihood.levels.map((l) => l.value)) *
    Math.max(...matrix.impact.levels.map((l) => l.value));
  const width = 640;
  const height = 220;
  const pad = { left: 36, right: 40, top: 18, bottom: 40 };
  const x = (i: number) =>
    pad.left + (points.length <= 1 ? 0.5 : i / (points.length - 1)) * (width - pad.left - pad.right);
  const y = (score: number) => pad.top + (1 - score / max) * (height - pad.top - pad.bottom);
  const scores = points.map((p) => (p.current ? p.current.likelihood * p.current.impact : 0));
  const summary = points.length
    ? `Current score by period: ${points.map((p, i) => `${p.periodId} ${scores[i]}`).join('; ')}.`
    : 'No period has a recorded current rating yet.';
  const ticks = [0, Math.round(max / 4), Math.round(max / 2), Math.round((3 * max) / 4), max];
  return (
    <svg className={styles.svg} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={titleId}>
      <title id={titleId}>{summary}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line className={styles.grid} x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} />
          <text className={styles.label} x={pad.left - 6} y={y(t) + 4} textAnchor="end">
            {t}
          </text>
        </g>
      ))}
      <line className={styles.axis} x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} />
      {points.length > 1 ? (
        <polyline
          className={styles.line}
          points={points.map((_, i) => `${x(i)},${y(scores[i] ?? 0)}`).join(' ')}
        />
      ) : null}
      {points.map((p, i) => {
        const band = p.current ? bandOf(matrix, p.current) : undefined;
        return (
          <g key={p.periodId}>
            <circle
              className={styles.point}
              cx={x(i)}
              cy={y(scores[i] ?? 0)}
              r={6}
              fill={band?.colour ?? 'currentColor'}
            />
            <text className={styles.label} x={x(i)} y={y(scores[i] ?? 0) - 10} textAnchor="middle">
              {scores[i]}
            </text>
            <text className={styles.label} x={x(i)} y={height - pad.bottom + 18} textAnchor="middle">
              {p.periodId.replace(/^\d{2}(\d{2})\/(\d{2})-(.+)$/, '$3 $1/$2')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
