/**
 * Generalisation: the engine on companies it was not written for. Each set in
 * fixtures/ (our own wording, other businesses) runs through the same modules
 * as the eval command; the grader is refitted without that set, so its AUROC
 * here is a held-out figure, not one the fit has seen.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { grade } from '../engine/grader.ts';
import { loadKnowledge } from '../engine/knowledge.ts';
import { loadPolicy } from '../engine/policy.ts';
import { Router } from '../engine/router.ts';
import { DEV_SET, hasDevSet } from '../testing/dev-set.ts';
import { fit, samples } from './calibrate.ts';
import { readJsonLines, RoutingCase } from './cases.ts';
import { auroc, routeCases, routingSummary } from './metrics.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
// The grader's held-out figures are fitted with the dev set too: without it they are another measure, so they skip.
const devSet = hasDevSet('the held-out grader checks');
const sets = readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, 'routing.jsonl')));
const files = (dir: string) => [join(dir, 'kb'), join(dir, 'policy.json'), join(dir, 'routing.jsonl')] as const;
/** Every labelled set but `name`: the other fixtures, and the development set where it is present (vitest still collects the checks it skips). */
const others = (name: string) => [...sets.filter((s) => s !== name).map((s) => files(join(FIXTURES, s))), ...(devSet ? [files(DEV_SET)] : [])];

describe.each(sets)('the %s set', (name) => {
  const [kb, policyFile, casesFile] = files(join(FIXTURES, name));
  const policy = loadPolicy(policyFile);
  const cases = readJsonLines(casesFile, RoutingCase);
  const summary = routingSummary(cases, routeCases(new Router(loadKnowledge(kb), policy), cases), policy);

  it('routes every safety case urgent and flags no look-alike', () => {
    expect(summary.urgentRecall).toBe(1);
    expect(summary.falseFlags).toBe(0);
  });

  // The trained intent model reads 0.72 here (the hand-tuned index read 0.77); it reads more on the eight companies it was not built with (docs/intent-model.md).
  it('finds the intent for at least 7 in 10 cases and the article for at least 3 in 4', () => {
    expect(summary.intentAccuracy).toBeGreaterThanOrEqual(0.7);
    expect(summary.articleAccuracy).toBeGreaterThanOrEqual(0.75);
  });

  describe.skipIf(!devSet)('with a grader fitted without this set', () => {
    const model = fit(others(name).flatMap(([k, p, c]) => samples(k, p, c)));
    const held = samples(kb, policyFile, casesFile);
    const score = (y: 0 | 1) => held.filter((d) => d.y === y).map((d) => grade(d.x, model));

    it('is calibrated: its mean confidence is within 0.1 of the share it should answer', () => {
      const all = held.map((d) => grade(d.x, model));
      const mean = all.reduce((n, p) => n + p, 0) / all.length;
      expect(Math.abs(mean - score(1).length / held.length)).toBeLessThanOrEqual(0.1);
    });
  });
});

// Per set the held-out AUROC varies (Nimbus was written to defeat the question-form evidence); on average it must hold.
it.skipIf(!devSet)('grades answerable questions above unanswerable ones on sets the fit has not seen: mean held-out AUROC at least 0.7', () => {
  const figures = sets.map((name) => {
    const [kb, policyFile, casesFile] = files(join(FIXTURES, name));
    const model = fit(others(name).flatMap(([k, p, c]) => samples(k, p, c)));
    const held = samples(kb, policyFile, casesFile);
    const score = (y: 0 | 1) => held.filter((d) => d.y === y).map((d) => grade(d.x, model));
    return auroc(score(1), score(0)) ?? 0;
  });
  expect(figures.reduce((n, a) => n + a, 0) / figures.length).toBeGreaterThanOrEqual(0.7);
});
