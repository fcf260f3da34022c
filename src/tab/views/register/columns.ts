/**
 * The register grid's columns: header text, sort key and starting width. The fixed columns have
 * displays of their own (rating badges, direction, review state); any field the field catalogue
 * places on the grid follows them as text (src/domain/field-catalogue.ts).
 */
import {
  RISK_FIELDS,
  fieldsOn,
  type FieldCatalogue,
  type RiskFieldName,
} from '../../../domain/field-catalogue';
import type { SortKey } from '../../lib/url-state';

export type FixedColumn = { key: SortKey; header: string; width: number; minWidth: number };
/** A catalogued field shown as text; not a sort key (the URL's sort keys are the fixed columns'). */
export type FieldColumn = {
  key: `field:${string}`;
  field: string;
  header: string;
  width: number;
  minWidth: number;
};
export type Column = FixedColumn | FieldColumn;

export const registerColumns: FixedColumn[] = [
  { key: 'reference', header: 'Reference', width: 90, minWidth: 80 },
  { key: 'title', header: 'Title', width: 270, minWidth: 160 },
  { key: 'owners', header: 'Owner(s)', width: 170, minWidth: 100 },
  { key: 'current', header: 'Current rating', width: 165, minWidth: 110 },
  { key: 'target', header: 'Target', width: 160, minWidth: 100 },
  { key: 'direction', header: 'Direction', width: 125, minWidth: 100 },
  { key: 'appetite', header: 'Appetite', width: 115, minWidth: 90 },
  { key: 'lastReviewed', header: 'Last reviewed', width: 120, minWidth: 100 },
  { key: 'review', header: 'This period', width: 130, minWidth: 100 },
];

/** The fixed columns, then the catalogue's grid fields. */
export function gridColumns(catalogue: FieldCatalogue<RiskFieldName> = RISK_FIELDS): Column[] {
  const fields: FieldColumn[] = fieldsOn(catalogue, 'grid').map(([field, spec]) => ({
    key: `field:${field}`,
    field,
    header: spec.label,
    width: spec.appears.grid?.width ?? 140,
    minWidth: 80,
  }));
  return [...registerColumns, ...fields];
}

/** Whether a column sorts (the fixed columns do). */
export function isSortable(column: Column): column is FixedColumn {
  return !('field' in column);
}
