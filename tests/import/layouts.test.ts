import { layouts, buildFixture, directory, type Fixture } from '../fixtures/import/build-fixtures';
import { describeIssue } from '../../src/import';
import { planFor } from './import-helpers';

const emailOf = (name: string) => directory.find((p) => p.name === name)?.email;

function expectPlanMatches(fixture: Fixture, plan: Awaited<ReturnType<typeof planFor>>): void {
  expect(plan.issues.filter((i) => i.severity !== 'warning').map(describeIssue)).toEqual([]);
  // The only warnings are Medway's rows continued over a page, each named at its reference cell, and
  // the domain's advice where the generated ratings put a target (or current) above the tier before it.
  for (const w of plan.issues.filter((i) => i.severity === 'warning')) {
    if (w.field === 'target' || w.field === 'current') {
      expect(describeIssue(w)).toMatch(
        w.field === 'target' ? /target rating is worse than the current/ : /worse than the inherent/,
      );
      continue;
    }
    expect(fixture.layout).toBe('medway');
    expect(describeIssue(w)).toMatch(
      /^Sheet 'People Directorate' cell A\d+ \(header "Risk Ref"\) warning: Row \d+ has no reference/,
    );
  }
  expect(plan.ready).toBe(true);
  expect(plan.rows.map((r) => r.reference)).toEqual(fixture.expected.map((e) => e.reference));
  plan.rows.forEach((row, i) => {
    const e = fixture.expected[i]!;
    expect(row.outcome).toBe('create');
    expect(row.risk.title).toBe(e.title);
    expect(row.risk.aliases).toEqual(e.aliases);
    expect(row.risk.inherent).toEqual(e.inherent);
    expect(row.risk.current).toEqual(e.current);
    expect(row.risk.target).toEqual(e.target);
    expect(row.risk.owners.map((o) => o.email)).toEqual(e.owners.map(emailOf));
    expect(row.risk.cabinetMembers.map((o) => o.email)).toEqual(e.cabinetMembers.map(emailOf));
    expect(row.risk.controls.map((c) => c.title)).toEqual(e.controls);
    expect(row.risk.actions.map((a) => a.title)).toEqual(e.actions);
    if (e.directorate) expect(row.risk.directorate).toBe(e.directorate);
  });
}

describe.each(layouts)('importing the %s layout', (layout) => {
  it('reads every risk, rating and owner of a small register', async () => {
    const fixture = await buildFixture(layout, { rows: 14 });
    expectPlanMatches(fixture, await planFor(fixture));
  });

  it('reads a 300-row register', async () => {
    const fixture = await buildFixture(layout, { rows: 300, seed: 300 });
    const plan = await planFor(fixture);
    expectPlanMatches(fixture, plan);
    expect(plan.counts.create).toBe(300);
  });

  it('reports every planted problem at its cell, and nothing else', async () => {
    const fixture = await buildFixture(layout, { rows: 14, withProblems: true });
    const plan = await planFor(fixture);
    const planted = new Set(fixture.problems.map((p) => p.cell));
    // Unreadable ratings and owners who are not site users are warnings (the risk is imported without
    // the rating, the owner kept to confirm); conflicts and duplicate references still block. Either
    // way each planted problem is reported at its cell, and nothing else blocks.
    const blocking = plan.issues.filter((i) => i.severity !== 'warning');
    expect([...new Set(blocking.map((i) => i.cell))].filter((c) => !planted.has(c ?? ''))).toEqual([]);
    const reported = new Set(plan.issues.map((i) => i.cell).filter((c) => planted.has(c ?? '')));
    expect([...reported].sort()).toEqual([...planted].sort());
    for (const problem of fixture.problems) {
      const issue = plan.issues.find((i) => i.cell === problem.cell)!;
      expect(issue.header).toBeTruthy();
      expect(issue.row).toBe(Number(problem.cell.replace(/^[A-Z]+/, '')));
      expect(describeIssue(issue)).toContain(problem.cell);
    }
    const errorRows = plan.rows.filter((r) => r.outcome === 'error').map((r) => r.reference);
    const blockingRecords = new Set(blocking.map((i) => i.row));
    expect(errorRows.length).toBe(plan.rows.filter((r) => blockingRecords.has(r.rows[0])).length);
  });
});
