/**
 * The committee paper as .docx bytes in the browser. `createCommitteePaper` packs with docx's Node
 * Buffer output, which a browser lacks, so the tab builds the same document and packs it as an
 * ArrayBuffer. The report and Word modules load on first use only.
 */
import type { RegisterStore } from '../../../ports';
import type { CommitteePaper, PaperRequest } from '../../../reports';

/** Loads the period's snapshots, builds the paper and packs it, reporting progress as it goes. */
export async function createPaperFile(
  store: RegisterStore,
  request: PaperRequest,
): Promise<{ paper: CommitteePaper; docx: Uint8Array }> {
  const [{ loadPaper }, { paperDocument }, { Packer }] = await Promise.all([
    import('../../../reports/paper-source'),
    import('../../../reports/paper-docx'),
    import('docx'),
  ]);
  const paper = await loadPaper(store, request);
  request.onProgress?.({ step: 'document', done: 0, total: 1 });
  const docx = new Uint8Array(await Packer.toArrayBuffer(paperDocument(paper, 'en-GB')));
  request.onProgress?.({ step: 'document', done: 1, total: 1 });
  return { paper, docx };
}
