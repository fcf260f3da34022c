import { parseLocation, serialiseLocation } from '../../src/tab/lib/url-state';

describe('the tab keeps its state in the URL', () => {
  it('reads filters, sort, heat-map cell and open risk back from the query string it wrote', () => {
    const loc = parseLocation(
      '?view=heatmap&register=Corporate&owner=Priya+Shah&band=High&above=1&review=overdue&status=all&q=cyber&cell=target:3x4&sort=current&desc=1&tier=target&risk=12',
    );
    expect(loc.view).toBe('heatmap');
    expect(loc.filters).toEqual({
      register: 'Corporate',
      owner: 'Priya Shah',
      band: 'High',
      aboveAppetite: true,
      review: 'overdue',
      status: 'all',
      q: 'cyber',
      cell: { tier: 'target', likelihood: 3, impact: 4 },
    });
    expect(loc.sort).toEqual({ key: 'current', descending: true });
    expect(loc.risk).toBe(12);
    expect(parseLocation(serialiseLocation(loc))).toEqual(loc);
  });

  it('falls back to the defaults for values it does not know, so a mangled link still opens', () => {
    const loc = parseLocation('?view=nope&status=maybe&sort=colour&risk=-4&edit=abc&cell=1x2');
    expect(loc).toEqual({
      view: 'register',
      filters: { status: 'open' },
      sort: { key: 'reference', descending: false },
      tier: 'current',
      risk: undefined,
      edit: undefined,
    });
    expect(serialiseLocation(loc)).toBe('');
  });
});
