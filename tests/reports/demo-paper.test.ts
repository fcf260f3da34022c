/**
 * The committee paper for the product's demo register (five registers, one per council scheme, four
 * quarters of reviews), read back from storage exactly as the tab and the CLI produce it.
 */
import mammoth from 'mammoth';
import { demoManager, startListService, type ListService } from '../../src/emulator';
import { createSpClient } from '../../src/sharepoint/sp-client';
import { provision } from '../../src/sharepoint/provisioning';
import { createRegisterStore } from '../../src/sharepoint/register-store';
import type { Actor, RegisterStore } from '../../src/ports';
import { createCommitteePaper, type PaperProgress } from '../../src/reports';
import { loadDemoRegister } from '../../src/server/demo-register';
import { demoRegisters } from '../../src/server/demo-data/registers';
import { checkDocxAccessibility } from './docx-accessibility';

jest.setTimeout(240_000);

const actor: Actor = { id: demoManager.id ?? 7, name: demoManager.title, email: demoManager.email };

describe('the committee paper for the demo register', () => {
  let service: ListService;
  let store: RegisterStore;
  beforeAll(async () => {
    service = await startListService();
    const sp = createSpClient({ siteUrl: service.siteUrl, getToken: async () => demoManager.token });
    await provision(sp, { registers: demoRegisters.map((r) => r.name) });
    store = createRegisterStore(sp);
    await loadDemoRegister(store, actor, '2024-03-20');
  });
  afterAll(() => service.close());

  it.each(demoRegisters.map((r) => [r.name, r] as const))(
    '%s: every reviewed risk, its history and an accessible structure',
    async (_name, reg) => {
      const progress: PaperProgress[] = [];
      const { paper, docx } = await createCommitteePaper(store, {
        register: reg.name,
        periodId: '2023/24-Q4',
        options: { committee: 'Audit and Governance Committee', meetingDate: '18 April 2024' },
        onProgress: (p) => progress.push(p),
      });
      expect(await checkDocxAccessibility(docx)).toEqual([]);
      const reviewed = reg.risks.filter((r) => r.reviewedThisPeriod).map((r) => r.reference);
      expect(paper.summary.map((r) => r.reference)).toEqual(expect.arrayContaining(reviewed));
      const text = (await mammoth.extractRawText({ buffer: Buffer.from(docx) })).value;
      expect(text).toContain('Northmoor County Council');
      expect(text).toContain('Audit and Governance Committee');
      for (const r of paper.risks) {
        expect(text).toContain(`${r.reference}: ${r.title}`);
        expect(r.history.length).toBeGreaterThan(0);
      }
      expect(progress.map((p) => p.step)).toEqual(
        expect.arrayContaining(['settings', 'register', 'document']),
      );
      expect(progress.at(-1)).toEqual({ step: 'document', done: 1, total: 1 });
    },
  );

  it("reports the demo's highest-rated unreviewed risk with its last reviewed rating, marked and dated", async () => {
    // The demo leaves some owners without an answer this quarter; their last review is the quarter before.
    const unreviewed = demoRegisters.flatMap((reg) =>
      reg.risks
        .filter((r) => !r.reviewedThisPeriod)
        .map((r) => {
          const [likelihood, impact] = r.history[r.history.length - 2] ?? r.history[0]!;
          return { reg, risk: r, score: likelihood * impact };
        }),
    );
    const highest = unreviewed.sort((a, b) => b.score - a.score)[0]!;
    const { paper, docx } = await createCommitteePaper(store, {
      register: highest.reg.name,
      periodId: '2023/24-Q4',
    });
    expect(await checkDocxAccessibility(docx)).toEqual([]);
    const row = paper.summary.find((r) => r.reference === highest.risk.reference);
    expect(row?.current.score).toBe(highest.score);
    expect(row?.notReviewed?.lastPeriod).toBe('Q3 2023/24');
    expect(row?.notReviewed?.lastReviewed).toMatch(/^\d{1,2} \w+ 202\d$/);
    const notReviewedHere = highest.reg.risks.filter((r) => !r.reviewedThisPeriod).map((r) => r.reference);
    expect(paper.notReviewed).toEqual(notReviewedHere);
    expect(paper.summary).toHaveLength(highest.reg.risks.length);

    const text = (await mammoth.extractRawText({ buffer: Buffer.from(docx) })).value;
    const mark = `${highest.risk.reference} (not reviewed this period; last reviewed ${row?.notReviewed?.lastReviewed})`;
    expect(text).toContain(mark); // summary table and heat map
    expect(text.split(mark).length - 1).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`${highest.risk.reference}: ${highest.risk.title}`);
    expect(text).toContain(row!.current.text);
    expect(text).toContain(
      `${notReviewedHere.length} of them ${notReviewedHere.length === 1 ? 'was' : 'were'} not reviewed this period`,
    );
  });
});
