/**
 * People's text as shown: bidi controls never reorder it (tab, cards, paper, exports), and markdown
 * in it is shown as text in cards.
 */
import fc from 'fast-check';
import { cardText, neutraliseBidi, neutraliseBidiDeep } from '../../src/domain';
import { buildPaper } from '../../src/reports';
import { neutralise } from '../../src/import/spreadsheet-safety';
import { expandCard } from '../../src/review/cards';
import { periodById } from '../../src/domain/periods';
import { Q4, risks, settings, snapshots } from '../reports/demo-register';

const spoof = 'invoice\u202Efdp.exe';
const bidi = /[\u202A-\u202E\u2066-\u2069]/;

/** CommonMark's reading of backslash escapes: a backslash before ASCII punctuation is dropped. */
const unescape = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

it('removes every embedding, override and isolate control and nothing else', () => {
  expect(neutraliseBidi(spoof)).toBe('invoicefdp.exe');
  expect(neutraliseBidi('\u2067مرحبا\u2069 and \u200Fok')).toBe('مرحبا and \u200Fok');
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const out = neutraliseBidi(s);
      expect(out).not.toMatch(bidi);
      expect(out).toBe([...s].filter((c) => !bidi.test(c)).join(''));
    }),
  );
  expect(neutraliseBidiDeep({ a: [spoof, 3, { b: spoof }], d: null })).toEqual({
    a: ['invoicefdp.exe', 3, { b: 'invoicefdp.exe' }],
    d: null,
  });
});

it('escapes markdown in card text so a renderer shows exactly the text (a link stays text)', () => {
  expect(cardText('[pay here](https://evil.example) **now**')).toBe(
    '\\[pay here\\](https://evil.example) \\*\\*now\\*\\*',
  );
  expect(cardText('# Heading\n- item\n2. second\n> quote')).toBe(
    '\\# Heading\n\\- item\n2\\. second\n\\> quote',
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => {
      const out = cardText(s);
      // Read back as CommonMark reads escapes, it is the text itself: nothing was markup.
      expect(unescape(out)).toBe(neutraliseBidi(s));
      expect(out).not.toMatch(/(^|[^\\])\[[^\]]*(^|[^\\])\]\(/);
    }),
  );
});

it('shows people text inert in review cards, keeping signed data and inputs as they are', () => {
  const data = {
    period: { id: '2026/27-Q3', label: 'Q3 2026/27' },
    risk: { id: 1, reference: 'CRR1', title: `Title ${spoof}`, url: 'https://tab.example/?risk=1&a_b=[1]' },
    outcome: 'rating confirmed',
    rating: { text: '4 x 3 = 12', band: 'Medium', label: 'Medium (12)' },
    previousRating: 'none recorded',
    direction: 'unchanged',
    recordedBy: 'Priya_Shah',
    recordedAt: '1 Dec 2026, 10:00',
    comment: `See [the plan](https://evil.example) ${spoof}`,
    canEdit: true,
    notice: null,
    action: { riskId: 1, periodId: '2026/27-Q3', riskVersion: '"3"', issuedAt: 'x', sig: 'ab_c-d' },
    refresh: null,
  };
  const json = JSON.stringify(expandCard('recorded', data));
  expect(json).not.toMatch(bidi);
  expect(json).toContain('See \\\\[the plan\\\\](https://evil.example) invoicefdp.exe');
  expect(json).toContain('Priya\\\\_Shah');
  expect(json).toContain('"sig":"ab_c-d"');
  expect(json).toContain('https://tab.example/?risk=1&a_b=[1]');
});

it('keeps bidi controls out of committee papers and exports', () => {
  const period = periodById(Q4);
  if (!period.ok) throw new Error('bad period');
  const hostile = risks.map((r) => ({ ...r, title: `${r.title} ${spoof}` }));
  const paper = buildPaper({ settings, period: period.value, risks: hostile, snapshots });
  expect(JSON.stringify(paper)).not.toMatch(bidi);
  expect(JSON.stringify(paper)).toContain('invoicefdp.exe');
  expect(neutralise(`=cmd ${spoof}`)).toBe("'=cmd invoicefdp.exe");
});
