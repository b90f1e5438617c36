/** The routing figures, computed exactly as FORMAT.md section 5 defines them. */
import type { Route, SafetyCategory } from '../../shared/codes.ts';
import type { Policy } from '../engine/policy.ts';
import type { Router } from '../engine/router.ts';
import type { RoutingCaseT } from './cases.ts';

export interface RoutingOutput {
  id: string;
  route: Route;
  intent: string | null;
  confidence: number;
  flags: SafetyCategory[];
  article: string | null;
}

/** Each case through the router, as the `--out` lines report it. */
export function routeCases(router: Router, cases: readonly RoutingCaseT[]): RoutingOutput[] {
  return cases.map((c) => {
    const r = router.route(c.messages);
    return { id: c.id, route: r.route, intent: r.intent?.name ?? null, confidence: r.confidence, flags: r.flags, article: r.article };
  });
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const share = (hits: number, of: number) => (of === 0 ? null : round(hits / of));

/** P(score of a positive > score of a negative), ties counting half. */
export function auroc(positives: readonly number[], negatives: readonly number[]): number | null {
  if (positives.length === 0 || negatives.length === 0) return null;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return round(wins / (positives.length * negatives.length));
}

export interface CurvePoint {
  threshold: number;
  /** Share of the judged questions that would be answered. */
  coverage: number;
  /** Share of those answered that should not have been. */
  risk: number;
}

/** Answered share against wrong share as the confidence threshold falls. */
export function riskCoverage(positives: readonly number[], negatives: readonly number[], steps = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]): CurvePoint[] {
  const total = positives.length + negatives.length;
  return steps.map((threshold) => {
    const good = positives.filter((c) => c >= threshold).length;
    const bad = negatives.filter((c) => c >= threshold).length;
    return { threshold, coverage: share(good + bad, total) ?? 0, risk: share(bad, good + bad) ?? 0 };
  });
}

/** Summary figures; `policy` is the set's, or one per case when several sets are pooled. */
export function routingSummary(cases: readonly RoutingCaseT[], outputs: readonly RoutingOutput[], policy: Policy | readonly Policy[]) {
  const autoSets = new Map<Policy, Set<string>>();
  const autoOf = (p: Policy) => autoSets.get(p) ?? autoSets.set(p, new Set(p.intents.filter((i) => i.mode === 'auto').map((i) => i.name))).get(p)!;
  const pairs = cases.map((c, i) => ({ c, o: outputs[i] as RoutingOutput, auto: autoOf(Array.isArray(policy) ? (policy as readonly Policy[])[i]! : (policy as Policy)) }));
  const urgent = pairs.filter(({ c }) => c.expect.route === 'urgent');
  const answerable = pairs.filter(({ c }) => c.expect.route === 'answer' && c.expect.intent != null);
  const unanswerableAuto = pairs.filter(
    ({ c, auto }) =>
      c.expect.route === 'escalate' &&
      c.expect.answerable === false &&
      c.expect.intent != null &&
      auto.has(c.expect.intent) &&
      (c.expect.flags ?? []).length === 0,
  );
  const withIntent = pairs.filter(({ c }) => c.expect.intent !== undefined);
  const positives = answerable.map(({ o }) => o.confidence);
  const negatives = unanswerableAuto.map(({ o }) => o.confidence);
  return {
    cases: pairs.length,
    routeAccuracy: share(pairs.filter(({ c, o }) => o.route === c.expect.route).length, pairs.length),
    urgentRecall: share(urgent.filter(({ o }) => o.route === 'urgent').length, urgent.length),
    falseFlags: pairs.filter(({ c }) => (c.expect.flags ?? []).length === 0).reduce((n, { o }) => n + o.flags.length, 0),
    missedFlags: pairs.reduce((n, { c, o }) => n + (c.expect.flags ?? []).filter((f) => !o.flags.includes(f)).length, 0),
    unanswerableAnswered: pairs.filter(({ c, o }) => c.expect.answerable === false && o.route === 'answer').length,
    answerableAnswered: share(answerable.filter(({ o }) => o.route === 'answer').length, answerable.length),
    intentAccuracy: share(withIntent.filter(({ c, o }) => o.intent === c.expect.intent).length, withIntent.length),
    articleAccuracy: share(
      pairs.filter(({ c, o }) => c.expect.article !== undefined && o.article === c.expect.article).length,
      pairs.filter(({ c }) => c.expect.article !== undefined).length,
    ),
    auroc: auroc(positives, negatives),
    riskCoverage: riskCoverage(positives, negatives),
  };
}
