import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../engine/policy.ts';
import type { RoutingCaseT } from './cases.ts';
import { auroc, riskCoverage, routingSummary, type RoutingOutput } from './metrics.ts';

describe('auroc', () => {
  it('is 1 when every positive outscores every negative, 0.5 for ties, null without both kinds', () => {
    expect(auroc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auroc([0.5], [0.5])).toBe(0.5);
    expect(auroc([0.2, 0.9], [0.5])).toBe(0.5);
    expect(auroc([], [0.5])).toBeNull();
  });
});

describe('riskCoverage', () => {
  it('reports the answered share and the wrong share among answered at each threshold', () => {
    expect(riskCoverage([0.9, 0.7], [0.8, 0.1], [0.75])).toEqual([{ threshold: 0.75, coverage: 0.5, risk: 0.5 }]);
  });
});

describe('routingSummary', () => {
  const policy = parsePolicy({ version: 1, intents: [{ name: 'refund', mode: 'auto' }, { name: 'fraud', mode: 'human' }] });
  const mk = (id: string, expect: RoutingCaseT['expect']): RoutingCaseT => ({ id, messages: [{ role: 'user', text: id }], expect });
  const out = (id: string, route: RoutingOutput['route'], confidence: number, extra: Partial<RoutingOutput> = {}): RoutingOutput => ({
    id,
    route,
    intent: 'refund',
    confidence,
    flags: [],
    article: null,
    ...extra,
  });

  it('computes each figure as FORMAT.md defines it', () => {
    const cases = [
      mk('a', { route: 'answer', intent: 'refund', answerable: true }),
      mk('b', { route: 'escalate', intent: 'refund', answerable: false }),
      mk('c', { route: 'urgent', intent: null, flags: ['self_harm'] }),
      mk('d', { route: 'answer', intent: null, flags: [] }),
      mk('e', { route: 'escalate', intent: 'fraud', answerable: false }),
    ];
    const outputs = [
      out('a', 'answer', 0.9),
      out('b', 'answer', 0.7),
      out('c', 'escalate', 0.1, { intent: null, flags: ['self_harm'] }),
      out('d', 'answer', 0.95, { intent: null, flags: ['legal_threat'] }),
      out('e', 'answer', 0.2, { intent: 'fraud' }),
    ];
    expect(routingSummary(cases, outputs, policy)).toMatchObject({
      cases: 5,
      routeAccuracy: 0.4,
      urgentRecall: 0,
      falseFlags: 1,
      unanswerableAnswered: 2,
      answerableAnswered: 1,
      intentAccuracy: 1,
      auroc: 1, // the human-intent case is not a negative
    });
  });
});
