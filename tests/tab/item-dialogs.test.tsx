/** @jest-environment jsdom */
/**
 * The control and action dialogs show the domain's problems (controlProblems, actionProblems: the
 * rules the store's write applies too), errors blocking Save and advice shown once before saving.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Control, RiskAction } from '../../src/domain/types';
import { ActionDialog, ControlDialog, type DialogProps } from '../../src/tab/views/edit/ItemDialogs';
import { installLayout, renderInTheme } from './render-helpers';

jest.setTimeout(30_000);
beforeEach(() => installLayout());

const action: RiskAction = {
  title: 'Recruit two permanent team managers',
  owners: [],
  status: 'in-progress',
  progress: 40,
};

/** Renders a dialog; returns what it saved and a Save press. */
function open<T>(
  Dialog: (p: DialogProps<T>) => React.JSX.Element,
  initial: T,
): { saved: T[]; save: () => Promise<void> } {
  const user = userEvent.setup();
  const saved: T[] = [];
  renderInTheme(
    <Dialog
      title="Edit"
      initial={initial}
      people={[]}
      saving={false}
      onSave={(v) => saved.push(v)}
      onClose={() => undefined}
    />,
  );
  return { saved, save: () => user.click(screen.getByRole('button', { name: 'Save' })) };
}

it('refuses a control without a description and says what to write', async () => {
  const { saved, save } = open<Control>(ControlDialog, { title: '  ', owners: [] });
  await save();
  expect(screen.getByText(/Describe the control, for example "Monthly caseload audit"/)).toBeTruthy();
  expect(saved).toEqual([]);
});

it('refuses a control title longer than SharePoint holds', async () => {
  const { saved, save } = open<Control>(ControlDialog, {
    title: 'Monthly audit of caseloads '.repeat(12),
    owners: [],
  });
  await save();
  expect(screen.getByText(/SharePoint holds at most 255/)).toBeTruthy();
  expect(saved).toEqual([]);
});

it('refuses progress outside 0-100 with the domain message', async () => {
  const { saved, save } = open<RiskAction>(ActionDialog, { ...action, progress: 140 });
  await save();
  expect(screen.getByText('Progress is a whole percentage, 0 to 100.')).toBeTruthy();
  expect(saved).toEqual([]);
});

it('shows the advice on a completed action under 100% once, then saves it as entered', async () => {
  const { saved, save } = open<RiskAction>(ActionDialog, { ...action, status: 'completed', progress: 90 });
  await save();
  expect(screen.getByText(/A completed action is usually 100% complete/)).toBeTruthy();
  expect(saved).toEqual([]);
  await save();
  expect(saved).toEqual([{ ...action, status: 'completed', progress: 90 }]);
});

it('saves a valid action at the first press', async () => {
  const { saved, save } = open<RiskAction>(ActionDialog, action);
  await save();
  expect(saved).toEqual([action]);
});
