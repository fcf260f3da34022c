/** @jest-environment jsdom */
/** The personal tab opens `?view=reviews&mine=1`: the review status of the signed-in person's own risks. */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CurrentUser } from '../../src/ports';
import { App } from '../../src/tab/App';
import { FakeStore, manager, owner, reader, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

jest.setTimeout(30_000);

function storeFor(user: CurrentUser) {
  const s = new FakeStore(user);
  s.addRegister(settings('Corporate'));
  s.seed(risk({ reference: 'CRR01', title: 'Budget gap' }));
  s.seed(
    risk({
      reference: 'CRR02',
      title: 'Cyber attack',
      owners: [{ id: 9, name: 'Helen Marsh' }],
      delegates: [{ id: 2, name: 'Priya Shah', email: 'priya@x.example' }],
    }),
  );
  s.seed(risk({ reference: 'CRR03', title: 'Flooding', owners: [{ id: 9, name: 'Helen Marsh' }] }));
  return s;
}

async function waitingRefs() {
  const table = await screen.findByRole('table', { name: 'Risks waiting for a review' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[0]?.textContent);
}

beforeEach(() => installLayout());

it('shows a risk owner only the risks they own or are a delegate for, with a note and a way to show all', async () => {
  setUrl('?view=reviews&mine=1');
  renderInTheme(<App session={{ store: storeFor(owner), user: owner, hostLabel: 'Test' }} theme="light" />);
  expect(await waitingRefs()).toEqual(['CRR01', 'CRR02']);
  expect(screen.getByText(/only the risks you own or are a delegate for/)).toBeInTheDocument();
  expect(screen.getByRole('heading', { name: /Your reviews/ })).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Show all risks' }));
  expect(await waitingRefs()).toEqual(['CRR01', 'CRR02', 'CRR03']);
  expect(screen.queryByText(/only the risks you own/)).not.toBeInTheDocument();
  expect(window.location.search).not.toContain('mine');
});

it('shows a manager who owns nothing an empty personal view, still with the way to show all', async () => {
  setUrl('?view=reviews&mine=1');
  renderInTheme(
    <App session={{ store: storeFor(manager), user: manager, hostLabel: 'Test' }} theme="light" />,
  );
  expect(await screen.findByText('Every due review is in')).toBeInTheDocument();
  expect(screen.getByText('0 of 0 due reviews recorded')).toBeInTheDocument();
  await userEvent.click(screen.getByRole('button', { name: 'Show all risks' }));
  expect(await waitingRefs()).toEqual(['CRR01', 'CRR02', 'CRR03']);
});

it('shows a read-only user every risk when the URL does not ask for theirs', async () => {
  setUrl('?view=reviews');
  renderInTheme(<App session={{ store: storeFor(reader), user: reader, hostLabel: 'Test' }} theme="light" />);
  expect(await waitingRefs()).toEqual(['CRR01', 'CRR02', 'CRR03']);
  expect(screen.queryByRole('button', { name: 'Show all risks' })).not.toBeInTheDocument();
});
