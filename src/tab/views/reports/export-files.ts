/**
 * The register's export files, built from the data the tab already holds. The spreadsheet libraries
 * load only when someone exports, so the register's first render does not carry them.
 */
import type { RegisterView } from '../../../ports';
import type { RegisterData } from '../../data/use-register-data';
import { mimeTypes, safeFileName, type FileContent } from './download';

export type ExportKind = 'register-xlsx' | 'register-csv' | 'snapshots-xlsx' | 'snapshots-csv';

export const exportChoices: { kind: ExportKind; label: string }[] = [
  { kind: 'register-xlsx', label: 'Register (Excel .xlsx)' },
  { kind: 'register-csv', label: 'Register (CSV)' },
  { kind: 'snapshots-xlsx', label: 'This period’s reviews (Excel .xlsx)' },
  { kind: 'snapshots-csv', label: 'This period’s reviews (CSV)' },
];

export type ExportFile = { content: FileContent; fileName: string; type: string };

/** The register's view for its current period, as the store returned it. */
export function registerViewOf(data: RegisterData, register: string): RegisterView {
  const summary = data.registers.find((r) => r.name === register);
  if (!summary) throw new Error(`There is no register called "${register}". Reload the tab and try again.`);
  const rows = data.rows
    .filter((r) => r.risk.register === register)
    .map(({ risk, snapshot, previous, direction, reviewState }) => ({
      risk,
      direction,
      reviewState,
      ...(snapshot ? { snapshot } : {}),
      ...(previous ? { previous } : {}),
    }));
  return { settings: summary.settings, period: summary.period, rows };
}

/** Builds one export of one register. */
export async function buildExport(
  data: RegisterData,
  register: string,
  kind: ExportKind,
): Promise<ExportFile> {
  const view = registerViewOf(data, register);
  const exports = await import('../../../reports/export');
  const risks = view.rows.map((r) => r.risk);
  const base = safeFileName(`${register} risk register`);
  const periodPart = safeFileName(view.period.label);
  switch (kind) {
    case 'register-xlsx':
      return {
        content: await exports.exportRegisterXlsx(view.settings, risks),
        fileName: `${base}.xlsx`,
        type: mimeTypes.xlsx,
      };
    case 'register-csv':
      return {
        content: exports.exportRegisterCsv(view.settings, risks),
        fileName: `${base}.csv`,
        type: mimeTypes.csv,
      };
    case 'snapshots-xlsx':
      return {
        content: await exports.exportSnapshotsXlsx(view),
        fileName: `${base} reviews ${periodPart}.xlsx`,
        type: mimeTypes.xlsx,
      };
    case 'snapshots-csv':
      return {
        content: exports.exportSnapshotsCsv(view),
        fileName: `${base} reviews ${periodPart}.csv`,
        type: mimeTypes.csv,
      };
  }
}
