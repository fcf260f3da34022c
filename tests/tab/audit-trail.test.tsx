/** @jest-environment jsdom */
/**
 * The audit trail in the risk detail, right after a save: newest first, in words (audit-text.ts; the
 * stored log read back through the real SharePoint store is in audit-text.test.ts), the review
 * service's bookkeeping hidden behind a filter that is off by default.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import { FakeStore, manager, risk as aTabRisk, settings as tabSettings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

jest.setTimeout(60_000);
beforeEach(() => installLayout());

it('shows the save just made at the top, in words, with bookkeeping behind the filter', async () => {
  const user = userEvent.setup();
  const s = new FakeStore(manager);
  s.addRegister(tabSettings('Corporate', 'kent', 12));
  const r = s.seed(
    aTabRisk({ reference: 'CRR01', title: 'Budget gap', current: { likelihood: 4, impact: 4 } }),
  );
  await s.updateRisk(r.id, { title: 'Budget gap 2027' }, (await s.getRisk(r.id)).etag, manager);
  s.audit.push({
    id: s.audit.length + 1,
    at: new Date(Date.now() - 1000).toISOString(),
    by: 'review-service@x.example',
    entity: 'review-request',
    entityId: 77,
    riskId: r.id,
    riskReference: 'CRR01',
    field: 'RequestStatus',
    oldValue: 'pending',
    newValue: 'sent',
    source: 'scheduler',
  });
  setUrl(`?risk=${r.id}`);
  renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
  await user.click(await screen.findByRole('button', { name: 'Edit risk' }));
  const current = screen.getByRole('group', { name: /^Current rating/ });
  await user.selectOptions(within(current).getByRole('combobox', { name: /^Likelihood/ }), '2');
  await user.selectOptions(within(current).getByRole('combobox', { name: /^Impact/ }), '3');
  await user.click(screen.getByRole('button', { name: 'Save changes' }));

  const trail = await screen.findByRole('table', { name: 'Audit trail' });
  const rows = within(trail).getAllByRole('row').slice(1);
  expect(rows[0]).toHaveTextContent(/Morgan Reid.*Risk.*Current rating: High \(16\) → Low \(6\)/);
  expect(rows[1]).toHaveTextContent(/Morgan Reid.*Title: Budget gap → Budget gap 2027/);
  expect(within(trail).queryByText(/RequestStatus|Review request/)).not.toBeInTheDocument();
  await user.click(screen.getByRole('checkbox', { name: /Show the review service’s bookkeeping .*1 entry/ }));
  expect(
    within(screen.getByRole('table', { name: 'Audit trail' })).getByText(/Review request/),
  ).toBeInTheDocument();
});
