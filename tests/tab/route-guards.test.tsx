/** @jest-environment jsdom */
/**
 * Manager-only routes (the new-risk form, settings, import) open only for register managers; anyone
 * else who opens one by URL is told why at once, before any form or data.
 */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import type { CurrentUser } from '../../src/ports';
import { FakeStore, manager, owner, reader, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

jest.setTimeout(30_000);

beforeEach(() => installLayout());

/** A store whose register never finishes loading: a refusal must not wait for it. */
function slowStore(user: CurrentUser) {
  const s = new FakeStore(user);
  s.addRegister(settings('Corporate'));
  s.seed(risk({ reference: 'CRR01' }));
  s.loadRegisterView = () => new Promise(() => undefined);
  return s;
}

describe('route guards', () => {
  it.each([
    ['?edit=new', 'The new-risk form'],
    ['?view=settings', 'Register settings'],
    ['?view=import', 'Import'],
  ])(
    'an owner opening %s is told why without waiting for the register, with no form',
    async (query, what) => {
      setUrl(query);
      renderInTheme(
        <App session={{ store: slowStore(owner), user: owner, hostLabel: 'Test' }} theme="light" />,
      );
      expect(await screen.findByText(`${what} is for register managers`)).toBeInTheDocument();
      expect(
        screen.getByText(/members of the SharePoint group “Risk Register Managers”/),
      ).toBeInTheDocument();
      expect(screen.queryByRole('form')).not.toBeInTheDocument();
      expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    },
  );

  it('names the refusal banner by its title and reads the title apart from the body', async () => {
    setUrl('?view=import');
    renderInTheme(
      <App session={{ store: slowStore(owner), user: owner, hostLabel: 'Test' }} theme="light" />,
    );
    const banner = await screen.findByRole('group', { name: 'Import is for register managers' });
    // What a screen reader reads (and Fluent announces): the title, a sentence break, then the body.
    expect(banner.textContent).toMatch(/^Import is for register managers\. \S/);
    expect(banner.textContent).not.toMatch(/managers[A-Z]/);
  });

  it('a read-only member opening the new-risk form is told they have read-only access', async () => {
    setUrl('?edit=new');
    renderInTheme(
      <App session={{ store: slowStore(reader), user: reader, hostLabel: 'Test' }} theme="light" />,
    );
    expect(await screen.findByText('The new-risk form is for register managers')).toBeInTheDocument();
    expect(screen.getByText(/read-only access to this register site/)).toBeInTheDocument();
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
  });

  it('takes the refused person back to the register', async () => {
    const user = userEvent.setup();
    const s = new FakeStore(owner);
    s.addRegister(settings('Corporate'));
    s.seed(risk({ reference: 'CRR01' }));
    setUrl('?edit=new');
    renderInTheme(<App session={{ store: s, user: owner, hostLabel: 'Test' }} theme="light" />);
    await user.click(screen.getByRole('button', { name: 'Back to the register' }));
    expect(await screen.findByRole('grid')).toBeInTheDocument();
    expect(window.location.search).not.toContain('edit=new');
  });

  it('opens the new-risk form for a manager', async () => {
    const s = new FakeStore(manager);
    s.addRegister(settings('Corporate'));
    setUrl('?edit=new');
    renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
    expect(await screen.findByRole('form', { name: 'New risk' })).toBeInTheDocument();
    expect(screen.queryByText(/is for register managers/)).not.toBeInTheDocument();
  });
});
