/** @jest-environment jsdom */
/**
 * What a person sees after Save: the GOV.UK error summary (focused, a link per field), a refused or
 * conflicting save scrolled to and focused, required fields marked, and a confirmation announced.
 * Also closing (a reason is asked for and kept) and merging (references with titles).
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PermissionDeniedError } from '../../src/ports/errors';
import type { CurrentUser } from '../../src/ports';
import { App } from '../../src/tab/App';
import { FakeStore, manager, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

function setup(user: CurrentUser = manager) {
  const store = new FakeStore(user);
  store.addRegister(settings('Corporate', 'kent', 12));
  const r = store.seed(
    risk({ reference: 'CRR01', title: 'Budget gap', current: { likelihood: 4, impact: 4 } }),
  );
  store.seed(risk({ reference: 'CRR02', title: 'Cyber attack' }));
  store.seed(risk({ reference: 'CRR03', title: 'Workforce capacity' }));
  setUrl(`?risk=${r.id}`);
  renderInTheme(<App session={{ store, user, hostLabel: 'Test' }} theme="light" />);
  return { store, risk: r };
}

const scrolled: Element[] = [];
// The detail view loads on demand; on a busy machine its first screen can take longer than a second.
const firstScreen = { timeout: 15_000 };

jest.setTimeout(30_000);

beforeEach(() => {
  installLayout();
  scrolled.length = 0;
  // jsdom has no layout, so no scrollIntoView; record which element asked to be shown.
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolled.push(this);
  };
});

async function editRisk() {
  const user = userEvent.setup();
  const ctx = setup();
  await user.click(await screen.findByRole('button', { name: 'Edit risk' }, firstScreen));
  return { user, ...ctx };
}

describe('errors people see', () => {
  it('after a save with problems, focuses an error summary whose links lead to each field', async () => {
    const { user, store } = await editRisk();
    await user.clear(screen.getByLabelText(/^Title/));
    await user.clear(screen.getByLabelText(/^Appetite/));
    await user.type(screen.getByLabelText(/^Appetite/), '99');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    const summary = screen.getByRole('alert', {
      name: '2 fields need attention before this risk can be saved',
    });
    expect(summary).toHaveFocus();
    const links = within(summary).getAllByRole('link');
    // In the form's order, each the message shown beside its field.
    expect(links.map((l) => l.textContent)).toEqual([
      'Enter a title that says what the risk is.',
      expect.stringMatching(/a whole number from 0 to 25/),
    ]);
    await user.click(links[0]!);
    expect(screen.getByLabelText(/^Title/)).toHaveFocus();
    await user.click(links[1]!);
    expect(screen.getByLabelText(/^Appetite/)).toHaveFocus();
    // Save again with the same problems: the summary takes focus again.
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByRole('alert', { name: /2 fields need attention/ })).toHaveFocus();
    expect(store.calls.filter((c) => c.startsWith('updateRisk'))).toEqual([]);
  });

  it('puts the same summary on the review form, linking to the comment', async () => {
    const user = userEvent.setup();
    const { store } = setup();
    await user.click(await screen.findByRole('button', { name: 'Record review' }, firstScreen));
    await user.click(screen.getByRole('button', { name: 'Confirm rating' }));
    const summary = screen.getByRole('alert', { name: 'Your review of CRR01 cannot be recorded yet' });
    expect(summary).toHaveFocus();
    await user.click(within(summary).getByRole('link', { name: /Write this period’s comment for CRR01/ }));
    expect(screen.getByLabelText(/^Comment for this period/)).toHaveFocus();
    expect(store.calls.filter((c) => c.startsWith('recordReview'))).toEqual([]);
  });

  it('marks the required fields of the risk form', async () => {
    await editRisk();
    expect(screen.getByLabelText(/^Title/)).toBeRequired();
    expect(screen.getByLabelText(/^Reference/)).toBeRequired();
    expect(screen.getByRole('combobox', { name: /^Risk owner/ })).toBeRequired();
    expect(screen.getByLabelText(/^Appetite/)).not.toBeRequired();
  });

  it('scrolls a refused save into view and moves focus to it', async () => {
    const { user, store } = await editRisk();
    await user.type(screen.getByLabelText(/^Title/), ' (revised)');
    store.failNext = new PermissionDeniedError('The service refused the change (403).', 403, 'read');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    const panel = await screen.findByRole('group', { name: 'You do not have permission' });
    await waitFor(() => expect(panel).toHaveFocus());
    expect(scrolled).toContain(panel);
    expect(screen.getByLabelText(/^Title/)).toHaveValue('Budget gap (revised)');
  });

  it('scrolls a conflict panel into view and moves focus to it', async () => {
    const { user, store, risk: r } = await editRisk();
    store.otherUserEdits(r.id, { directorate: 'Finance' });
    await user.type(screen.getByLabelText(/^Title/), ' (revised)');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent('Someone else saved CRR01 while you were editing');
    await waitFor(() => expect(panel).toHaveFocus());
    expect(scrolled).toContain(panel);
  });

  it('confirms a save in words a screen reader announces', async () => {
    const { user } = await editRisk();
    await user.type(screen.getByLabelText(/^Title/), ' (revised)');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await screen.findByRole('heading', { level: 1, name: 'CRR01: Budget gap (revised)' });
    // The toast is shown, and Fluent's toaster puts the same words in its polite live region.
    expect(await screen.findByText('Changes to CRR01 saved', { selector: '.fui-ToastTitle' })).toBeVisible();
    await waitFor(
      () =>
        expect(
          [...document.querySelectorAll('[aria-live="polite"]')].some((e) =>
            e.textContent?.includes('Changes to CRR01 saved'),
          ),
        ).toBe(true),
      // The toaster fills its live region after the toast renders: slower on a busy machine.
      { timeout: 5_000 },
    );
  });
});

describe('closing and merging', () => {
  it('asks for the reason for closing, refuses none, and keeps the reason given', async () => {
    const user = userEvent.setup();
    const { store, risk: r } = setup();
    await user.click(await screen.findByRole('button', { name: 'Close risk' }, firstScreen));
    const dialog = screen.getByRole('dialog');
    const reason = within(dialog).getByLabelText(/^Reason for closing/);
    expect(reason).toBeRequired();
    await user.click(within(dialog).getByRole('button', { name: 'Close risk' }));
    expect(within(dialog).getByText(/Give the reason for closing CRR01/)).toBeInTheDocument();
    expect(store.closeReasons).toEqual([]);
    await user.type(reason, 'The activity moved to the partnership board.');
    await user.click(within(dialog).getByRole('button', { name: 'Close risk' }));
    await waitFor(() => expect(store.risks.get(r.id)?.status).toBe('closed'));
    expect(store.closeReasons).toEqual(['The activity moved to the partnership board.']);
    expect(
      await screen.findByText('The activity moved to the partnership board.', { selector: 'dd' }),
    ).toBeVisible();
  });

  it('lists the risks to merge into by reference and title', async () => {
    const user = userEvent.setup();
    setup();
    await user.click(await screen.findByRole('button', { name: 'Merge into…' }, firstScreen));
    const choice = within(screen.getByRole('dialog')).getByLabelText(/^Merge into/);
    const options = within(choice)
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(options).toEqual(['Choose a risk', 'CRR02: Cyber attack', 'CRR03: Workforce capacity']);
    await user.selectOptions(choice, 'CRR02: Cyber attack');
    expect(choice).toHaveValue('CRR02');
  });
});
