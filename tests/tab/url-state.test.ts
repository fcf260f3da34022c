import { locationKeys, parseLocation, serialiseLocation } from '../../src/tab/lib/url-state';

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

  it("keeps the hosting page's own parameters (SharePoint's ?Mode=Edit, another web part's) and replaces only its own", () => {
    const page = '?Mode=Edit&view=register&q=old&rrOther=7&risk=3';
    const loc = parseLocation('?view=heatmap&q=cyber&tier=target');
    expect(serialiseLocation(loc, page)).toBe('?Mode=Edit&rrOther=7&view=heatmap&q=cyber&tier=target');
    const home = parseLocation('');
    expect(serialiseLocation(home, '?Mode=Edit&q=old')).toBe('?Mode=Edit');
  });

  it('owns exactly the parameters it writes', () => {
    const everything = parseLocation(
      '?view=reviews&register=Corporate&directorate=CS&owner=Priya&band=High&above=1&review=overdue&status=all&q=x&cell=target:3x4&sort=current&desc=1&tier=target&risk=12&edit=new&mine=1',
    );
    const written = [...new URLSearchParams(serialiseLocation(everything)).keys()].sort();
    expect(written).toEqual([...locationKeys].sort());
  });
});
