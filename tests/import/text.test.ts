import { cellToList, htmlToText, parsePeopleCell } from '../../src/import';
import { parseActionsCell, parseControlsCell, parseLooseDate } from '../../src/import/list-text';

describe('cells written as HTML', () => {
  it('turns paragraphs and list items into lines without markup or entities', () => {
    const cell =
      '<p>Failure to meet needs</p> <p>Budgets &amp; recruitment&nbsp;pressures</p><ul style="list-style-type: none"><li>Ensure a stable workforce</li> <li>Deliver the Improvement Plan</li></ul>';
    expect(htmlToText(cell)).toBe(
      'Failure to meet needs\nBudgets & recruitment pressures\n• Ensure a stable workforce\n• Deliver the Improvement Plan',
    );
    expect(cellToList(cell)).toEqual([
      'Failure to meet needs',
      'Budgets & recruitment pressures',
      'Ensure a stable workforce',
      'Deliver the Improvement Plan',
    ]);
  });

  it('drops scripts and keeps plain text as it is', () => {
    expect(htmlToText('<p>Safe</p><script>alert(1)</script>')).toBe('Safe');
    expect(cellToList('1. First\n2) Second\n• Third')).toEqual(['First', 'Second', 'Third']);
  });
});

describe('people in cells', () => {
  it('reads names, job titles, honorifics, e-mails and Kent labels', () => {
    expect(
      parsePeopleCell('Sarah Hammond, Corporate Director CYPE / Simon Jones, Corporate Director GET'),
    ).toEqual([
      { name: 'Sarah Hammond', jobTitle: 'Corporate Director CYPE' },
      { name: 'Simon Jones', jobTitle: 'Corporate Director GET' },
    ]);
    expect(
      parsePeopleCell(
        '<p>Responsible Cabinet Member(s): On behalf of Cabinet:</p><p>Sue Chandler, Integrated Children’s Services</p>',
      ),
    ).toEqual([{ name: 'Sue Chandler', jobTitle: 'Integrated Children’s Services' }]);
    expect(parsePeopleCell('Priya Shah <Priya.Shah@council.example>; Cllr Stephen Davies')).toEqual([
      { name: 'Priya Shah', email: 'priya.shah@council.example' },
      { name: 'Cllr Stephen Davies' },
    ]);
  });
});

describe('controls and actions in cells', () => {
  it('reads service tags and our own export details', () => {
    expect(
      parseControlsCell(
        '<ul><li>Monitoring of absence (C&A)</li><li>Grow our Own CSC</li><li>Plain control</li></ul>',
      ),
    ).toEqual([
      { title: 'Monitoring of absence (C&A)', serviceTag: 'C&A', owners: [], order: 1 },
      { title: 'Grow our Own CSC', serviceTag: 'CSC', owners: [], order: 2 },
      { title: 'Plain control', owners: [], order: 3 },
    ]);
    const { actions, problems } = parseActionsCell(
      'Safety Valve agreement — Owner: Zena Cooke, Corporate Director Finance — Due: March 2023 — Status: in progress — Progress: 40\nCATIE — Due: June 2023 (review)\nBad one — Due: soon',
    );
    expect(actions[0]).toEqual({
      title: 'Safety Valve agreement',
      owners: [{ name: 'Zena Cooke', jobTitle: 'Corporate Director Finance' }],
      plannedDate: '2023-03-31',
      status: 'in-progress',
      progress: 40,
    });
    expect(actions[1]).toEqual({ title: 'CATIE', owners: [], reviewDate: '2023-06-30' });
    expect(problems).toEqual([
      { entry: 'Bad one', message: expect.stringMatching(/due date "soon" is not a date/) },
    ]);
  });

  it('reads the dates registers write', () => {
    expect(parseLooseDate('30/04/2023')).toBe('2023-04-30');
    expect(parseLooseDate('Sept 2023')).toBe('2023-09-30');
    expect(parseLooseDate('2024-02-30')).toBeUndefined();
  });
});
