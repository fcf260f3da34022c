/** @jest-environment jsdom */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/tab/App';
import { FakeStore, manager, risk, settings } from './fake-store';
import { installLayout, renderInTheme, setUrl } from './render-helpers';

function store() {
  const s = new FakeStore(manager);
  s.addRegister(settings('Adults', 'medway'));
  s.seed(
    risk({
      reference: 'AH01',
      register: 'Adults',
      current: { likelihood: 4, impact: 3 },
      target: { likelihood: 2, impact: 2 },
    }),
  );
  s.seed(risk({ reference: 'AH02', register: 'Adults', current: { likelihood: 4, impact: 3 } }));
  s.seed(risk({ reference: 'AH03', register: 'Adults', current: { likelihood: 1, impact: 1 } }));
  return s;
}

beforeEach(() => {
  installLayout();
  setUrl('?view=heatmap');
});

describe('the heat map', () => {
  it('draws Medway’s 5 x 4 matrix with band words, counts and references in each cell', async () => {
    renderInTheme(<App session={{ store: store(), user: manager, hostLabel: 'Test' }} theme="light" />);
    const map = await screen.findByRole('group', { name: 'Adults heat map, current ratings' });
    const cells = within(map).getAllByRole('button');
    expect(cells).toHaveLength(20);
    const busy = within(map).getByRole('button', {
      name: /B High, Impact .*: .* band, 2 risks \(AH01, AH02\)/,
    });
    expect(busy).toHaveTextContent('2');
    expect(busy).toHaveTextContent('AH01, AH02');
  });

  it('has an equivalent table for screen readers', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={{ store: store(), user: manager, hostLabel: 'Test' }} theme="light" />);
    await user.click(await screen.findByRole('button', { name: 'Heat map as a table' }));
    const table = screen.getByRole('table');
    expect(within(table).getByRole('row', { name: /AH01, AH02/ })).toBeInTheDocument();
  });

  it('switches to target ratings and filters the register when a cell is activated', async () => {
    const user = userEvent.setup();
    renderInTheme(<App session={{ store: store(), user: manager, hostLabel: 'Test' }} theme="light" />);
    await user.click(await screen.findByRole('radio', { name: 'Target' }));
    const cell = screen.getByRole('button', { name: /1 risk \(AH01\)/ });
    cell.focus();
    await user.keyboard('{Enter}');
    const grid = await screen.findByRole('grid');
    expect(within(grid).getAllByRole('row')).toHaveLength(2);
    expect(within(grid).getByRole('row', { name: /AH01/ })).toBeInTheDocument();
    expect(window.location.search).toContain('cell=target%3A2x2');
  });
});

describe('risks rated by a score alone', () => {
  it('are listed beside the map as "cell not recorded", in the register notation, and in no cell', async () => {
    const s = new FakeStore(manager);
    s.addRegister(settings('Corporate', 'kent'));
    s.seed(risk({ reference: 'CRR1', register: 'Corporate', current: { likelihood: 3, impact: 4 } }));
    const scoreOnly = risk({ reference: 'CRR2', register: 'Corporate', currentScoreOnly: 12 });
    delete scoreOnly.current;
    s.seed(scoreOnly);
    renderInTheme(<App session={{ store: s, user: manager, hostLabel: 'Test' }} theme="light" />);
    const map = await screen.findByRole('group', { name: 'Corporate heat map, current ratings' });
    expect(within(map).queryByText(/CRR2/)).toBeNull();
    expect(screen.getByText(/Cell not recorded/)).toHaveTextContent('CRR2 (Medium (12))');
  });
});
