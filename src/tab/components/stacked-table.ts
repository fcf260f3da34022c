/**
 * Tables that become stacked cards on narrow screens: each row a bordered card, each cell on its own
 * line headed by its column's name (the cell's `data-label`). The header row is hidden on screen
 * only, so the table's semantics and headers stay for screen readers. Pass the class to the table.
 */
import { makeStyles } from '@fluentui/react-components';
import { tokens } from '@fluentui/react-theme';
import { narrow, visuallyHidden } from '../lib/layout';

export const useStackedTableStyles = makeStyles({
  table: {
    [narrow]: {
      display: 'block',
      width: '100%',
      '& thead': visuallyHidden,
      '& tbody, & tr, & td': { display: 'block', width: 'auto' },
      '& tr': {
        border: `1px solid ${tokens.colorNeutralStroke2}`,
        borderRadius: tokens.borderRadiusMedium,
        padding: '6px 8px',
        marginBottom: '8px',
        backgroundColor: tokens.colorNeutralBackground1,
      },
      '& td': { padding: '2px 0', overflowWrap: 'anywhere', height: 'auto' },
      '& td[data-label]::before': {
        content: 'attr(data-label)',
        display: 'block',
        fontSize: tokens.fontSizeBase200,
        fontWeight: tokens.fontWeightSemibold,
        color: tokens.colorNeutralForeground2,
      },
    },
  },
});
