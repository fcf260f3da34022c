/**
 * Golden triplets: every template in cards/ expanded with each of its data files must equal the
 * checked-in expected card, parse cleanly with the Adaptive Cards library, and stay under Teams' size
 * limit. Changing a template means reviewing and updating its expected.json in the same commit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as AC from 'adaptivecards';
import { cardBytes, expandTemplate, MAX_CARD_BYTES, type Card } from '../../src/review/cards';

const root = path.join(__dirname, '..', '..', 'cards');
const read = (...p: string[]): unknown => JSON.parse(readFileSync(path.join(root, ...p), 'utf8'));

type Case = { template: string; name: string; data: unknown; expected: Card; templateJson: object };

const cases: Case[] = readdirSync(root).flatMap((template) =>
  readdirSync(path.join(root, template))
    .filter((f) => f.endsWith('data.json'))
    .map((f) => ({
      template,
      name: f,
      data: read(template, f),
      expected: read(template, f.replace('data.json', 'expected.json')) as Card,
      templateJson: read(template, 'template.json') as object,
    })),
);

/** Problems the Adaptive Cards parser and its property validation report. */
function parserProblems(json: Card): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of card.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

/** Checks the parser does not make: Universal Actions need a verb, and Teams stops at version 1.5. */
function teamsProblems(json: Card): string[] {
  const problems: string[] = [];
  if (json.version !== '1.5') problems.push(`version ${String(json.version)} is not 1.5`);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute' && (typeof o.verb !== 'string' || o.verb === ''))
      problems.push('Action.Execute without a verb');
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && !o.label)
      problems.push(`${o.type} ${String(o.id)} has no label`);
    if (typeof o.text === 'string' && o.text.includes('${'))
      problems.push(`unbound expression in "${o.text}"`);
    if (typeof o.value === 'string' && o.value.includes('${'))
      problems.push(`unbound expression in "${o.value}"`);
    Object.values(o).forEach(walk);
  };
  walk(json);
  return problems;
}

describe('card templates (golden triplets)', () => {
  it('has at least one case per template', () => {
    const templates = readdirSync(root);
    expect(templates.sort()).toEqual(['digest', 'intro', 'notice', 'recorded', 'review']);
    for (const t of templates) expect(cases.some((c) => c.template === t)).toBe(true);
  });

  it.each(cases.map((c) => [`${c.template}/${c.name}`, c] as const))(
    '%s expands to its expected card',
    (_label, c) => {
      expect(expandTemplate(c.templateJson, c.data)).toEqual(c.expected);
    },
  );

  it.each(cases.map((c) => [`${c.template}/${c.name}`, c] as const))(
    '%s is a valid Teams card under 80 KB',
    (_label, c) => {
      expect(parserProblems(c.expected)).toEqual([]);
      expect(teamsProblems(c.expected)).toEqual([]);
      expect(cardBytes(c.expected)).toBeLessThan(MAX_CARD_BYTES);
    },
  );

  it('the review card has labelled, pre-filled likelihood and impact, a required bounded comment and both verbs', () => {
    const card = cases.find((c) => c.template === 'review' && c.name === 'data.json')!.expected;
    const body = card.body as Record<string, unknown>[];
    const likelihood = body.find((e) => e.id === 'likelihood')!;
    const impact = body.find((e) => e.id === 'impact')!;
    const comment = body.find((e) => e.id === 'comment')!;
    expect([likelihood.label, likelihood.value, impact.label, impact.value]).toEqual([
      'Likelihood now',
      '3',
      'Impact now',
      '4',
    ]);
    expect(comment).toMatchObject({ isRequired: true, maxLength: 2000 });
    expect(String(comment.errorMessage)).toContain('Write a comment');
    const actions = card.actions as Record<string, unknown>[];
    expect(actions.map((a) => a.verb ?? a.type)).toEqual(['confirm', 'change', 'Action.OpenUrl']);
    expect(actions[0]!.data).toMatchObject({ riskId: 1, periodId: '2026/27-Q3', riskVersion: '"3"' });
    expect(card.refresh).toMatchObject({ userIds: ['29:1a2b3c-owner-mri'] });
  });
});

describe('the parser check', () => {
  const card = (body: unknown[]): Card => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body: body as Card['body'],
  });
  it('catches an unlabelled required input', () => {
    expect(parserProblems(card([{ type: 'Input.Text', id: 'x', isRequired: true }]))).not.toEqual([]);
  });
  it('catches an unknown element', () => {
    expect(parserProblems(card([{ type: 'Input.Bogus', id: 'y' }]))).not.toEqual([]);
  });
});
