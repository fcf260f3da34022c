/**
 * A current rating imported as a score alone (`Medium (12)`): the card shows it in the register's
 * notation, asks for likelihood and impact, and offers no "Confirm rating unchanged".
 */
import { KENT, makePeriod } from '../../src/domain';
import { checkAnswer } from '../../src/review/answer-validation';
import { reviewCardData } from '../../src/review/card-data';
import { expandCard } from '../../src/review/cards';
import { signedAction, stored } from './card-fixtures';
import { settings } from './fakes';

const action = signedAction('score-only-test-secret-0123456789abcdef');

function cardFor(risk: ReturnType<typeof stored>) {
  return reviewCardData({
    risk,
    settings: { ...settings, matrix: KENT },
    period: makePeriod(2026, 'quarter', 3),
    riskUrl: 'https://tab.example/index.html?risk=7',
    action,
    dueBy: '2026-10-29',
  });
}

const verbs = (card: unknown): string[] =>
  JSON.stringify(card)
    .match(/"verb":"[a-z]+"/g)
    ?.map((v) => v.slice(8, -1)) ?? [];

describe('a review card for a score-only rating', () => {
  const scoreOnly = stored({
    reference: 'CRR1',
    title: 'Transport',
    register: 'Corporate',
    currentScoreOnly: 12,
  });

  it('shows the score in the register notation and asks for likelihood and impact, without a confirm', () => {
    const data = cardFor(scoreOnly);
    expect(data.current.text).toBe('Medium (12)');
    expect(data.current.label).toMatch(/likelihood and impact not recorded: choose them below/);
    expect(data.canConfirm).toBe(false);
    expect(data.likelihood.value).toBe('');
    expect(data.impact.value).toBe('');
    const card = expandCard('review', data);
    expect(verbs(card)).not.toContain('confirm');
    expect(verbs(card)).toContain('change');
  });

  it('still offers the confirm for a risk rated by its cell', () => {
    const data = cardFor(
      stored({
        reference: 'CRR2',
        title: 'Cyber',
        register: 'Corporate',
        current: { likelihood: 3, impact: 4 },
      }),
    );
    expect(data.canConfirm).toBe(true);
    expect(verbs(expandCard('review', data))).toContain('confirm');
  });

  it('refuses a confirm of a score-only rating and records a changed one with the cell chosen', () => {
    const inputs = { likelihood: '3', impact: '4', comment: 'Reviewed' };
    const refused = checkAnswer('confirm', inputs, scoreOnly, KENT);
    expect(refused).toMatchObject({ ok: false, problems: [expect.stringMatching(/score only/)] });
    expect(checkAnswer('change', inputs, scoreOnly, KENT)).toMatchObject({
      ok: true,
      answer: { rating: { likelihood: 3, impact: 4 }, outcome: 'changed' },
    });
  });
});
