import {
  DomainError,
  comparePeriodIds,
  financialYearOf,
  makePeriod,
  nextPeriod,
  parsePeriod,
  periodById,
  periodContains,
  periodOf,
  previousPeriod,
  type Period,
} from '../../src/domain';

const value = (r: ReturnType<typeof parsePeriod>): Period => {
  if (!r.ok) throw new Error(r.errors[0]!.message);
  return r.value;
};

describe('financial-year quarters (April start)', () => {
  it('Q4 2023/24 is January to March 2024', () => {
    expect(periodOf('2024-02-14', 'quarter')).toEqual({
      id: '2023/24-Q4',
      kind: 'quarter',
      financialYear: 2023,
      index: 4,
      start: '2024-01-01',
      end: '2024-03-31',
      label: 'Q4 2023/24',
    });
    expect(periodOf('2023-04-01', 'quarter').label).toBe('Q1 2023/24');
    expect(periodOf('2023-03-31', 'quarter').label).toBe('Q4 2022/23');
    expect(financialYearOf('2024-03-31')).toBe(2023);
  });

  it('reads instants as London dates (BST)', () => {
    // 23:30 UTC on 31 March 2024 is 00:30 on 1 April in London.
    expect(periodOf(new Date('2024-03-31T23:30:00Z'), 'quarter').label).toBe('Q1 2024/25');
    expect(periodOf('2024-01-15T23:30:00Z', 'quarter').label).toBe('Q4 2023/24');
  });

  it('steps across year ends', () => {
    const q4 = periodOf('2024-03-01', 'quarter');
    expect(nextPeriod(q4).label).toBe('Q1 2024/25');
    expect(previousPeriod(nextPeriod(q4))).toEqual(q4);
    expect(previousPeriod(makePeriod(2024, 'month', 1)).label).toBe('March 2024');
  });
});

describe('other kinds and start months', () => {
  it('builds months, terms, halves and years', () => {
    expect(makePeriod(2023, 'month', 10)).toMatchObject({ id: '2023/24-M10', label: 'January 2024' });
    expect(makePeriod(2023, 'term', 1)).toMatchObject({
      start: '2023-04-01',
      end: '2023-08-31',
      label: 'T1 2023/24',
    });
    expect(makePeriod(2023, 'term', 2)).toMatchObject({ start: '2023-09-01', end: '2023-12-31' });
    expect(makePeriod(2023, 'term', 3)).toMatchObject({ start: '2024-01-01', end: '2024-03-31' });
    expect(makePeriod(2023, 'half', 2)).toMatchObject({
      id: '2023/24-H2',
      start: '2023-10-01',
      end: '2024-03-31',
    });
    expect(makePeriod(2023, 'year', 1)).toMatchObject({
      id: '2023/24-Y',
      label: '2023/24',
      end: '2024-03-31',
    });
    expect(makePeriod(2023, 'month', 11).end).toBe('2024-02-29');
  });

  it('supports a financial year starting in another month', () => {
    expect(periodOf('2024-02-10', 'quarter', 1)).toMatchObject({ id: '2024-Q1', label: 'Q1 2024' });
    expect(periodOf('2024-07-01', 'quarter', 7)).toMatchObject({ id: '2024/25-Q1', start: '2024-07-01' });
  });

  it('orders ids chronologically across kinds', () => {
    const ids = ['2024/25-Q1', '2023/24-Y', '2023/24-M12', '2023/24-Q4', '2023/24-H2'];
    expect([...ids].sort(comparePeriodIds)).toEqual([
      '2023/24-Y',
      '2023/24-H2',
      '2023/24-Q4',
      '2023/24-M12',
      '2024/25-Q1',
    ]);
  });

  it('tells whether a date is in a period', () => {
    const q4 = periodOf('2024-02-01', 'quarter');
    expect(periodContains(q4, '2024-03-31')).toBe(true);
    expect(periodContains(q4, '2024-04-01')).toBe(false);
    expect(periodContains(q4, 'not a date')).toBe(false);
  });
});

describe('parsing periods as councils write them', () => {
  it.each([
    'Q4 2023/24',
    '2023/24 Q4',
    '2023/24-Q4',
    'q4 2023/24',
    'Quarter 4 2023/24',
    'Q4 2023-24',
    ' Q4  2023/2024 ',
  ])('reads %j as Q4 2023/24', (text) => {
    expect(value(parsePeriod(text)).id).toBe('2023/24-Q4');
  });

  it('reads months, terms, halves and years', () => {
    expect(value(parsePeriod('January 2024')).id).toBe('2023/24-M10');
    expect(value(parsePeriod('Jan 2024')).id).toBe('2023/24-M10');
    expect(value(parsePeriod('M10 2023/24')).label).toBe('January 2024');
    expect(value(parsePeriod('T2 2023/24')).start).toBe('2023-09-01');
    expect(value(parsePeriod('H1 2023/24')).end).toBe('2023-09-30');
    expect(value(parsePeriod('2023/24')).kind).toBe('year');
    expect(value(parsePeriod('Q2 2024', 1)).id).toBe('2024-Q2');
  });

  it.each([
    'Q5 2023/24',
    '2023/25 Q1',
    'Q0 2023/24',
    'M13 2023/24',
    'Smarch 2024',
    '',
    'All',
    '2023/24-Q',
    'Q4 2024',
  ])('rejects %j with the accepted forms', (text) => {
    const result = parsePeriod(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ field: 'period', value: text });
    expect(result.errors[0]!.allowed).toEqual(expect.arrayContaining(['2023/24-Q4', 'Q4 2023/24']));
  });

  it('periodById accepts canonical ids only', () => {
    expect(periodById('2023/24-M01')).toMatchObject({ ok: true, value: { label: 'April 2023' } });
    expect(periodById('Q4 2023/24').ok).toBe(false);
    expect(periodById('2024-Q1').ok).toBe(false); // a calendar-year id on an April-start register
  });

  it('labels bad arguments instead of throwing bare errors', () => {
    expect(() => makePeriod(2023, 'quarter', 5)).toThrow(DomainError);
    expect(() => periodOf('2024-02-30', 'quarter')).toThrow(/not a valid date/);
    expect(() => periodOf('2024-02-01', 'quarter', 13)).toThrow(DomainError);
    expect(() => periodOf('2024-02-01', 'weekly' as never)).toThrow(/not a kind of period/);
  });
});
