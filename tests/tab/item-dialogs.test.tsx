/** @jest-environment jsdom */
/**
 * The control and action dialogs show the domain's problems (controlProblems, actionProblems: the
 * rules the store's write applies too), errors blocking Save and advice shown once before saving.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Control, RiskAction } from '../../src/domain/types';
import { ActionDialog, ControlDialog } from '../../src/tab/views/edit/ItemDialogs';
import { installLayout, renderInTheme } from './render-helpers';

jest.setTimeout(30_000);
beforeEach(() => installLayout());

const action: RiskAction = {
  title: 'Recruit two permanent team managers',
  owners: [],
  status: 'in-progress',
  progress: 40,
};

it('refuses a control without a description and says what to write', async () => {
  const user = userEvent.setup();
  const saved: Control[] = [];
  renderInTheme(
    <ControlDialog
      title="Add control"
      initial={{ title: '  ', owners: [] }}
      people={[]}
      saving={false}
      onSave={(c) => saved.push(c)}
      onClose={() => undefined}
    />,
  );
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(screen.getByText(/Describe the control, for example "Monthly caseload audit"/)).toBeTruthy();
  expect(saved).toEqual([]);
});

it('refuses a control title longer than SharePoint holds', async () => {
  const user = userEvent.setup();
  const saved: Control[] = [];
  renderInTheme(
    <ControlDialog
      title="Add control"
      initial={{ title: 'Monthly audit of caseloads '.repeat(12), owners: [] }}
      people={[]}
      saving={false}
      onSave={(c) => saved.push(c)}
      onClose={() => undefined}
    />,
  );
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(screen.getByText(/SharePoint holds at most 255/)).toBeTruthy();
  expect(saved).toEqual([]);
});

it('refuses progress outside 0-100 with the domain message', async () => {
  const user = userEvent.setup();
  const saved: RiskAction[] = [];
  renderInTheme(
    <ActionDialog
      title="Edit action"
      initial={{ ...action, progress: 140 }}
      people={[]}
      saving={false}
      onSave={(a) => saved.push(a)}
      onClose={() => undefined}
    />,
  );
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(screen.getByText('Progress is a whole percentage, 0 to 100.')).toBeTruthy();
  expect(saved).toEqual([]);
});

it('shows the advice on a completed action under 100% once, then saves it as entered', async () => {
  const user = userEvent.setup();
  const saved: RiskAction[] = [];
  renderInTheme(
    <ActionDialog
      title="Edit action"
      initial={{ ...action, status: 'completed', progress: 90 }}
      people={[]}
      saving={false}
      onSave={(a) => saved.push(a)}
      onClose={() => undefined}
    />,
  );
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(screen.getByText(/A completed action is usually 100% complete/)).toBeTruthy();
  expect(saved).toEqual([]);
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(saved).toEqual([{ ...action, status: 'completed', progress: 90 }]);
});

it('saves a valid action at the first press', async () => {
  const user = userEvent.setup();
  const saved: RiskAction[] = [];
  renderInTheme(
    <ActionDialog
      title="Edit action"
      initial={action}
      people={[]}
      saving={false}
      onSave={(a) => saved.push(a)}
      onClose={() => undefined}
    />,
  );
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(saved).toEqual([action]);
});
