/**
 * Card kinds are machine-readable (src/review/cards.ts `cardKindOf`): every template's card carries
 * its kind, the reminder is told from the review card by kind and not by its visible title, and a card
 * anyone else made (or a look-alike) has no kind.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as AC from 'adaptivecards';
import {
  CARD_KINDS,
  cardKindOf,
  expandCard,
  type CardKind,
  type ReviewCardData,
  type TemplateName,
} from '../../src/review/cards';
import { isReminderFor, isReviewCardFor } from '../../src/review/delivery-check';

const data = (template: string): never =>
  JSON.parse(readFileSync(path.join(__dirname, '../../cards', template, 'data.json'), 'utf8')) as never;

describe('card kinds', () => {
  it.each(Object.entries(CARD_KINDS) as [CardKind, TemplateName][])(
    'a %s card (template %s) says what it is, and still parses',
    (kind, template) => {
      const card = expandCard(template, data(template), kind as never);
      expect(cardKindOf(card)).toBe(kind);
      const parsed = new AC.AdaptiveCard();
      const errors = new AC.SerializationContext();
      parsed.parse(card, errors);
      expect(errors.eventCount).toBe(0);
    },
  );

  it('tells a reminder from a review card by kind, not by the notice title', () => {
    const review: ReviewCardData = data('review');
    const { riskId, periodId } = review.action;
    const titled = expandCard('review', {
      ...review,
      notice: { style: 'warning', title: 'Reminder', text: 'Looks like a reminder.' },
    });
    const reminder = expandCard(
      'review',
      { ...review, notice: { style: 'warning', title: 'Please answer', text: 'Still outstanding.' } },
      'reminder',
    );
    expect(cardKindOf(titled)).toBe('review');
    expect(isReminderFor(riskId, periodId)(titled)).toBe(false);
    expect(isReminderFor(riskId, periodId)(reminder)).toBe(true);
    expect(isReviewCardFor(riskId, periodId)(reminder)).toBe(true);
    expect(isReminderFor(riskId + 1, periodId)(reminder)).toBe(false);
  });

  it('a card without a kind, or with a foreign id, has none', () => {
    expect(cardKindOf({ type: 'AdaptiveCard', version: '1.5', body: [] })).toBeUndefined();
    expect(
      cardKindOf({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', id: 'crr-kind-x' }] }),
    ).toBeUndefined();
    expect(cardKindOf({ body: [{ type: 'TextBlock', id: 'crr-kind-toString' }] })).toBeUndefined();
    expect(cardKindOf('crr-kind-review')).toBeUndefined();
  });
});
