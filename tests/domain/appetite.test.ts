import {
  APPETITE_TEXT,
  appetiteStatus,
  newRisk,
  presetById,
  riskAppetiteStatus,
  snapshotAppetiteStatus,
} from '../../src/domain';

describe('appetite', () => {
  it('is above only when the score exceeds the appetite', () => {
    expect(appetiteStatus(15, 10)).toBe('above');
    expect(appetiteStatus(12, 12)).toBe('within');
    expect(appetiteStatus(3, 12)).toBe('within');
  });

  it("falls back to the register's default, else unknown", () => {
    expect(appetiteStatus(15, undefined, 12)).toBe('above');
    expect(appetiteStatus(15, 16, 12)).toBe('within');
    expect(appetiteStatus(15, undefined)).toBe('unknown');
    expect(appetiteStatus(undefined, 10)).toBe('unknown');
    expect(appetiteStatus(Number.NaN, 10)).toBe('unknown');
  });

  it('works from a live risk and from a snapshot', () => {
    const cambs = presetById('cambridgeshire')!;
    const risk = newRisk({
      reference: '1',
      title: 'Safeguarding',
      register: 'P&C',
      current: { likelihood: 3, impact: 5 },
      appetite: 10,
    });
    expect(riskAppetiteStatus(risk, cambs)).toBe('above');
    expect(riskAppetiteStatus({ ...risk, current: undefined }, cambs)).toBe('unknown');
    expect(
      snapshotAppetiteStatus({
        riskReference: '2',
        periodId: '2018/19-Q2',
        currentScore: 12,
        appetite: 12,
        comment: '',
        recordedAt: '2018-09-11T00:00:00Z',
        source: 'import',
        outcome: 'confirmed',
      }),
    ).toBe('within');
    expect(APPETITE_TEXT.above).toBe('Above appetite');
  });
});
