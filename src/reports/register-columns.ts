/**
 * The register as a table: one row per risk, one column per field, headed with the import's own field
 * labels so an exported file imports back unchanged. Ratings appear in the register's notation and as
 * separate likelihood and impact levels, with the band as a word.
 */
import { bandOf, levelOf } from '../domain/matrix';
import { formatLevel, formatRating } from '../domain/rating-display';
import type { Control, Rating, Risk, RiskAction, RiskMatrix } from '../domain/types';
import { formatPeople } from '../import/people-text';

export type ColumnValue = string | number | undefined;

export type RegisterColumn = { header: string; width: number; value: (risk: Risk) => ColumnValue };

const frequencyText: Record<Risk['reviewFrequency'], string> = {
  monthly: 'Monthly',
  quarterly: 'Quarterly',
  termly: 'Termly',
  'six-monthly': 'Six-monthly',
  annually: 'Annually',
};

const actionStatusText: Record<RiskAction['status'], string> = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  completed: 'completed',
  overdue: 'overdue',
  cancelled: 'cancelled',
};

function ratingColumns(
  matrix: RiskMatrix,
  label: string,
  get: (r: Risk) => Rating | undefined,
): RegisterColumn[] {
  const level = (axis: 'likelihood' | 'impact') => (r: Risk) => {
    const rating = get(r);
    const l = rating
      ? levelOf(axis === 'likelihood' ? matrix.likelihood : matrix.impact, rating[axis])
      : undefined;
    return l ? formatLevel(l) : undefined;
  };
  return [
    {
      header: `${label} rating`,
      width: 14,
      value: (r) => (get(r) ? formatRating(matrix, get(r) as Rating) : undefined),
    },
    {
      header: `${label} band`,
      width: 10,
      value: (r) => (get(r) ? bandOf(matrix, get(r) as Rating)?.name : undefined),
    },
    { header: `${label} likelihood`, width: 18, value: level('likelihood') },
    { header: `${label} impact`, width: 18, value: level('impact') },
  ];
}

/** One control per line: `Title — Tag: CSC — Owner: Name, Job <email>; …`. */
export function formatControls(controls: Control[]): string {
  return controls
    .map((c) =>
      [
        c.title,
        c.serviceTag ? `Tag: ${c.serviceTag}` : '',
        c.owners.length ? `Owner: ${formatPeople(c.owners).replace(/\n/g, '; ')}` : '',
      ]
        .filter(Boolean)
        .join(' — '),
    )
    .join('\n');
}

/** One action per line: `Title — Owner: … — Due: 2024-03-31 — Status: in progress — Progress: 40`. */
export function formatActions(actions: RiskAction[]): string {
  return actions
    .map((a) =>
      [
        a.title,
        a.owners.length ? `Owner: ${formatPeople(a.owners).replace(/\n/g, '; ')}` : '',
        a.plannedDate ? `Due: ${a.plannedDate}` : '',
        a.reviewDate ? `Review: ${a.reviewDate}` : '',
        `Status: ${actionStatusText[a.status]}`,
        a.progress !== undefined ? `Progress: ${a.progress}` : '',
        a.progressNote ? `Note: ${a.progressNote.replace(/\s*\n\s*/g, ' ')}` : '',
      ]
        .filter(Boolean)
        .join(' — '),
    )
    .join('\n');
}

/** The register's columns for a matrix. */
export function registerColumns(matrix: RiskMatrix): RegisterColumn[] {
  return [
    { header: 'Reference', width: 12, value: (r) => r.reference },
    { header: 'Other references', width: 12, value: (r) => r.aliases.join(', ') },
    { header: 'Title', width: 40, value: (r) => r.title },
    { header: 'Description', width: 50, value: (r) => r.description },
    { header: 'Cause', width: 40, value: (r) => r.cause },
    { header: 'Risk event', width: 40, value: (r) => r.event },
    { header: 'Consequence', width: 40, value: (r) => r.consequence },
    { header: 'Directorate or business area', width: 20, value: (r) => r.directorate },
    { header: 'Category', width: 16, value: (r) => r.category },
    { header: 'Risk owners', width: 30, value: (r) => formatPeople(r.owners) },
    { header: 'Delegates', width: 30, value: (r) => formatPeople(r.delegates) },
    { header: 'Cabinet members', width: 30, value: (r) => formatPeople(r.cabinetMembers) },
    ...ratingColumns(matrix, 'Inherent', (r) => r.inherent),
    ...ratingColumns(matrix, 'Current', (r) => r.current),
    ...ratingColumns(matrix, 'Target', (r) => r.target),
    { header: 'Risk appetite', width: 10, value: (r) => r.appetite },
    { header: 'Triggers', width: 40, value: (r) => r.triggers.join('\n') },
    { header: 'Review frequency', width: 14, value: (r) => frequencyText[r.reviewFrequency] },
    { header: 'Timescale to target', width: 14, value: (r) => r.timescaleToTarget },
    { header: 'Treatment option', width: 12, value: (r) => r.treatment },
    { header: 'Status', width: 10, value: (r) => r.status },
    { header: 'Merged into', width: 12, value: (r) => r.mergedInto },
    { header: 'Linked risks', width: 16, value: (r) => r.linkedRisks.join(', ') },
    { header: 'Controls', width: 60, value: (r) => formatControls(r.controls) },
    { header: 'Actions', width: 60, value: (r) => formatActions(r.actions) },
  ];
}
