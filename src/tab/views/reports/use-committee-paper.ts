/**
 * The committee paper dialog's state: the form (register, period, options), the run (progress, the
 * result, a failure) and the last file for "Download again". CommitteePaperDialog renders it.
 */
import { useRef, useState } from 'react';
import type { RegisterStore } from '../../../ports';
import type { RegisterData } from '../../data/use-register-data';
import { describeProblem } from '../../lib/errors';
import { downloadFile, mimeTypes, safeFileName } from './download';
import { createPaperFile } from './paper-file';
import { defaultForm, progressText, type PaperForm } from './paper-form';

export type PaperRun =
  | { state: 'idle' }
  | { state: 'running'; text: string; value?: number }
  | { state: 'done'; fileName: string; reported: number; notReviewed: string[]; excluded: number }
  | { state: 'failed'; message: string };

/** Form, run and file of one committee paper dialog. */
export function useCommitteePaper(props: {
  store: RegisterStore;
  data: RegisterData;
  register: string | undefined;
}) {
  const { data } = props;
  const first = data.registers.find((r) => r.name === props.register) ?? data.registers[0];
  const [form, setForm] = useState<PaperForm | undefined>(first && defaultForm(first));
  const [run, setRun] = useState<PaperRun>({ state: 'idle' });
  const lastFile = useRef<{ docx: Uint8Array; fileName: string } | undefined>(undefined);
  const summary = data.registers.find((r) => r.name === form?.register);
  const set = (patch: Partial<PaperForm>) => setForm((f) => (f ? { ...f, ...patch } : f));

  async function create() {
    if (!form || !summary) return;
    setRun({ state: 'running', text: 'Loading the report module…' });
    try {
      const { paper, docx } = await createPaperFile(props.store, {
        register: form.register,
        periodId: form.periodId,
        options: {
          ...(form.councilName.trim() ? { councilName: form.councilName.trim() } : {}),
          ...(form.committee.trim() ? { committee: form.committee.trim() } : {}),
          ...(form.meetingDate.trim() ? { meetingDate: form.meetingDate.trim() } : {}),
          ...(form.minBand ? { minBand: form.minBand } : {}),
        },
        onProgress: (p) =>
          setRun({
            state: 'running',
            text: progressText(p),
            ...(p.total > 0 ? { value: p.done / p.total } : {}),
          }),
      });
      const fileName = `${safeFileName(`${form.register} committee paper ${paper.period.label}`)}.docx`;
      lastFile.current = { docx, fileName };
      downloadFile(docx, fileName, mimeTypes.docx);
      setRun({
        state: 'done',
        fileName,
        reported: paper.risks.length,
        notReviewed: paper.notReviewed,
        excluded: paper.excludedCount,
      });
    } catch (err) {
      setRun({ state: 'failed', message: `Could not create the paper: ${describeProblem(err).message}` });
    }
  }

  /** Another register: its own defaults. */
  const chooseRegister = (name: string) => {
    const next = data.registers.find((r) => r.name === name);
    if (next) setForm(defaultForm(next));
  };
  const downloadAgain = () => {
    const f = lastFile.current;
    if (f) downloadFile(f.docx, f.fileName, mimeTypes.docx);
  };
  /** A dialog opened again starts without the last run's outcome (unless a paper is still being made). */
  const reopened = () => run.state !== 'running' && setRun({ state: 'idle' });
  return {
    form,
    set,
    summary,
    run,
    running: run.state === 'running',
    hasFile: run.state === 'done' && lastFile.current !== undefined,
    create,
    chooseRegister,
    downloadAgain,
    reopened,
  };
}
