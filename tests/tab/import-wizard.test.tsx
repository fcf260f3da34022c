/** @jest-environment jsdom */
/**
 * The import wizard, by role, with files built here (exceljs, papaparse) and the real import code over
 * the tab's in-memory store: upload, correct the mapping, preview every problem, commit with progress.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { TextDecoder, TextEncoder } from 'node:util';
import Papa from 'papaparse';
import type { CurrentUser } from '../../src/ports';
import { App } from '../../src/tab/App';
import { FakeStore, manager, owner, reader, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

// jsdom lacks the encoders every browser has; the workbook reader uses them.
Object.assign(globalThis, { TextEncoder, TextDecoder });

jest.setTimeout(60_000);

function storeFor(user: CurrentUser) {
  const s = new FakeStore(user);
  s.addRegister(settings('Corporate'));
  s.seed(risk({ reference: 'CRR01', title: 'Budget gap' }));
  return s;
}

function renderAs(user: CurrentUser, search = '?view=import') {
  setUrl(search);
  const store = storeFor(user);
  renderInTheme(<App session={{ store, user, hostLabel: 'Test' }} theme="light" />);
  return store;
}

async function xlsx(rows: string[][]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Register');
  rows.forEach((r) => ws.addRow(r));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** Chooses a file; `anyType` is the "All files" choice of the browser's dialog, past the accept list. */
async function upload(name: string, content: Uint8Array | string, anyType = false) {
  const input = await screen.findByLabelText('Register file (.xlsx or .csv)');
  await userEvent.setup({ applyAccept: !anyType }).upload(input, new File([content as BlobPart], name));
}

beforeEach(() => installLayout());

describe('a register manager', () => {
  it('corrects the suggested mapping, previews each row and imports with a result summary', async () => {
    const store = renderAs(manager);
    expect(await screen.findByRole('tab', { name: 'Import' })).toBeInTheDocument();
    await upload(
      'odd.xlsx',
      await xlsx([
        ['Corporate risks'],
        ['Risk Ref', 'Risk Title', 'Score now', 'Accountable person'],
        ['CRR01', 'Budget gap widening', 'High (16)', 'Priya Shah <priya@x.example>'],
        ['NEW01', 'Safeguarding', 'High (16)', 'Priya Shah <priya@x.example>'],
      ]),
    );
    const table = await screen.findByRole('table', { name: 'Column mapping' });
    expect(screen.getByRole('spinbutton', { name: 'Header row number' })).toHaveValue(2);
    const field = (letter: string) =>
      within(table).getByRole('combobox', { name: new RegExp(`column ${letter} `) });
    expect(field('A')).toHaveValue('reference');
    expect(field('B')).toHaveValue('title');
    expect(field('C')).toHaveValue('currentRating');
    expect(field('D')).toHaveValue('');
    await userEvent.selectOptions(field('D'), 'Risk owners');
    expect(screen.queryByRole('list', { name: 'Mapping problems' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Preview the import' }));
    expect(
      await screen.findByText('Dry run: 1 new risk, 1 update, 0 unchanged risks, 0 rows with errors'),
    ).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Rows to import' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows[0]).toHaveTextContent(/3.*CRR01.*Budget gap widening.*Update.*title/);
    expect(rows[1]).toHaveTextContent(/4.*NEW01.*Safeguarding.*New risk/);
    expect(store.calls.filter((c) => c.startsWith('create') || c.startsWith('update'))).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Import into Corporate' }));
    expect(
      await screen.findByRole('heading', { name: 'Import finished: 1 created, 1 updated' }),
    ).toHaveFocus();
    const created = [...store.risks.values()].find((r) => r.reference === 'NEW01');
    // `High (16)` states a score, not a cell: stored as the score alone.
    expect(created?.current).toBeUndefined();
    expect(created?.currentScoreOnly).toBe(16);
    expect(created?.owners.map((o) => o.email)).toEqual(['priya@x.example']);
    expect([...store.risks.values()].find((r) => r.reference === 'CRR01')?.title).toBe('Budget gap widening');
    expect([...store.risks.values()].filter((r) => r.reference === 'CRR01')).toHaveLength(1);
  });

  it("proposes the file's matrix for an empty register and sets it only with consent, before any risk", async () => {
    setUrl('?view=import');
    const store = new FakeStore(manager);
    store.addRegister(settings('Corporate'));
    store.addRegister(settings('People', 'kent'));
    renderInTheme(<App session={{ store, user: manager, hostLabel: 'Test' }} theme="light" />);
    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Import into register' }),
      'People',
    );
    await upload(
      'medway.xlsx',
      await xlsx([
        ['Ref', 'Risk', 'Inherent risk score', 'Current risk score'],
        ['DR01', 'Delivering a balanced budget', 'BII', 'CII'],
        ['DR02', 'Recruitment and retention', 'AII', 'BIII'],
      ]),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Preview the import' }));
    const consent = await screen.findByRole('checkbox', { name: /Set register People’s matrix to Medway/ });
    expect(
      screen.getByText(/written as the Medway 5x4 \(letters and roman numerals\) matrix writes them/),
    ).toBeInTheDocument();
    expect(consent).not.toBeChecked();
    await userEvent.click(consent);
    await waitFor(() => expect(screen.getByRole('checkbox', { name: /Medway/ })).toBeChecked());
    expect(
      await screen.findByText(/2 new risks, 0 updates, 0 unchanged risks, 0 rows with errors/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Import into People' }));
    await screen.findByRole('heading', { name: 'Import finished: 2 created' });
    expect((await store.getSettings('People')).matrix.id).toBe('medway');
    const writes = store.calls.filter((c) => /^(changeMatrix|create)/.test(c));
    expect(writes[0]).toBe('changeMatrix:People');
    expect([...store.risks.values()].find((r) => r.reference === 'DR01')?.current).toBeDefined();
  });

  it('lists every problem by cell in words and imports only the clean rows when asked', async () => {
    const store = renderAs(manager);
    const csv = Papa.unparse([
      ['Risk Ref', 'Risk Title', 'Current Risk Rating', 'Risk Owner'],
      ['CRR05', 'Transport', 'All', 'Nobody Known'],
      ['CRR06', 'Roads', 'High (16)', 'Priya Shah <priya@x.example>'],
      ['CRR04', '', 'High (16)', 'Priya Shah <priya@x.example>'],
    ]);
    await upload('risks.csv', csv);
    await userEvent.click(await screen.findByRole('button', { name: 'Preview the import' }));
    expect(
      await screen.findByText(/2 new risks, 0 updates, 0 unchanged risks, 1 row with errors/),
    ).toBeInTheDocument();
    const rows = within(screen.getByRole('table', { name: 'Rows to import' }))
      .getAllByRole('row')
      .slice(1);
    // An unreadable rating and an owner who is not a site user are warnings: the risk is still imported.
    expect(rows[0]).toHaveTextContent(
      /cell C2 \(header "Current Risk Rating"\) warning: CRR05: "All" is not a rating/,
    );
    expect(rows[0]).toHaveTextContent(
      /cell D2 \(header "Risk Owner"\) warning: .*"Nobody Known" is not a user of the site/,
    );
    expect(rows[2]).toHaveTextContent(/cell B4 \(header "Risk Title"\) error: CRR04: the title is empty/);
    expect(
      within(screen.getByRole('region', { name: 'People not found' })).getByText(/Nobody Known in D2/),
    ).toBeInTheDocument();
    const go = screen.getByRole('button', { name: 'Import into Corporate' });
    expect(go).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox', { name: 'Import only the 2 rows without errors' }));
    await userEvent.click(go);
    expect(
      await screen.findByRole('heading', {
        name: 'Import finished: 2 created, 1 skipped (rows with errors)',
      }),
    ).toBeInTheDocument();
    const refs = [...store.risks.values()].map((r) => r.reference);
    expect(refs).toContain('CRR06');
    expect(refs).toContain('CRR05');
    expect(refs).not.toContain('CRR04');
    const crr05 = [...store.risks.values()].find((r) => r.reference === 'CRR05');
    expect(crr05?.ownersToConfirm).toEqual(['Nobody Known']);
    expect(crr05?.current).toBeUndefined();
  });

  it("matches owners to the site's users by name and finds others in the directory by e-mail", async () => {
    const store = renderAs(manager);
    store.siteUsers = [{ id: 41, name: 'Ann James', email: 'ann.james@x.example' }];
    store.directory = [{ id: 42, name: 'Lee Grant', email: 'lee.grant@x.example' }];
    const csv = Papa.unparse([
      ['Risk Ref', 'Risk Title', 'Current Risk Rating', 'Risk Owner'],
      ['CRR07', 'Libraries', 'High (16)', 'Ms Ann James'],
      ['CRR08', 'Leisure', 'High (16)', 'Lee Grant <lee.grant@x.example>'],
      ['CRR09', 'Parks', 'High (16)', 'Nobody Known'],
    ]);
    await upload('people.csv', csv);
    await userEvent.click(await screen.findByRole('button', { name: 'Preview the import' }));
    expect(
      await screen.findByText(/3 new risks, 0 updates, 0 unchanged risks, 0 rows with errors/),
    ).toBeInTheDocument();
    expect(store.calls).toContain('listSiteUsers');
    expect(store.calls).toContain('ensureSiteUser:lee.grant@x.example');
    const notFound = within(screen.getByRole('region', { name: 'People not found' }));
    expect(notFound.getByText(/Nobody Known in D4/)).toBeInTheDocument();
    expect(notFound.queryByText(/Ann James|Lee Grant/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Import into Corporate' }));
    await screen.findByRole('heading', { name: /Import finished: 3 created/ });
    const byRef = (ref: string) => [...store.risks.values()].find((r) => r.reference === ref);
    expect(byRef('CRR07')?.owners).toEqual([expect.objectContaining({ id: 41, name: 'Ann James' })]);
    expect(byRef('CRR08')?.owners).toEqual([
      expect.objectContaining({ id: 42, email: 'lee.grant@x.example' }),
    ]);
    // Nobody Known is not on the site or in the directory: kept as printed, to confirm.
    expect(byRef('CRR09')?.owners).toEqual([]);
    expect(byRef('CRR09')?.ownersToConfirm).toEqual(['Nobody Known']);
  });

  it('shows progress while it writes, and a second import of the same file has nothing to write', async () => {
    const store = renderAs(manager);
    const rows = [['Risk Ref', 'Risk Title']];
    for (let i = 1; i <= 3; i++) rows.push([`NEW0${i}`, `Risk ${i}`]);
    await upload('risks.csv', Papa.unparse(rows));
    await userEvent.click(await screen.findByRole('button', { name: 'Preview the import' }));
    const go = await screen.findByRole('button', { name: 'Import into Corporate' });
    // Hold the writes until the test lets them through, as a slow SharePoint would.
    const waiting: (() => void)[] = [];
    const create = store.createRisk.bind(store);
    store.createRisk = async (...args: Parameters<FakeStore['createRisk']>) => {
      await new Promise<void>((release) => waiting.push(release));
      return create(...args);
    };
    await userEvent.click(go);
    await waitFor(() => expect(waiting).toHaveLength(3));
    expect(screen.getByRole('progressbar', { name: /^Starting the import/ })).toBeInTheDocument();
    waiting.shift()?.();
    expect(
      await screen.findByRole('progressbar', { name: /^Writing 1 of 3 \(batch 1 of 1, last NEW0/ }),
    ).toBeInTheDocument();
    while (waiting.length) waiting.shift()?.();
    expect(await screen.findByRole('heading', { name: 'Import finished: 3 created' })).toBeInTheDocument();
    store.createRisk = create;

    await userEvent.click(screen.getByRole('button', { name: 'Import another file' }));
    await upload('risks.csv', Papa.unparse(rows));
    await userEvent.click(await screen.findByRole('button', { name: 'Preview the import' }));
    expect(await screen.findByText(/0 new risks, 0 updates, 3 unchanged risks/)).toBeInTheDocument();
    expect(screen.getByText(/already matches this file/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import into Corporate' })).toBeDisabled();
    expect([...store.risks.values()].filter((r) => r.reference.startsWith('NEW'))).toHaveLength(3);
  });

  it('says in words why a file cannot be read, and stays on the upload step', async () => {
    renderAs(manager);
    await upload('minutes.docx', new Uint8Array([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x9c, 0x88]), true);
    const problems = await screen.findByRole('list', { name: 'Problems' });
    expect(problems).toHaveTextContent(
      /minutes\.docx is neither an Excel workbook \(\.xlsx\) nor a CSV file/,
    );
    expect(screen.getByLabelText('Register file (.xlsx or .csv)')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Column mapping' })).not.toBeInTheDocument();
  });

  it('is operable from the keyboard: native controls that take focus, Enter to preview and import', async () => {
    const store = renderAs(manager);
    const user = userEvent.setup();
    const input = await screen.findByLabelText('Register file (.xlsx or .csv)');
    input.focus();
    expect(input).toHaveFocus();
    await upload(
      'risks.csv',
      Papa.unparse([
        ['Risk Ref', 'Risk Title'],
        ['CRR07', 'Libraries'],
      ]),
    );
    const title = await screen.findByRole('combobox', { name: /column B / });
    title.focus();
    expect(title).toHaveFocus();
    screen.getByRole('button', { name: 'Preview the import' }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByText(/^Dry run: 1 new risk/)).toBeInTheDocument();
    screen.getByRole('button', { name: 'Import into Corporate' }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Import finished: 1 created' })).toHaveFocus();
    expect([...store.risks.values()].map((r) => r.reference)).toContain('CRR07');
  });
});

describe.each([
  ['risk owner', owner],
  ['read-only user', reader],
])('a %s', (_, user) => {
  it('is not offered the import, and at its URL is told why instead of seeing the form', async () => {
    renderAs(user);
    expect(await screen.findByRole('tab', { name: 'Register' })).toBeInTheDocument();
    expect(screen.queryByRole('tab', { name: 'Import' })).not.toBeInTheDocument();
    expect(await screen.findByText('Import is for register managers')).toBeInTheDocument();
    expect(screen.queryByLabelText('Register file (.xlsx or .csv)')).not.toBeInTheDocument();
  });
});
