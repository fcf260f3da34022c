/**
 * The audit trail in council language (src/tab/views/detail/audit-text.ts): entries written by the real
 * SharePoint store, through PnPjs against the list service, read back as the tab shows them: field labels
 * from the field catalogue, ratings in the register's notation, choices in words, people by name, newest
 * first, the review service's bookkeeping marked.
 */
import { createRegisterStore, createReviewRequestStore } from '../../src/sharepoint';
import { provision } from '../../src/sharepoint/provisioning';
import { auditRows, changeText, namesOf } from '../../src/tab/views/detail/audit-text';
import { aRisk } from '../sharepoint/fixtures';
import { manager as spManager, owners, startHarness } from '../sharepoint/harness';

jest.setTimeout(60_000);

it('reads the stored audit log as labels, values in words and names, bookkeeping marked', async () => {
  const h = await startHarness();
  try {
    await provision(h.sp, { registers: ['Corporate'] });
    const store = createRegisterStore(h.sp);
    const created = await store.createRisk(aRisk({ current: { likelihood: 3, impact: 4 } }), spManager);
    const updated = await store.updateRisk(
      created.id,
      { current: { likelihood: 5, impact: 4 }, status: 'closed' },
      created.etag,
      spManager,
    );
    await store.addAction(
      updated.id,
      {
        title: 'Recruit social workers',
        owners: [owners[1]!],
        status: 'not-started',
        plannedDate: '2027-03-31',
      },
      spManager,
    );
    await createReviewRequestStore(h.sp).ensureRequests([
      {
        key: `${updated.id}|2026/27-Q3|${owners[0]!.id}`,
        riskId: updated.id,
        riskReference: updated.reference,
        periodId: '2026/27-Q3',
        owner: owners[0]!,
        status: 'pending',
        attempts: 0,
      },
    ]);
    const settings = await store.getSettings('Corporate');
    const risk = await store.getRisk(updated.id);
    const audit = await store.getAudit(risk.id);
    const rows = auditRows(audit, {
      settings,
      risk,
      names: namesOf([risk], [{ name: spManager.name, email: spManager.email }]),
    });

    // Newest first: the review request, then the action, then the update, then the creation.
    expect(rows.map((r) => r.record)).toEqual([
      'Review request',
      'Action “Recruit social workers”',
      'Risk',
      'Risk',
    ]);
    const [request, action, update, creation] = rows;
    expect(request?.bookkeeping).toBe(true);
    expect(action?.by).toBe(spManager.name);
    expect(action?.changes.filter((c) => !c.bookkeeping).map(changeText)).toEqual([
      'Action: Recruit social workers',
      `Owner: ${owners[1]!.name}`,
      'Due: 31 Mar 2027',
      'Status: Not started',
    ]);
    expect(update?.changes.map(changeText)).toEqual([
      // The default matrix writes `Medium 12` / `High 20`: the register's notation, not 'CurrentLikelihood: 5'.
      expect.stringMatching(/^Current rating: .*12.* → .*20/),
      'Status: Open → Closed',
    ]);
    const everything = rows
      .flatMap((r) => r.changes.filter((c) => !c.bookkeeping).map(changeText))
      .join('\n');
    expect(everything).not.toMatch(
      /RiskKey|RiskStatus|CurrentLikelihood|InherentImpact|PrimaryOwner|: open\b/,
    );
    // The list-only key columns of the creation are bookkeeping; the fields people filled in are not.
    expect(creation?.changes.find((c) => c.label === 'RiskKey')?.bookkeeping).toBe(true);
    expect(creation?.changes.filter((c) => !c.bookkeeping).map((c) => c.label)).toEqual(
      expect.arrayContaining(['Reference', 'Title', 'Risk owners', 'Inherent rating', 'Current rating']),
    );
  } finally {
    await h.close();
  }
});
