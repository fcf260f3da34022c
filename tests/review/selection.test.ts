import { makePeriod } from '../../src/domain';
import { selectDueRequests } from '../../src/review/selection';
import type { RegisterRow } from '../../src/ports';
import { helen, MemoryRegisterStore, priya, settings, tom } from './fakes';

const q3 = makePeriod(2026, 'quarter', 3);

function rows(store: MemoryRegisterStore): RegisterRow[] {
  return [...store.risks.values()].map((risk) => ({ risk, direction: 'new', reviewState: 'outstanding' }));
}

describe('selecting the risks due in a period', () => {
  it('makes one pending request per due risk and owner, and none for closed or not-yet-due risks', () => {
    const store = new MemoryRegisterStore(settings);
    store.addRisk({ reference: 'Q1', title: 'Quarterly, two owners', owners: [priya, tom] });
    store.addRisk({
      reference: 'Y1',
      title: 'Annual (due in Q4)',
      owners: [priya],
      reviewFrequency: 'annually',
    });
    store.addRisk({ reference: 'M1', title: 'Monthly', owners: [helen], reviewFrequency: 'monthly' });
    store.addRisk({ reference: 'C1', title: 'Closed', owners: [priya], status: 'closed' });
    store.addRisk({
      reference: 'D1',
      title: 'Fixed date in Q3',
      owners: [tom],
      reviewFrequency: 'annually',
      nextReviewDate: '2026-11-15',
    });
    const s = selectDueRequests(rows(store), q3, settings);
    expect(s.requests.map((r) => `${r.riskReference}:${r.owner.name}`).sort()).toEqual(
      ['D1:Tom Okafor', 'M1:Helen Marsh', 'Q1:Priya Shah', 'Q1:Tom Okafor'].sort(),
    );
    expect(s.requests.every((r) => r.status === 'pending' && r.attempts === 0 && r.periodId === q3.id)).toBe(
      true,
    );
    expect(s.requests[0]!.key).toBe(`1|${q3.id}|8`);
  });

  it('skips risks already reviewed for the period and reports owners it cannot address', () => {
    const store = new MemoryRegisterStore(settings);
    const reviewed = store.addRisk({ reference: 'R1', title: 'Reviewed in the tab', owners: [priya] });
    store.addRisk({
      reference: 'N1',
      title: 'Owner not on the site',
      owners: [{ name: 'Ex Employee', email: 'ex@council.example' }],
    });
    store.addRisk({ reference: 'N2', title: 'No owner', owners: [] });
    const r = rows(store);
    r[0] = {
      ...r[0]!,
      snapshot: {
        ...{
          riskReference: 'R1',
          periodId: q3.id,
          comment: 'ok',
          recordedAt: '2026-10-02T10:00:00Z',
          source: 'tab',
          outcome: 'confirmed',
        },
        id: 1,
        etag: '"1"',
        modified: '',
        riskId: reviewed.id,
      },
    };
    const s = selectDueRequests(r, q3, settings);
    expect(s.requests).toEqual([]);
    expect(s.alreadyReviewed).toEqual(['R1']);
    expect(s.problems.map((p) => p.riskReference)).toEqual(['N1', 'N2']);
    expect(s.problems[0]!.problem).toContain('Ex Employee');
  });
});
