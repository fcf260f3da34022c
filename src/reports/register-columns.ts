/**
 * The register as a table: one row per risk, one column per field, headed with the import's own field
 * labels so an exported file imports back unchanged. Ratings appear in the register's notation and as
 * separate likelihood and impact levels, with the band as a word.
 */
import {
  RISK_FIELDS,
  choiceText,
  fieldsOn,
  plainText,
  type FieldCatalogue,
  type FieldSpec,
  type RiskFieldName,
} from '../domain/field-catalogue';
import { bandOf, bandOfScore, levelOf } from '../domain/matrix';
import { formatLevel, formatRating, formatScore } from '../domain/rating-display';
import type { Control, Rating, Risk, RiskAction, RiskMatrix } from '../domain/types';
import { formatPeople } from '../import/people-text';

export type ColumnValue = string | number | undefined;

export type RegisterColumn = { header: string; width: number; value: (risk: Risk) => ColumnValue };

/** An action status in words, as the exports write it and the import reads it. */
export const actionStatusText: Record<RiskAction['status'], string> = {
  'not-started': 'not started',
  'in-progress': 'in progress',
  completed: 'completed',
  overdue: 'overdue',
  cancelled: 'cancelled',
};

/**
 * A tier's columns: the rating in the register's notation, its band, and the likelihood and impact
 * levels. A tier recorded as a score alone (`scoreOnly`) shows the score in the notation (`Medium (15)`,
 * `Medium 12`, `15`) and its band, with likelihood and impact left empty: no cell is invented.
 */
function ratingColumns(
  matrix: RiskMatrix,
  label: string,
  get: (r: Risk) => Rating | undefined,
  scoreOnly: (r: Risk) => number | undefined,
): RegisterColumn[] {
  const level = (axis: 'likelihood' | 'impact') => (r: Risk) => {
    const rating = get(r);
    const l = rating
      ? levelOf(axis === 'likelihood' ? matrix.likelihood : matrix.impact, rating[axis])
      : undefined;
    return l ? formatLevel(l) : undefined;
  };
  const score = (r: Risk) => (get(r) ? undefined : scoreOnly(r));
  return [
    {
      header: `${label} rating`,
      width: 14,
      value: (r) => {
        const rating = get(r);
        const s = score(r);
        return rating ? formatRating(matrix, rating) : s !== undefined ? formatScore(matrix, s) : undefined;
      },
    },
    {
      header: `${label} band`,
      width: 10,
      value: (r) => {
        const rating = get(r);
        const s = score(r);
        return rating
          ? bandOf(matrix, rating)?.name
          : s !== undefined
            ? bandOfScore(matrix, s)?.name
            : undefined;
      },
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

/** A child list's one-cell text, by the catalogue's renderer name. */
const childText: Record<'controls' | 'actions', (risk: Risk) => string> = {
  controls: (r) => formatControls(r.controls),
  actions: (r) => formatActions(r.actions),
};

/** The export column(s) of one catalogued field, by its kind. */
function fieldColumns(matrix: RiskMatrix, field: string, spec: FieldSpec): RegisterColumn[] {
  const width = spec.appears.export?.width ?? 16;
  const get = (r: Risk): unknown => (r as unknown as Record<string, unknown>)[field];
  const column = (value: RegisterColumn['value']): RegisterColumn[] => [{ header: spec.label, width, value }];
  switch (spec.kind) {
    case 'rating':
      return ratingColumns(
        matrix,
        spec.label,
        (r) => get(r) as Rating | undefined,
        (r) => (r as unknown as Record<string, number | undefined>)[`${field}ScoreOnly`],
      );
    case 'people':
      return column((r) => formatPeople((get(r) as Risk['owners'] | undefined) ?? []));
    case 'lines':
      return column((r) => ((get(r) as string[] | undefined) ?? []).join(spec.appears.export?.join ?? '\n'));
    case 'choice':
      // Choices with words of their own (review frequency) export the words; the import reads both.
      return column((r) => {
        const v = get(r) as string | undefined;
        return v !== undefined && spec.choiceLabels ? choiceText(spec, v) : v;
      });
    case 'children':
      return spec.renderer === 'controls' || spec.renderer === 'actions'
        ? column(childText[spec.renderer])
        : column((r) => plainText(spec, get(r), '\n'));
    default:
      return column((r) => get(r) as ColumnValue);
  }
}

/**
 * The register's columns for a matrix: every field the catalogue exports, in its order, headed with
 * the import's labels. `catalogue` is the product's unless a test extends it.
 */
export function registerColumns(
  matrix: RiskMatrix,
  catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS,
): RegisterColumn[] {
  return fieldsOn(catalogue, 'export').flatMap(([field, spec]) => fieldColumns(matrix, field, spec));
}
