/**
 * Random registers for the export -> import property tests: a preset matrix, risks with cells and
 * scores without cells, texts over SharePoint's 255 characters (descriptions, controls, actions), people
 * with job titles that hold "&", and several controls and actions per risk. Every risk is one the
 * register could hold (the domain's validator passes it), built as the store returns it: no undefined
 * properties, controls numbered from 1.
 */
import fc from 'fast-check';
import { ACTION_STATUSES, FREQUENCY_CHOICES, TREATMENT_OPTIONS } from '../../src/domain/choices';
import { allRatings, attainableScores } from '../../src/domain/matrix';
import { PRESETS } from '../../src/domain/presets';
import { referenceKey } from '../../src/domain/reference';
import type { Control, Person, Rating, Risk, RiskAction, RiskMatrix } from '../../src/domain/types';
import { shortTitle, tooLongForTitle } from '../../src/import/long-text';
import type { StoredRisk } from '../../src/ports';

/** The organisation's people: the directory the import resolves names and e-mail addresses against. */
export const people: readonly (Person & { email: string })[] = [
  { name: 'Sarah Hammond', email: 'sarah.hammond@council.example' },
  { name: 'Rory Love', email: 'rory.love@council.example' },
  { name: 'David Brazier', email: 'david.brazier@council.example' },
  { name: "Siobhan O'Neill", email: 'siobhan.oneill@council.example' },
  { name: 'Zoë Müller', email: 'zoe.muller@council.example' },
  { name: 'Ann James', email: 'ann.james@council.example' },
];

/** Job titles as registers print them beside the name, "&" included (not a separator inside a title). */
const jobTitles = [
  'Cabinet Member for Education & Skills',
  'Corporate Director, Children & Young People',
  'Head of Finance & Procurement',
  'Director of Highways and Transportation',
];

const words = [
  'council',
  'budget',
  'pressure',
  "children's",
  'services',
  'safeguarding',
  '&',
  'A&E',
  'SEND',
  'café',
  '£2.5m',
  'winter',
  'cyber-attack',
  'staff',
  'demand',
  'recruitment',
  'of',
  'the',
  'and',
  '15%',
  'roads',
  'data',
  '“quoted”',
  'over-spend',
  'résumé',
];

const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** A sentence: capitalised first word, words, a full stop. */
const sentence = fc
  .array(fc.constantFrom(...words), { minLength: 3, maxLength: 18 })
  .map((ws) => `${capital(ws[0] === '&' ? 'Council' : (ws[0] as string))} ${ws.slice(1).join(' ')}.`);

/** Lines of sentences, some well over 255 characters. */
const paragraphs = (maxLines: number) =>
  fc
    .array(fc.array(sentence, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: maxLines })
    .map((lines) => lines.map((l) => l.join(' ')).join('\n'));

/** A title as stored: a statement of at most 255 characters (often near the limit). */
const titleArb = fc
  .array(sentence, { minLength: 1, maxLength: 4 })
  .map((ss) => shortTitle(ss.join(' ').replace(/\.$/, '')));

const referenceArb = fc.oneof(
  fc.integer({ min: 1, max: 9999 }).map((n) => `CRR${String(n).padStart(4, '0')}`),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 9 })).map(([a, b]) => `SR ${a}.${b}`),
  fc
    .tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom('', 'a', 'b'))
    .map(([n, s]) => `DR${String(n).padStart(2, '0')}${s}`),
);

const personArb = fc
  .tuple(fc.constantFrom(...people), fc.option(fc.constantFrom(...jobTitles), { nil: undefined }))
  .map(([p, job]) => ({ ...p, ...(job ? { jobTitle: job } : {}) }));

const peopleArb = (min: number, max: number) =>
  fc.uniqueArray(personArb, { minLength: min, maxLength: max, selector: (p) => p.email });

const dateArb = fc
  .date({ min: new Date('2023-04-01T00:00:00Z'), max: new Date('2027-03-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** A text and the title it is stored with: the text itself, or its short title and the whole text. */
const childTextArb = fc
  .oneof(
    sentence.map((s) => s.replace(/\.$/, '')),
    paragraphs(3),
  )
  .map((text) => (tooLongForTitle(text) ? { title: shortTitle(text), detail: text } : { title: text }))
  .filter((t) => !t.title.includes('\n'));

const controlArb: fc.Arbitrary<Omit<Control, 'order'>> = fc
  .record({
    text: childTextArb,
    owners: peopleArb(0, 2),
    serviceTag: fc.option(fc.constantFrom('CSC', 'ASC', 'C&A'), { nil: undefined }),
  })
  .map(({ text, owners, serviceTag }) => ({ ...text, owners, ...(serviceTag ? { serviceTag } : {}) }));

const actionArb: fc.Arbitrary<RiskAction> = fc
  .record({
    text: childTextArb,
    owners: peopleArb(0, 2),
    status: fc.constantFrom(...ACTION_STATUSES),
    plannedDate: fc.option(dateArb, { nil: undefined }),
    reviewDate: fc.option(dateArb, { nil: undefined }),
    progress: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
    progressNote: fc.option(paragraphs(2), { nil: undefined }),
  })
  .map(({ text, ...a }) => {
    const out: RiskAction = { ...text, owners: a.owners, status: a.status };
    if (a.plannedDate) out.plannedDate = a.plannedDate;
    if (a.reviewDate) out.reviewDate = a.reviewDate;
    if (a.progress !== undefined) out.progress = a.progress;
    if (a.progressNote) out.progressNote = a.progressNote;
    return out;
  });

type Tier = { cell?: Rating; score?: number };

const tierArb = (matrix: RiskMatrix): fc.Arbitrary<Tier> =>
  fc.oneof(
    fc.constant({}),
    fc.constantFrom(...allRatings(matrix)).map((cell) => ({ cell })),
    fc.constantFrom(...attainableScores(matrix)).map((score) => ({ score })),
  );

const riskArb = (matrix: RiskMatrix, reference: string, others: string[]): fc.Arbitrary<Risk> =>
  fc
    .record({
      aliases: fc.uniqueArray(referenceArb, { maxLength: 2, selector: referenceKey }),
      title: titleArb,
      description: fc.option(paragraphs(4), { nil: '' }),
      cause: fc.option(paragraphs(2), { nil: '' }),
      event: fc.option(sentence, { nil: '' }),
      consequence: fc.option(paragraphs(2), { nil: '' }),
      directorate: fc.constantFrom('', "Children's Services", 'Growth, Environment & Transport'),
      category: fc.constantFrom('', 'Financial', 'Safeguarding & Wellbeing'),
      owners: peopleArb(1, 2),
      delegates: peopleArb(0, 1),
      cabinetMembers: peopleArb(0, 2),
      ownersToConfirm: fc.option(
        fc.constantFrom(['Pat Doe'], ['Chris Evans, Interim Head of Housing & Homes']),
        {
          nil: undefined,
        },
      ),
      inherent: tierArb(matrix),
      current: tierArb(matrix),
      target: tierArb(matrix),
      appetite: fc.option(fc.constantFrom(...attainableScores(matrix)), { nil: undefined }),
      triggers: fc.array(sentence, { maxLength: 2 }),
      reviewFrequency: fc.constantFrom(...FREQUENCY_CHOICES),
      nextReviewDate: fc.option(dateArb, { nil: undefined }),
      timescaleToTarget: fc.constantFrom('', 'At target', '1-3 years', '3+ years', 'March 2026'),
      treatment: fc.option(fc.constantFrom(...TREATMENT_OPTIONS), { nil: undefined }),
      status: fc.constantFrom('open', 'open', 'closed', 'merged'),
      closureReason: paragraphs(1),
      linkedRisks: fc.subarray(others, { maxLength: Math.min(2, others.length) }),
      controls: fc.array(controlArb, { maxLength: 4 }),
      actions: fc.array(actionArb, { maxLength: 4 }),
    })
    .map((r) => {
      const risk: Risk = {
        reference,
        aliases: r.aliases.filter((a) => referenceKey(a) !== referenceKey(reference)),
        title: r.title,
        description: r.description,
        cause: r.cause,
        event: r.event,
        consequence: r.consequence,
        register: 'Source',
        directorate: r.directorate,
        category: r.category,
        owners: r.owners,
        delegates: r.delegates,
        cabinetMembers: r.cabinetMembers,
        triggers: r.triggers,
        reviewFrequency: r.reviewFrequency,
        timescaleToTarget: r.timescaleToTarget,
        status: r.status as Risk['status'],
        linkedRisks: r.linkedRisks,
        controls: r.controls.map((c, i) => ({ ...c, order: i + 1 })),
        actions: r.actions,
      };
      if (r.ownersToConfirm) risk.ownersToConfirm = [...r.ownersToConfirm];
      for (const tier of ['inherent', 'current', 'target'] as const) {
        const t = r[tier];
        if (t.cell) risk[tier] = t.cell;
        if (t.score !== undefined) risk[`${tier}ScoreOnly`] = t.score;
      }
      if (r.appetite !== undefined) risk.appetite = r.appetite;
      if (r.nextReviewDate) risk.nextReviewDate = r.nextReviewDate;
      if (r.treatment) risk.treatment = r.treatment;
      if (risk.status === 'closed') risk.closureReason = r.closureReason;
      if (risk.status === 'merged') risk.mergedInto = others[0] ?? 'CRR9999';
      return risk;
    });

/** A random register: a preset matrix and one to four risks with distinct references. */
export const registerArb: fc.Arbitrary<{ matrix: RiskMatrix; risks: Risk[] }> = fc
  .tuple(
    fc.constantFrom(...PRESETS),
    fc.uniqueArray(referenceArb, { minLength: 1, maxLength: 4, selector: referenceKey }),
  )
  .chain(([matrix, refs]) =>
    fc
      .tuple(
        ...refs.map((ref) =>
          riskArb(
            matrix,
            ref,
            refs.filter((r) => r !== ref),
          ),
        ),
      )
      .map((risks) => ({ matrix, risks })),
  );

/** A stored risk without what storage adds (ids, ETags, times), people by name and e-mail. */
export function comparable(r: StoredRisk) {
  const person = (p: { name: string; email?: string }) => ({ name: p.name, email: p.email });
  const { id: _id, etag: _etag, modified: _modified, register: _register, ...rest } = r;
  return {
    ...rest,
    owners: r.owners.map(person),
    delegates: r.delegates.map(person),
    cabinetMembers: r.cabinetMembers.map(person),
    controls: r.controls.map(({ title, detail, order, serviceTag, owners }) => ({
      title,
      detail,
      order,
      serviceTag,
      owners: owners.map(person),
    })),
    actions: r.actions.map((a) => {
      const {
        id: _a,
        etag: _e,
        modified: _m,
        ...action
      } = a as typeof a & { etag?: string; modified?: string };
      return { ...action, owners: a.owners.map(person) };
    }),
  };
}
