/** @jest-environment jsdom */
/**
 * A risk owner updates the progress of their own risk's actions from the risk detail (ActionProgress):
 * status, progress and note only, saved through the store (the review service's API in Teams, which
 * enforces the rule; the fake store applies the same rule). The owner of another risk gets no control,
 * and a write around the control is refused.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import { PermissionDeniedError } from '../../src/sharepoint/errors';
import { FakeStore, manager, owner, risk } from './fake-store';
import { settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

jest.setTimeout(60_000);
beforeEach(() => installLayout());

async function setup() {
  const s = new FakeStore(owner);
  s.addRegister(settings('Corporate', 'kent', 12));
  // CRR01 is Priya's (the signed-in owner); CRR02 is Helen's.
  const mine = s.seed(risk({ reference: 'CRR01', title: 'Budget gap' }));
  const theirs = s.seed(
    risk({
      reference: 'CRR02',
      title: 'Cyber attack',
      owners: [{ id: 9, name: 'Helen Marsh', email: 'helen@x.example' }],
    }),
  );
  const helen = { id: 9, name: 'Helen Marsh', email: 'helen@x.example' };
  const a = await s.addAction(
    mine.id,
    { title: 'Savings programme', owners: [helen], status: 'not-started', progress: 10 },
    manager,
  );
  const b = await s.addAction(
    theirs.id,
    { title: 'Patch the firewalls', owners: [helen], status: 'not-started' },
    manager,
  );
  return { s, mine, theirs, a, b };
}

it("lets a risk's owner update its action's progress, and saves only status, progress and note", async () => {
  const user = userEvent.setup();
  const { s, mine, a } = await setup();
  setUrl(`?risk=${mine.id}`);
  renderInTheme(<App session={{ store: s, user: owner, hostLabel: 'Test' }} theme="light" />);
  await user.click(await screen.findByRole('button', { name: 'Update progress: Savings programme' }));
  const dialog = screen.getByRole('dialog');
  await user.selectOptions(within(dialog).getByLabelText('Status'), 'in-progress');
  const progress = within(dialog).getByLabelText('Progress (%)');
  await user.clear(progress);
  await user.type(progress, '140');
  await user.click(within(dialog).getByRole('button', { name: 'Save progress' }));
  expect(within(dialog).getByText(/whole percentage, 0 to 100/)).toBeInTheDocument();
  await user.clear(progress);
  await user.type(progress, '70');
  await user.type(within(dialog).getByLabelText('Progress note'), 'Seven of ten savings agreed');
  await user.click(within(dialog).getByRole('button', { name: 'Save progress' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  const saved = s.risks.get(mine.id)?.actions.find((x) => x.id === a.id);
  expect(saved).toMatchObject({
    title: 'Savings programme',
    status: 'in-progress',
    progress: 70,
    progressNote: 'Seven of ten savings agreed',
  });
  expect(s.calls).toContain(`updateAction:${a.id}`);
});

it('offers no control on another owner’s risk, and the store refuses a write around it', async () => {
  const { s, theirs, b } = await setup();
  setUrl(`?risk=${theirs.id}`);
  renderInTheme(<App session={{ store: s, user: owner, hostLabel: 'Test' }} theme="light" />);
  await screen.findByRole('heading', { name: /CRR02: Cyber attack/ });
  expect(screen.queryByRole('button', { name: /Update progress/ })).not.toBeInTheDocument();
  await expect(s.updateAction(b.id, { ...b, progress: 90 }, b.etag, owner)).rejects.toBeInstanceOf(
    PermissionDeniedError,
  );
  expect(s.risks.get(theirs.id)?.actions[0]?.progress).toBeUndefined();
});
