/** @jest-environment jsdom */
/**
 * Choosing another matrix preset on a register with ratings is a migration: the settings view previews
 * every rating that falls off the new scale or changes band, asks for a mapping and a confirmation, and
 * changes nothing until both are given; then it re-rates through RegisterStore.changeMatrix and says so.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import { FakeStore, manager, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

jest.setTimeout(30_000);

function store() {
  const s = new FakeStore(manager);
  s.addRegister(settings('Corporate', 'kent', 12));
  s.seed(
    risk({
      reference: 'CRR01',
      title: 'Budget gap',
      inherent: { likelihood: 5, impact: 5 },
      current: { likelihood: 4, impact: 5 },
      target: { likelihood: 2, impact: 4 },
    }),
  );
  s.seed(
    risk({
      reference: 'CRR02',
      title: 'Cyber attack',
      inherent: { likelihood: 2, impact: 2 },
      current: { likelihood: 2, impact: 3 },
      target: { likelihood: 1, impact: 1 },
    }),
  );
  return s;
}

beforeEach(() => installLayout());

it('previews the ratings a preset moves, changes nothing until confirmed, then re-rates and says Saved', async () => {
  const user = userEvent.setup();
  const s = store();
  setUrl('?view=settings');
  renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
  await screen.findByRole('table', { name: 'Matrix preview' });
  await user.selectOptions(screen.getByLabelText(/Start from a council preset/), 'halton');

  expect(
    screen.getByRole('heading', { name: /Changing the matrix from Kent .* to Halton/ }),
  ).toBeInTheDocument();
  const moved = screen.getByRole('table', { name: 'Ratings the matrix change moves' });
  const rows = within(moved).getAllByRole('row').slice(1);
  // CRR01's 5s are off the 4 x 4 scale and go to 4 by the proposed mapping; CRR02's 2 x 3 moves band;
  // CRR01's target 2 x 4 = 8 stays Medium in the same cell, so it is not listed.
  expect(rows.map((r) => r.textContent)).toEqual([
    expect.stringMatching(/CRR01: Budget gap.*Inherent rating.*High \(25\).*4 4 16 \(High\)/),
    expect.stringMatching(/CRR01: Budget gap.*Current rating.*High \(20\).*4 4 16 \(High\)/),
    expect.stringMatching(/CRR02: Cyber attack.*Current rating.*Low \(6\).*3 2 6 \(Medium\)/),
  ]);
  expect(
    screen.getByText(/3 existing ratings of 2 risks move, 2 of them off the new scale/),
  ).toBeInTheDocument();

  // Nothing is written without the confirmation.
  await user.click(screen.getByRole('button', { name: 'Change the matrix and save' }));
  expect(screen.getByText('Confirm the matrix change before saving.')).toBeInTheDocument();
  expect(s.calls).toEqual([]);

  // A different mapping for likelihood 5 changes the preview (and needs the confirmation again).
  await user.click(screen.getByRole('checkbox', { name: /I have checked these 3 ratings/ }));
  await user.selectOptions(screen.getByRole('combobox', { name: /Likelihood 5 .* becomes/ }), '3');
  expect(screen.getByRole('checkbox', { name: /I have checked these/ })).not.toBeChecked();
  expect(within(moved).getAllByRole('row')[1]).toHaveTextContent(/High \(25\).*4 3 12 \(High\)/);
  await user.click(screen.getByRole('checkbox', { name: /I have checked these/ }));
  await user.click(screen.getByRole('button', { name: 'Change the matrix and save' }));

  expect(
    await screen.findByText(/^Saved\. The matrix is now Halton .*; 1 risk was re-rated \(CRR01\)\.$/),
  ).toBeInTheDocument();
  expect(s.calls).toEqual(expect.arrayContaining(['changeMatrix:Corporate', 'saveSettings:Corporate']));
  const stored = s.settings.get('Corporate');
  expect(stored?.matrix.id).toBe('halton');
  expect(stored?.matrixHistory?.map((h) => h.matrix.id)).toEqual(['kent']);
  const crr01 = [...s.risks.values()].find((r) => r.reference === 'CRR01');
  expect(crr01?.inherent).toEqual({ likelihood: 3, impact: 4 });
  expect(crr01?.current).toEqual({ likelihood: 4, impact: 4 });
});

it('the store refuses a matrix that strands ratings when saved without the migration', async () => {
  const s = store();
  const current = await s.getSettings('Corporate');
  const { id: _i, etag, modified: _m, ...plain } = current;
  const halton = (await import('../../src/domain')).HALTON;
  await expect(
    s.saveSettings({ ...plain, matrix: JSON.parse(JSON.stringify(halton)) }, etag),
  ).rejects.toThrow(/no place for existing ratings/);
  expect(s.settings.get('Corporate')?.matrix.id).toBe('kent');
});

it('lists a score recorded without its cell, and will not change the matrix while no cell has that score', async () => {
  const user = userEvent.setup();
  const s = store();
  // Imported from a paper that printed the current rating as `High 20` (a score only).
  const { current: _cell, ...rest } = risk({ reference: 'CRR03', title: 'Placement sufficiency' });
  s.seed({ ...rest, currentScoreOnly: 20 });
  setUrl('?view=settings');
  renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
  await screen.findByRole('table', { name: 'Matrix preview' });
  await user.selectOptions(screen.getByLabelText(/Start from a council preset/), 'halton');

  const moved = screen.getByRole('table', { name: 'Ratings the matrix change moves' });
  expect(within(moved).getByText(/High \(20\), cell not recorded/)).toBeInTheDocument();
  expect(within(moved).getByText(/No cell of the Halton .* matrix scores 20/)).toBeInTheDocument();
  expect(screen.getByText(/CRR03's current rating is the score 20 alone/)).toBeInTheDocument();

  await user.click(screen.getByRole('checkbox', { name: /I have checked these/ }));
  await user.click(screen.getByRole('button', { name: 'Change the matrix and save' }));
  expect(s.calls).toEqual([]);
  expect(s.settings.get('Corporate')?.matrix.id).toBe('kent');
});
