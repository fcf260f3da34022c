import { tokens } from '@fluentui/react-theme';
import { makeStyles } from '@griffel/react';
import { DIRECTION_DISPLAY } from '../../domain/direction';
import type { Direction } from '../../domain/types';
import type { ReviewState } from '../../ports';
import type { RatingView } from '../lib/rating';

const useStyles = makeStyles({
  badge: {
    display: 'inline-block',
    padding: '1px 8px',
    borderRadius: tokens.borderRadiusMedium,
    fontWeight: tokens.fontWeightSemibold,
    whiteSpace: 'nowrap',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  none: { color: tokens.colorNeutralForeground3 },
  state: { whiteSpace: 'nowrap' },
});

/** A rating in the register's notation, on its band colour, always with the band word. */
export function RatingBadge({ view }: { view: RatingView | undefined }) {
  const styles = useStyles();
  if (!view) return <span className={styles.none}>Not rated</span>;
  const showBand = view.band && !view.text.includes(view.band.name);
  return (
    <span
      className={styles.badge}
      style={view.band ? { backgroundColor: view.band.colour, color: view.band.textColour } : undefined}
      title={view.description}
    >
      {view.text}
      {showBand ? ` ${view.band?.name}` : ''}
    </span>
  );
}

/** Direction of travel as a symbol and a word (the word is what screen readers hear). */
export function DirectionLabel({ direction }: { direction: Direction }) {
  const styles = useStyles();
  const d = DIRECTION_DISPLAY[direction];
  return (
    <span className={styles.state}>
      {d.symbol ? <span aria-hidden="true">{d.symbol} </span> : null}
      {d.word}
    </span>
  );
}

export const reviewStateLabel: Record<ReviewState, string> = {
  confirmed: 'Confirmed',
  changed: 'Changed',
  outstanding: 'Outstanding',
  overdue: 'Overdue',
  'not-reviewed': 'Not reviewed',
  'not-due': 'Not due',
};

const reviewColours: Record<ReviewState, string> = {
  confirmed: tokens.colorPaletteGreenForeground1,
  changed: tokens.colorPaletteBlueForeground2,
  outstanding: tokens.colorPaletteMarigoldForeground1,
  overdue: tokens.colorPaletteRedForeground1,
  'not-reviewed': tokens.colorNeutralForeground3,
  'not-due': tokens.colorNeutralForeground3,
};

/** This period's review state, as a word with a coloured dot. */
export function ReviewStateLabel({ state }: { state: ReviewState }) {
  const styles = useStyles();
  return (
    <span className={styles.state}>
      <span aria-hidden="true" style={{ color: reviewColours[state] }}>
        ●{' '}
      </span>
      {reviewStateLabel[state]}
    </span>
  );
}
