/**
 * The register in the layout the importer reads back with no flags and no mapping (`npm run export`):
 * - sheet `Register`: one row per risk, the register export's columns (headed with the import's own
 *   labels, ratings in the register's notation, a score recorded without its cell in its own column)
 *   without the one-cell Controls and Actions columns;
 * - sheet `Controls and actions`: one row per control or action keyed by the risk's reference (the
 *   shape src/import/child-sheets.ts recognises), with the short title and the full text apart, so a
 *   control longer than a title may be comes back with the same title and the same text.
 * CSV holds one sheet, so the CSV export is two files, each the way Excel saves a sheet as CSV.
 */
import type { Control, RegisterSettings, Risk, RiskAction } from '../domain/types';
import { formatPeople } from '../import/people-text';
import { byReference, registerTable, tableToCsv, tablesToXlsx, type Table } from './export';
import { actionStatusText, registerColumns } from './register-columns';

/** The name of the controls-and-actions sheet (and the suffix of its CSV file). */
export const CHILD_SHEET_NAME = 'Controls and actions';

const childHeaders = [
  'Reference',
  'Type',
  'Order',
  'Title',
  'Full text',
  'Owner',
  'Tag',
  'Due',
  'Review date',
  'Status',
  'Progress',
  'Progress note',
] as const;

const childWidths = [12, 10, 8, 50, 60, 30, 8, 12, 12, 12, 10, 40];

/** Controls in their order (unnumbered ones last, as stored), then actions as stored. */
function childRows(risk: Risk): Table['rows'] {
  const controls = risk.controls
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (a.c.order ?? Infinity) - (b.c.order ?? Infinity) || a.i - b.i)
    .map(({ c }) => c);
  const control = (c: Control): Table['rows'][number] => [
    risk.reference,
    'Control',
    c.order,
    c.title,
    c.detail,
    formatPeople(c.owners),
    c.serviceTag,
  ];
  const action = (a: RiskAction): Table['rows'][number] => [
    risk.reference,
    'Action',
    undefined,
    a.title,
    a.detail,
    formatPeople(a.owners),
    undefined,
    a.plannedDate,
    a.reviewDate,
    actionStatusText[a.status],
    a.progress,
    a.progressNote,
  ];
  return [...controls.map(control), ...risk.actions.map(action)];
}

/** The two tables of the import layout: the risks, and their controls and actions by reference. */
export function importLayout(
  settings: RegisterSettings,
  risks: Risk[],
): { register: Table; children: Table } {
  const columns = registerColumns(settings.matrix).filter(
    (c) => c.header !== 'Controls' && c.header !== 'Actions',
  );
  return {
    register: registerTable(settings.matrix, risks, columns),
    children: {
      headers: [...childHeaders],
      widths: childWidths,
      rows: [...risks].sort(byReference).flatMap(childRows),
    },
  };
}

/** The register as a workbook the importer reads back: sheets `Register` and `Controls and actions`. */
export function exportRegisterForImportXlsx(settings: RegisterSettings, risks: Risk[]): Promise<Uint8Array> {
  const { register, children } = importLayout(settings, risks);
  return tablesToXlsx(
    [
      { name: 'Register', table: register },
      { name: CHILD_SHEET_NAME, table: children },
    ],
    { title: `${settings.register} risk register`, subject: `${settings.councilName}: ${settings.register}` },
  );
}

/**
 * The register as the two CSV files Excel would save from that workbook, one per sheet: the risks and
 * (when the register has any) the controls and actions. Import the risks file first, then the other.
 */
export function exportRegisterForImportCsv(
  settings: RegisterSettings,
  risks: Risk[],
): { register: string; children?: string } {
  const { register, children } = importLayout(settings, risks);
  return {
    register: tableToCsv(register),
    ...(children.rows.length > 0 ? { children: tableToCsv(children) } : {}),
  };
}
