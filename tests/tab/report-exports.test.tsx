/** @jest-environment jsdom */
/**
 * Export buttons and the committee paper dialog, by role. Only the browser download is replaced: the
 * files themselves are built by the real export and paper code and read back here.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import type { CurrentUser } from '../../src/ports';
import { App } from '../../src/tab/App';
import type { FileContent } from '../../src/tab/views/reports/download';
import { FakeStore, manager, owner, reader, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';
import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks the encoders every browser has; the Word library zips the document with them.
Object.assign(globalThis, { TextEncoder, TextDecoder });

type Downloaded = { content: FileContent; fileName: string; type: string };
const downloads: Downloaded[] = [];

jest.mock('../../src/tab/views/reports/download', () => ({
  ...jest.requireActual('../../src/tab/views/reports/download'),
  downloadFile: (content: FileContent, fileName: string, type: string) =>
    downloads.push({ content, fileName, type }),
}));

jest.setTimeout(60_000);

function storeFor(user: CurrentUser) {
  const s = new FakeStore(user);
  s.addRegister(settings('Corporate'));
  s.addRegister(settings('Adults'));
  const a = s.seed(risk({ reference: 'CRR01', title: 'Budget gap', current: { likelihood: 4, impact: 5 } }));
  const b = s.seed(
    risk({ reference: 'CRR02', title: 'Cyber attack', current: { likelihood: 1, impact: 2 } }),
  );
  s.seed(risk({ reference: 'ASC01', title: 'Care market', register: 'Adults' }));
  for (const [r, comment] of [
    [a, 'Savings plan behind'],
    [b, 'Patching on track'],
  ] as const) {
    s.snapshots.push({
      riskId: r.id,
      riskReference: r.reference,
      periodId: '2026/27-Q3',
      current: r.current,
      comment,
      recordedAt: '2026-11-01T10:00:00Z',
      source: 'card',
      outcome: 'confirmed',
      id: 500 + r.id,
      etag: '"1"',
      modified: '2026-11-01T10:00:00Z',
    });
  }
  return s;
}

function renderAs(user: CurrentUser, search = '?register=Corporate') {
  setUrl(search);
  const store = storeFor(user);
  renderInTheme(<App session={{ store, user, hostLabel: 'Test' }} theme="light" />);
  return store;
}

async function exportItem(name: RegExp) {
  await userEvent.click(await screen.findByRole('button', { name: 'Export' }));
  await userEvent.click(await screen.findByRole('menuitem', { name }));
  await screen.findByText(/^Downloaded /);
  return downloads.at(-1) as Downloaded;
}

async function sheetText(content: FileContent): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(content as Uint8Array) as unknown as ArrayBuffer);
  const lines: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => lines.push((row.values as unknown[]).slice(1).join('|'))));
  return lines.join('\n');
}

beforeEach(() => {
  installLayout();
  downloads.length = 0;
});

describe.each([
  ['read-only user', reader],
  ['risk owner', owner],
])('a %s', (_, user) => {
  it('can export the register as Excel, but is not offered the committee paper', async () => {
    renderAs(user);
    const file = await exportItem(/^Register \(Excel/);
    expect(file.fileName).toBe('Corporate risk register.xlsx');
    const text = await sheetText(file.content);
    expect(text).toContain('CRR01');
    expect(text).toContain('Budget gap');
    expect(text).not.toContain('ASC01');
    expect(screen.queryByRole('button', { name: 'Committee paper' })).not.toBeInTheDocument();
  });
});

/**
 * Opens the committee paper dialog as a person does: the button, then a click into its first field.
 * Tabster keeps a modal that focus has not entered aria-hidden, and under jsdom it cannot move focus in
 * by itself (it has no layout for its visibility checks: microsoft/fluentui#27322), so the dialog is
 * found by its first field and must become accessible once focus is inside it.
 */
async function openPaperDialog(): Promise<HTMLElement> {
  await userEvent.click(await screen.findByRole('button', { name: 'Committee paper' }));
  await userEvent.click(await screen.findByLabelText('Council name', {}, { timeout: 15_000 }));
  return screen.findByRole('dialog', { name: 'Committee paper' });
}

describe('a register manager', () => {
  it('exports this period’s reviews as CSV with each risk’s comment', async () => {
    renderAs(manager);
    const file = await exportItem(/reviews \(CSV\)/);
    expect(file.fileName).toMatch(/^Corporate risk register reviews .+\.csv$/);
    expect(file.type).toContain('text/csv');
    expect(file.content).toContain('Savings plan behind');
    expect(file.content).toContain('CRR02');
  });

  it('is offered each register’s exports when no register is chosen', async () => {
    renderAs(manager, '');
    await userEvent.click(await screen.findByRole('button', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: 'Adults: Register (CSV)' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('menuitem', { name: 'Adults: Register (CSV)' }));
    await screen.findByText('Downloaded Adults risk register.csv');
    expect(downloads.at(-1)?.content).toContain('ASC01');
    expect(downloads.at(-1)?.content).not.toContain('CRR01');
  });

  it('creates the committee paper for a band with the council and committee named, and downloads the .docx', async () => {
    renderAs(manager);
    const dialog = await openPaperDialog();
    const d = within(dialog);
    await userEvent.clear(d.getByRole('textbox', { name: 'Council name' }));
    await userEvent.type(d.getByRole('textbox', { name: 'Council name' }), 'Borsetshire County Council');
    await userEvent.type(d.getByRole('textbox', { name: /^Committee/ }), 'Audit Committee');
    const bands = d.getByRole('combobox', { name: /Minimum band/ });
    const high = within(bands)
      .getAllByRole('option')
      .find((o) => /^High/.test(o.textContent ?? ''));
    await userEvent.selectOptions(bands, high as HTMLOptionElement);
    await userEvent.click(d.getByRole('button', { name: 'Create paper' }));
    expect(
      await d.findByText(/Downloaded .*\.docx: 1 risk reported, 1 below the minimum band left out/),
    ).toBeInTheDocument();
    const file = downloads.at(-1) as Downloaded;
    expect(file.fileName).toMatch(/^Corporate committee paper .+\.docx$/);
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(file.content as Uint8Array) })).value;
    expect(text).toContain('Borsetshire County Council');
    expect(text).toContain('Audit Committee');
    expect(text).toContain('Budget gap');
    expect(text).not.toContain('Cyber attack');
  });

  it('says in words why a paper could not be made, and can try again', async () => {
    const store = renderAs(manager);
    const dialog = await openPaperDialog();
    // The next settings read fails once, as SharePoint does when it is briefly unavailable.
    const getSettings = store.getSettings.bind(store);
    let failures = 1;
    store.getSettings = async (name: string) => {
      if (failures-- > 0) throw new Error('SharePoint did not answer (503). Try again in a minute.');
      return getSettings(name);
    };
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create paper' }));
    expect(await within(dialog).findByText(/Could not create the paper: .*503/)).toBeInTheDocument();
    expect(downloads).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create paper' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
  });
});
