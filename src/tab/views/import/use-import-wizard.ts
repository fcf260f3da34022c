/**
 * The import wizard's state: upload -> map -> preview (dry run) -> commit -> result. This view is loaded
 * on demand (see App), so the import module and its spreadsheet readers never weigh on the register.
 */
import { useRef, useState } from 'react';
import * as lib from '../../../import';
import type {
  ColumnMapping,
  CommitProgress,
  CommitResult,
  HeaderCell,
  ImportField,
  ImportPlan,
  ReadFile,
} from '../../../import';
import type { RegisterData } from '../../data/use-register-data';
import type { TabSession } from '../../host';
import { describeProblem } from '../../lib/errors';
import { directoryFrom } from './people-directory';

export type WizardStep = 'upload' | 'map' | 'preview' | 'commit' | 'done';

export type WizardState = {
  step: WizardStep;
  register: string;
  /** Record each row's ratings and comment as the review of the register's current period. */
  asReview: boolean;
  fileName?: string;
  file?: ReadFile;
  mapping?: ColumnMapping;
  headers: HeaderCell[];
  /** Problems with the file or the mapping, in words. */
  problems: string[];
  busy?: string;
  plan?: ImportPlan;
  skipRowsWithErrors: boolean;
  /**
   * The preset the file's ratings are written in, when the register has no risks and is on another
   * matrix: the manager consents (`adopt`) before the register's matrix is changed.
   */
  matrixChoice?: { proposal: lib.MatrixProposal; adopt: boolean };
  progress?: CommitProgress;
  result?: CommitResult;
};

/** Reads a File's bytes (Blob.arrayBuffer where the platform has it, FileReader otherwise). */
async function bytesOf(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}.`));
    reader.readAsArrayBuffer(file);
  });
}

export function useImportWizard(
  session: TabSession,
  data: RegisterData,
  initialRegister: string | undefined,
) {
  const first = data.registers.find((r) => r.name === initialRegister) ?? data.registers[0];
  const [state, setState] = useState<WizardState>({
    step: 'upload',
    register: first?.name ?? '',
    asReview: false,
    headers: [],
    problems: [],
    skipRowsWithErrors: false,
  });
  const abort = useRef<AbortController | undefined>(undefined);
  const patch = (p: Partial<WizardState>) => setState((s) => ({ ...s, ...p }));
  const summary = data.registers.find((r) => r.name === state.register);

  async function chooseFile(file: File) {
    patch({ busy: `Reading ${file.name}…`, problems: [], fileName: file.name, plan: undefined });
    try {
      const raw = await lib.readRegisterFile(await bytesOf(file), file.name);
      if (!raw.ok) {
        patch({ busy: undefined, file: undefined, problems: raw.errors.map(lib.describeIssue) });
        return;
      }
      // A paper's per-risk blocks pasted into a sheet are read as one row per risk, as the CLI reads them.
      const read = { ...raw, value: lib.readBlockSheets(raw.value).file };
      const suggestion = lib.suggestMapping(read.value.sheets);
      if (suggestion.ok) {
        patch({
          busy: undefined,
          step: 'map',
          file: read.value,
          mapping: suggestion.value.mapping,
          headers: suggestion.value.headers,
        });
      } else {
        // No header row recognised: the manager chooses the sheet, header row and columns.
        const sheet = read.value.sheets[0];
        const mapping: ColumnMapping = { sheet: sheet?.name ?? '', headerRow: 1, columns: {} };
        patch({
          busy: undefined,
          step: 'map',
          file: read.value,
          mapping,
          headers: sheet ? lib.headersOf(sheet, 1) : [],
          problems: suggestion.errors.map(lib.describeIssue),
        });
      }
    } catch (err) {
      patch({ busy: undefined, problems: [`Could not read ${file.name}: ${describeProblem(err).message}`] });
    }
  }

  /** Another sheet or header row: headers re-read and the columns re-matched from their text. */
  function chooseHeaderRow(sheetName: string, headerRow: number) {
    const sheet = state.file?.sheets.find((s) => s.name === sheetName);
    if (!sheet || !Number.isInteger(headerRow) || headerRow < 1) return;
    const headers = lib.headersOf(sheet, headerRow);
    const columns: ColumnMapping['columns'] = {};
    for (const h of headers) if (h.field && !h.duplicateOf) columns[h.field] = h.index;
    patch({ mapping: { sheet: sheetName, headerRow, columns }, headers, problems: [] });
  }

  /** Maps column `index` to `field` (or to nothing); a field belongs to one column only. */
  function mapColumn(index: number, field: ImportField | undefined) {
    setState((s) => {
      if (!s.mapping) return s;
      const columns = Object.fromEntries(
        Object.entries(s.mapping.columns).filter(([f, i]) => i !== index && f !== field),
      ) as ColumnMapping['columns'];
      if (field) columns[field] = index;
      return { ...s, mapping: { ...s.mapping, columns } };
    });
  }

  const mappingIssues = state.file && state.mapping ? lib.checkMapping(state.file.sheets, state.mapping) : [];

  async function preview(adopt = state.matrixChoice?.adopt ?? false) {
    if (!state.file || !state.mapping || !summary) return;
    patch({ busy: 'Checking every row against the register…', problems: [] });
    try {
      const existing = await lib.loadExistingRisks(session.store, state.register, data.today);
      // Only an empty register takes the file's matrix; one with risks keeps its own (Settings changes it).
      const proposal = lib.proposeMatrix(state.file, state.mapping, summary.settings.matrix);
      const matrixChoice = proposal.preset && existing.length === 0 ? { proposal, adopt } : undefined;
      const matrix = matrixChoice?.adopt && proposal.preset ? proposal.preset : summary.settings.matrix;
      const siteUsers = await session.store.listSiteUsers();
      const plan = await lib.dryRun({
        file: state.file,
        mapping: state.mapping,
        register: state.register,
        matrix,
        existing,
        // An e-mail the site does not know is looked up (and added as a site user, as a people picker does).
        resolver: lib.directoryResolver(
          directoryFrom(data, session.user, siteUsers),
          (email) => session.store.ensureSiteUser(email),
          // A name that is no site user yet is looked up in the organisation's directory.
          session.store.searchDirectory
            ? (name) => session.store.searchDirectory?.(name) ?? Promise.resolve([])
            : undefined,
        ),
        financialYearStartMonth: summary.settings.financialYearStartMonth,
        ...(state.asReview ? { periodId: summary.period.id } : {}),
      });
      patch({ busy: undefined, step: 'preview', plan, matrixChoice });
    } catch (err) {
      patch({ busy: undefined, problems: [`The dry run failed: ${describeProblem(err).message}`] });
    }
  }

  async function commit() {
    const plan = state.plan;
    if (!plan) return;
    const controller = new AbortController();
    abort.current = controller;
    patch({ step: 'commit', progress: undefined, problems: [] });
    try {
      const preset = state.matrixChoice?.adopt ? state.matrixChoice.proposal.preset : undefined;
      // The register's matrix is set (audited, through the matrix change) before any risk is written.
      if (preset) await lib.adoptMatrix(session.store, plan.register, preset, 0, session.user);
      const result = await lib.commitImport(plan, session.store, session.user, {
        signal: controller.signal,
        skipRowsWithErrors: state.skipRowsWithErrors,
        onProgress: (progress) => patch({ progress }),
      });
      patch({ step: 'done', result });
    } catch (err) {
      patch({ step: 'preview', problems: [`Nothing more was written: ${describeProblem(err).message}`] });
    } finally {
      abort.current = undefined;
    }
  }

  return {
    state,
    summary,
    patch,
    chooseFile,
    chooseHeaderRow,
    mapColumn,
    mappingIssues,
    preview,
    commit,
    stop: () => abort.current?.abort(),
    restart: () =>
      setState((s) => ({
        step: 'upload',
        register: s.register,
        asReview: false,
        headers: [],
        problems: [],
        skipRowsWithErrors: false,
      })),
  };
}

export type ImportWizard = ReturnType<typeof useImportWizard>;
