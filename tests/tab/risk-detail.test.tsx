/** @jest-environment jsdom */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import type { CurrentUser } from '../../src/ports';
import { FakeStore, manager, owner, reader, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

function setup(user: CurrentUser) {
  const s = new FakeStore(user);
  s.addRegister(settings('Corporate', 'kent', 12));
  const r = s.seed(
    risk({
      reference: 'CRR01',
      title: 'Budget gap',
      current: { likelihood: 4, impact: 4 },
      controls: [{ title: 'Monthly budget monitoring', owners: [{ name: 'Helen Marsh' }] }],
      actions: [
        {
          title: 'Savings programme',
          owners: [{ name: 'Helen Marsh' }],
          status: 'in-progress',
          progress: 40,
          plannedDate: '2027-03-31',
        },
      ],
    }),
  );
  s.seed(risk({ reference: 'CRR02', title: 'Cyber attack', owners: [{ id: 9, name: 'Helen Marsh' }] }));
  setUrl(`?risk=${r.id}`);
  renderInTheme(<App session={{ store: s, user, hostLabel: 'Test' }} theme="light" />);
  return { store: s, risk: r };
}

jest.setTimeout(30_000);

beforeEach(() => installLayout());

describe('risk detail', () => {
  it('shows every section: ratings in notation, controls, actions with dates and progress', async () => {
    setup(manager);
    expect(await screen.findByRole('heading', { level: 1, name: 'CRR01: Budget gap' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Ratings' })).toHaveTextContent('High (16)');
    expect(
      within(screen.getByRole('table', { name: 'Controls for CRR01' })).getByText(
        'Monthly budget monitoring',
      ),
    ).toBeInTheDocument();
    const actions = screen.getByRole('table', { name: 'Actions for CRR01' });
    expect(within(actions).getByText('31 Mar 2027')).toBeInTheDocument();
    expect(
      within(actions).getByRole('progressbar', { name: 'Savings programme: 40% complete' }),
    ).toBeInTheDocument();
  });

  it('tells a read-only member why they cannot edit and offers no edit buttons', async () => {
    setup(reader);
    await screen.findByRole('heading', { level: 1, name: 'CRR01: Budget gap' });
    expect(screen.queryByRole('button', { name: 'Edit risk' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Record review' })).not.toBeInTheDocument();
    expect(screen.getByText(/read-only access to this register site/)).toBeInTheDocument();
  });

  it('lets an owner record the review of their own risk but not edit its details', async () => {
    const user = userEvent.setup();
    const { store, risk: r } = setup(owner);
    await screen.findByRole('heading', { level: 1, name: 'CRR01: Budget gap' });
    expect(screen.queryByRole('button', { name: 'Edit risk' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Record review' }));
    await user.click(screen.getByRole('button', { name: 'Confirm rating' }));
    expect(screen.getByText(/Write this period’s comment for CRR01/)).toBeInTheDocument();
    expect(store.calls.filter((c) => c.startsWith('recordReview'))).toEqual([]);
    await user.type(screen.getByLabelText(/Comment for this period/), 'Savings on track.');
    await user.click(screen.getByRole('button', { name: 'Confirm rating' }));
    expect(await screen.findByRole('table', { name: 'Period history' })).toHaveTextContent(
      'Savings on track.',
    );
    expect(store.calls).toContain(`recordReview:${r.id}:confirmed`);
  });

  it('shows validation messages beside the fields and does not save an invalid risk', async () => {
    const user = userEvent.setup();
    const { store } = setup(manager);
    await user.click(await screen.findByRole('button', { name: 'Edit risk' }));
    await user.clear(screen.getByLabelText(/^Title/));
    await user.clear(screen.getByLabelText(/^Appetite/));
    await user.type(screen.getByLabelText(/^Appetite/), '99');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByText('Enter a title that says what the risk is.')).toBeInTheDocument();
    // The one appetite rule, the domain's: a whole-number score from 0 to the matrix's highest.
    expect(screen.getByText(/a whole number from 0 to 25/)).toBeInTheDocument();
    expect(screen.getByText(/2 fields need attention/)).toBeInTheDocument();
    expect(store.calls.filter((c) => c.startsWith('updateRisk'))).toEqual([]);
  });

  it('shows a manager the domain warnings and the repairs to the stored risk, beside the fields too', async () => {
    const user = userEvent.setup();
    const s = new FakeStore(manager);
    s.addRegister(settings('Corporate', 'kent', 12));
    const r = s.seed(
      risk({
        reference: 'CRR05',
        title: 'Workforce',
        current: { likelihood: 2, impact: 2 },
        target: { likelihood: 4, impact: 4 },
      }),
    );
    const other = s.seed(risk({ reference: 'CRR06', title: 'Other' }));
    s.restoreIssues = [
      {
        list: 'Risks',
        itemId: r.id,
        record: 'CRR05',
        field: 'InherentLikelihood/InherentImpact',
        value: [9, 9],
        problem: "rating 9 x 9 is outside the register's matrix; shown as unrated",
        action: 'repaired',
      },
      {
        list: 'Risks',
        itemId: other.id,
        record: 'CRR06',
        field: 'RiskStatus',
        value: 'archived',
        problem: "'archived' is not one of open, closed, merged; treated as 'open'",
        action: 'repaired',
      },
    ];
    setUrl(`?risk=${r.id}`);
    renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
    const warnings = await screen.findByRole('list', { name: 'Warnings about this risk' });
    expect(warnings).toHaveTextContent('The target rating is worse than the current rating');
    const repairs = screen.getByRole('list', { name: 'Repairs to the stored risk' });
    expect(repairs).toHaveTextContent(
      `Risks item ${r.id}, Inherent likelihood and Inherent impact: rating 9 x 9 is outside the register's matrix`,
    );
    // Only this risk's repairs: CRR06's unknown status is shown on CRR06.
    expect(repairs).not.toHaveTextContent('archived');
    await user.click(screen.getByRole('button', { name: 'Edit risk' }));
    // The same warning beside the field on the form; it does not block saving.
    const targetGroup = screen.getByRole('group', { name: 'Target rating' });
    expect(targetGroup).toHaveTextContent('The target rating is worse than the current rating');
    await user.type(screen.getByLabelText(/^Category/), 'People');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(s.calls).toContain(`updateRisk:${r.id}:category`));
  });

  it('shows a read-only member neither warnings nor repairs', async () => {
    const s = new FakeStore(reader);
    s.addRegister(settings('Corporate', 'kent', 12));
    const r = s.seed(
      risk({
        reference: 'CRR05',
        current: { likelihood: 2, impact: 2 },
        target: { likelihood: 4, impact: 4 },
      }),
    );
    setUrl(`?risk=${r.id}`);
    renderInTheme(<App session={{ store: s, user: reader, hostLabel: 'Test' }} theme="light" />);
    expect(await screen.findByRole('heading', { level: 1, name: /^CRR05/ })).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Warnings about this risk' })).not.toBeInTheDocument();
  });

  it('on a conflict shows what changed on the server and reapplies only on request', async () => {
    const user = userEvent.setup();
    const { store, risk: r } = setup(manager);
    await user.click(await screen.findByRole('button', { name: 'Edit risk' }));
    store.otherUserEdits(r.id, { directorate: 'Finance' });
    const title = screen.getByLabelText(/^Title/);
    await user.clear(title);
    await user.type(title, 'Medium-term budget gap');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent('Someone else saved CRR01 while you were editing');
    expect(panel).toHaveTextContent('directorate: now “Finance”');
    expect(store.risks.get(r.id)?.title).toBe('Budget gap');
    await user.click(within(panel).getByRole('button', { name: 'Reapply my changes' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'CRR01: Medium-term budget gap' }),
    ).toBeInTheDocument();
    expect(store.risks.get(r.id)?.directorate).toBe('Finance');
  });

  it('edits delegates, cabinet members, aliases and linked risks, saving only what changed', async () => {
    const user = userEvent.setup();
    const { store, risk: r } = setup(manager);
    await user.click(await screen.findByRole('button', { name: 'Edit risk' }));
    // By keyboard, as a screen-reader user would: open the list, then choose.
    const choose = async (picker: RegExp, name: string) => {
      screen.getByRole('combobox', { name: picker }).focus();
      await user.keyboard('{ArrowDown}');
      // Fluent gives the options of a multi-select combobox the role menuitemcheckbox.
      await user.click(await screen.findByRole('menuitemcheckbox', { name }));
      await user.keyboard('{Escape}');
    };
    await choose(/^Delegates/, 'Helen Marsh');
    await choose(/^Cabinet member/, 'Helen Marsh');
    await user.type(screen.getByLabelText(/^Other references/), 'PH09');
    await user.type(screen.getByLabelText(/^Linked risks/), 'CRR02');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(store.risks.get(r.id)?.aliases).toEqual(['PH09']));
    const saved = store.risks.get(r.id)!;
    expect(saved.delegates.map((p) => p.name)).toEqual(['Helen Marsh']);
    expect(saved.cabinetMembers.map((p) => p.name)).toEqual(['Helen Marsh']);
    expect(saved.linkedRisks).toEqual(['CRR02']);
    expect(saved.title).toBe('Budget gap');
  });

  it('keeps the edits and explains a lost connection', async () => {
    const user = userEvent.setup();
    const { store } = setup(manager);
    await user.click(await screen.findByRole('button', { name: 'Edit risk' }));
    const title = screen.getByLabelText(/^Title/);
    await user.type(title, ' (revised)');
    store.failNext = new TypeError('Failed to fetch');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The register site cannot be reached')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Title/)).toHaveValue('Budget gap (revised)');
  });

  it('adds an action with field messages for bad progress', async () => {
    const user = userEvent.setup();
    const { store, risk: r } = setup(manager);
    await user.click(await screen.findByRole('button', { name: 'Add action' }));
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByLabelText(/^Action/), 'Recruit two accountants');
    await user.type(within(dialog).getByLabelText('Progress (%)'), '140');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText(/whole percentage, 0 to 100/)).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText('Progress (%)'));
    await user.type(within(dialog).getByLabelText('Progress (%)'), '10');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('cell', { name: /Recruit two accountants/ })).toBeInTheDocument();
    expect(store.calls).toContain(`addAction:${r.id}`);
  });

  it('deletes a control only after a second, explicit confirmation', async () => {
    const user = userEvent.setup();
    const { store } = setup(manager);
    await user.click(await screen.findByRole('button', { name: 'Edit control 1' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Delete…' }));
    expect(store.calls.filter((c) => c.startsWith('deleteControl'))).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm delete' }));
    await waitFor(() => expect(store.calls.filter((c) => c.startsWith('deleteControl'))).toHaveLength(1));
  });
});
