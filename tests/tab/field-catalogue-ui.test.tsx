/** @jest-environment jsdom */
/**
 * The tab's side of the field-catalogue example (tests/domain/field-catalogue.test.ts): a field
 * registered only in a catalogue is edited on the risk form, saved, and shown in the register grid.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Risk } from '../../src/domain/types';
import { RiskForm } from '../../src/tab/views/edit/RiskForm';
import { RegisterGrid } from '../../src/tab/views/register/RegisterGrid';
import { gridColumns } from '../../src/tab/views/register/columns';
import { toGridRows } from '../../src/tab/views/register/grid-rows';
import { EXTENDED, type ExtendedRisk } from '../fixtures/extended-catalogue';
import { FakeStore, manager, risk, settings } from './fake-store';
import { dataOf, installLayout, renderInTheme } from './render-helpers';

jest.setTimeout(30_000);
beforeEach(() => installLayout());

it('edits the field on the risk form and saves it with the risk', async () => {
  const user = userEvent.setup();
  const store = new FakeStore(manager);
  const corporate = settings('Corporate', 'kent', 12);
  store.addRegister(corporate);
  const saved: Risk[] = [];
  renderInTheme(
    <RiskForm
      store={store}
      user={manager}
      settings={corporate}
      register="Corporate"
      people={[{ id: 9, name: 'Helen Marsh' }]}
      takenReferences={new Set()}
      onSaved={(r) => saved.push(r)}
      onCancel={() => undefined}
      catalogue={EXTENDED}
    />,
  );
  await user.type(screen.getByLabelText(/^Reference/), 'CRR0101');
  await user.type(screen.getByLabelText(/^Title/), 'Adult social care demand');
  await user.type(screen.getByLabelText('Funding source'), 'Better Care Fund');
  screen.getByRole('combobox', { name: /^Risk owner/ }).focus();
  await user.keyboard('{ArrowDown}');
  await user.click(await screen.findByRole('menuitemcheckbox', { name: 'Helen Marsh' }));
  await user.keyboard('{Escape}');
  const current = screen.getByRole('group', { name: 'Current rating (after controls)' });
  const [likelihood, impact] = within(current).getAllByRole('combobox');
  await user.selectOptions(likelihood!, '3');
  await user.selectOptions(impact!, '3');
  await user.click(screen.getByRole('button', { name: 'Create risk' }));
  await waitFor(() => expect(saved).toHaveLength(1));
  expect((saved[0] as ExtendedRisk).fundingSource).toBe('Better Care Fund');
});

it('shows the field as a column of the register grid, and searches it', async () => {
  const store = new FakeStore(manager);
  store.addRegister(settings('Corporate', 'kent', 12));
  store.seed({
    ...risk({ reference: 'CRR0101', title: 'Care demand' }),
    fundingSource: 'Better Care Fund',
  } as Risk);
  const rows = toGridRows((await dataOf(store)).rows, EXTENDED);
  expect(rows[0]?.haystack).toContain('better care fund');
  renderInTheme(
    <RegisterGrid
      rows={rows}
      sort={{ key: 'reference', descending: false }}
      onSort={() => undefined}
      onOpen={() => undefined}
      label="Register"
      columns={gridColumns(EXTENDED)}
    />,
  );
  expect(screen.getByRole('columnheader', { name: /^Funding source/ })).toBeInTheDocument();
  expect(screen.getByRole('gridcell', { name: 'Better Care Fund' })).toBeInTheDocument();
});
