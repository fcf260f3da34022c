import { MEDWAY, KENT } from '../../src/domain';
import { createCardSigner } from '../../src/review/card-signing';
import { reviewCardData } from '../../src/review/card-data';
import { expandCard, cardBytes, MAX_CARD_BYTES } from '../../src/review/cards';
import { backoffDelay, DEFAULT_BACKOFF } from '../../src/review/backoff';
import { CONVERSATION_WINDOWS, SlidingWindowLimiter } from '../../src/review/rate-limiter';
import { makePeriod } from '../../src/domain';
import { answeredSince } from '../../src/review/invoke-handler';
import { signedAction, stored } from './card-fixtures';
import { settings, virtualClock } from './fakes';

const secret = 'card-data-test-secret-0123456789abcdef';
const signer = createCardSigner(secret);
const action = signedAction(secret);

describe('review card data', () => {
  it('writes ratings in the register notation with the band in words (Medway codes)', () => {
    const risk = stored({
      reference: 'DR14',
      title: 'Placement sufficiency',
      register: 'People',
      current: { likelihood: 4, impact: 3 },
    });
    const data = reviewCardData({
      risk,
      settings: { ...settings, matrix: MEDWAY, defaultAppetite: undefined },
      period: makePeriod(2026, 'quarter', 3),
      riskUrl: 'https://tab.example/index.html?risk=7',
      action,
      dueBy: '2026-10-29',
    });
    expect(data.current.text).toMatch(/^[A-E](I|II|III|IV)$/);
    expect(data.current.label).toBe(`${data.current.text} (${data.current.band})`);
    expect(data.target.text).toBe('Not set');
    expect(data.appetite).toBe('Not set');
    expect(data.likelihood.choices.map((c) => c.title)[0]).toMatch(/^A /);
    expect(data.likelihood.value).toBe('4');
  });

  it('lists at most five controls and open actions, says how many more, and skips completed actions', () => {
    const risk = stored({
      reference: 'CRR0009',
      title: 'Many controls',
      register: 'Corporate',
      current: { likelihood: 2, impact: 2 },
      controls: Array.from({ length: 8 }, (_, i) => ({ title: `Control ${i + 1}`, owners: [] })),
      actions: [
        { title: 'Done', owners: [], status: 'completed' },
        ...Array.from({ length: 6 }, (_, i) => ({
          title: `Action ${i + 1}`,
          owners: [],
          status: 'in-progress' as const,
          plannedDate: '2027-01-31',
        })),
      ],
    });
    const data = reviewCardData({
      risk,
      settings: { ...settings, matrix: KENT },
      period: makePeriod(2026, 'quarter', 3),
      riskUrl: 'u',
      action,
      dueBy: '2026-10-29',
    });
    expect(data.controls.items).toHaveLength(5);
    expect(data.controls.more).toBe('and 3 more in the register');
    expect(data.actions.items.map((a) => a.title)).not.toContain('Done');
    expect(data.actions.more).toBe('and 1 more in the register');
    expect(data.actions.items[0]!.due).toBe('31 Jan 2027');
  });

  it('keeps even a card with the longest texts under 80 KB, and refuses one that would not fit', () => {
    const long = 'x'.repeat(255);
    const risk = stored({
      reference: 'CRR0010',
      title: long,
      register: 'Corporate',
      current: { likelihood: 5, impact: 5 },
      controls: Array.from({ length: 50 }, () => ({ title: long, owners: [] })),
      actions: Array.from({ length: 50 }, () => ({
        title: long,
        owners: [],
        status: 'not-started' as const,
      })),
    });
    const base = {
      risk,
      settings: { ...settings, matrix: KENT },
      period: makePeriod(2026, 'quarter', 3),
      riskUrl: 'u',
      action,
      dueBy: '2026-10-29',
    };
    const card = expandCard('review', reviewCardData({ ...base, entered: { comment: 'y'.repeat(2000) } }));
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    const data = reviewCardData(base);
    expect(() =>
      expandCard('review', { ...data, notice: { style: 'warning', title: 't', text: 'z'.repeat(90_000) } }),
    ).toThrow(/at most 80 KB/);
  });

  it('measures a card as Teams counts it, in UTF-16: plain text twice its length, emoji four bytes each', () => {
    const data = reviewCardData({
      risk: stored({
        reference: 'CRR0011',
        title: 't',
        register: 'Corporate',
        current: { likelihood: 2, impact: 2 },
      }),
      settings: { ...settings, matrix: KENT },
      period: makePeriod(2026, 'quarter', 3),
      riskUrl: 'u',
      action,
      dueBy: '2026-10-29',
    });
    const withText = (text: string) =>
      ({ ...data, notice: { style: 'warning', title: 't', text } }) as Parameters<
        typeof expandCard<'review'>
      >[1];
    const small = expandCard('review', withText('a'));
    // One more ASCII character is one UTF-16 code unit: two bytes.
    expect(cardBytes(expandCard('review', withText('ab')))).toBe(cardBytes(small) + 2);
    // '😀' is two UTF-16 code units (a surrogate pair): four bytes.
    expect(cardBytes(expandCard('review', withText('a😀')))).toBe(cardBytes(small) + 4);
    // 45,000 ASCII characters are 45 KB in UTF-8, which the old measure let through, but 90 KB in UTF-16.
    expect(() => expandCard('review', withText('z'.repeat(45_000)))).toThrow(
      /is \d+ KB as Teams counts it \(UTF-16\); at most 80 KB is sent/,
    );
    // 30,000 CJK characters are 90 KB in UTF-8 but 60 KB in UTF-16: Teams takes them.
    expect(cardBytes(expandCard('review', withText('語'.repeat(30_000))))).toBeLessThan(MAX_CARD_BYTES);
  });
});

describe('card signing', () => {
  it('accepts its own data and refuses any changed field or a different secret', () => {
    expect(signer.verify(action)).toEqual(action);
    for (const change of [
      { riskId: 8 },
      { periodId: '2026/27-Q4' },
      { riskVersion: '"6"' },
      { issuedAt: '2026-10-06T09:00:00.000Z' },
      { sig: 'x' },
    ]) {
      expect(signer.verify({ ...action, ...change })).toBeUndefined();
    }
    expect(createCardSigner('another-secret-of-enough-length-0123456789').verify(action)).toBeUndefined();
    expect(signer.verify(null)).toBeUndefined();
    expect(() => createCardSigner('short')).toThrow(/at least 32 characters/);
  });
});

describe('send budgets', () => {
  it('spaces sends to one conversation within every Teams window', async () => {
    const clock = virtualClock('2026-10-05T09:00:00Z');
    const limiter = new SlidingWindowLimiter(CONVERSATION_WINDOWS, clock);
    const times: number[] = [];
    for (let i = 0; i < 70; i++) {
      await limiter.acquire('chat');
      times.push(clock.now());
    }
    const within = (ms: number, at: number) => times.filter((t) => t > at - ms && t <= at).length;
    for (const t of times) {
      expect(within(1_000, t)).toBeLessThanOrEqual(7);
      expect(within(2_000, t)).toBeLessThanOrEqual(8);
      expect(within(30_000, t)).toBeLessThanOrEqual(60);
    }
  });

  it('backs off exponentially with jitter and never sooner than Retry-After', () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, 0)).toBe(500);
    expect(backoffDelay(3, DEFAULT_BACKOFF, 1)).toBe(4_000);
    expect(backoffDelay(10, DEFAULT_BACKOFF, 1)).toBe(30_000);
    expect(backoffDelay(1, DEFAULT_BACKOFF, 0, 7_000)).toBe(7_000);
  });
});

describe('newer answers', () => {
  it('compares to the second, as SharePoint stores times', () => {
    expect(answeredSince('2026-10-05T09:00:00Z', '2026-10-05T09:00:00.800Z')).toBe(true);
    expect(answeredSince('2026-10-05T08:59:59Z', '2026-10-05T09:00:00.000Z')).toBe(false);
    expect(answeredSince('2026-10-05T09:00:01Z', '2026-10-05T09:00:00.000Z')).toBe(true);
    expect(answeredSince('not a date', '2026-10-05T09:00:00.000Z')).toBe(false);
  });
});
