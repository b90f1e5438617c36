/**
 * Fits the offline grader (server/engine/grader.ts): a logistic model from the
 * grader's features to "the knowledge base answers this", on every labelled
 * set given, and writes the weights to server/engine/grader-fit.ts.
 *
 *   npm run calibrate -- [--set KB,POLICY,CASES ...] [--dry-run]
 *
 * Without --set it reads ../shared/eval/dev and each folder of
 * server/eval/fixtures (kb/, policy.json, routing.jsonl). It prints, per set,
 * the AUROC when that set is left out of the fit: the honest figure for sets
 * the fit has not seen.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FEATURES, grade, type Feature, type Features, type GraderFit } from '../engine/grader.ts';
import { loadKnowledge } from '../engine/knowledge.ts';
import { loadPolicy } from '../engine/policy.ts';
import { Router } from '../engine/router.ts';
import { readJsonLines, RoutingCase } from './cases.ts';
import { auroc } from './metrics.ts';

interface Sample {
  set: string;
  x: Features;
  y: 0 | 1;
}

/** Ridge on the weights (not the bias): keeps the fit finite when a feature separates a small set. */
const RIDGE = 1;
const NEWTON_STEPS = 50;

function defaultSets(): string[][] {
  const sets: string[][] = [];
  const dev = '../shared/eval/dev';
  if (existsSync(dev)) sets.push([`${dev}/kb`, `${dev}/policy.json`, `${dev}/routing.jsonl`]);
  const fixtures = 'server/eval/fixtures';
  for (const name of existsSync(fixtures) ? readdirSync(fixtures).sort() : []) {
    const dir = join(fixtures, name);
    if (existsSync(join(dir, 'routing.jsonl'))) sets.push([join(dir, 'kb'), join(dir, 'policy.json'), join(dir, 'routing.jsonl')]);
  }
  return sets;
}

/** The cases the grader is judged on: answerable auto-intent questions against unanswerable ones (FORMAT.md auroc). */
export function samples(kb: string, policyFile: string, casesFile: string): Sample[] {
  const policy = loadPolicy(policyFile);
  const router = new Router(loadKnowledge(kb), policy);
  const auto = new Set(policy.intents.filter((i) => i.mode === 'auto').map((i) => i.name));
  const out: Sample[] = [];
  for (const c of readJsonLines(casesFile, RoutingCase)) {
    const { expect } = c;
    const positive = expect.route === 'answer' && expect.intent != null;
    const negative = expect.route === 'escalate' && expect.answerable === false && expect.intent != null && auto.has(expect.intent) && (expect.flags ?? []).length === 0;
    if (!positive && !negative) continue;
    const x = router.analyse(c.messages).features;
    if (x) out.push({ set: casesFile, x, y: positive ? 1 : 0 });
  }
  return out;
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let k = r + 1; k < n; k++) sum -= m[r]![k]! * x[k]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}

/**
 * Logistic regression by Newton's method (exact to convergence, so on its
 * training data the mean probability equals the share answerable: the
 * calibration property), with a small ridge on the weights for stability.
 */
export function fit(data: readonly Sample[], use: readonly Feature[] = FEATURES): GraderFit {
  const k = use.length + 1; // bias first
  const row = (d: Sample) => [1, ...use.map((f) => d.x[f])];
  let beta = new Array<number>(k).fill(0);
  for (let iter = 0; iter < NEWTON_STEPS; iter++) {
    const grad = new Array<number>(k).fill(0);
    const hess = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (const d of data) {
      const x = row(d);
      const p = 1 / (1 + Math.exp(-x.reduce((z, v, i) => z + v * beta[i]!, 0)));
      for (let i = 0; i < k; i++) {
        grad[i]! += (p - d.y) * x[i]!;
        for (let j = 0; j < k; j++) hess[i]![j]! += p * (1 - p) * x[i]! * x[j]!;
      }
    }
    for (let i = 1; i < k; i++) {
      grad[i]! += RIDGE * beta[i]!;
      hess[i]![i]! += RIDGE;
    }
    const step = solve(hess, grad);
    beta = beta.map((b, i) => b - step[i]!);
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const weights = Object.fromEntries(FEATURES.map((f) => [f, 0])) as Record<Feature, number>;
  use.forEach((f, i) => (weights[f] = round(beta[i + 1]!)));
  return { bias: round(beta[0]!), weights };
}

function score(data: readonly Sample[], model: GraderFit): number | null {
  return auroc(
    data.filter((d) => d.y === 1).map((d) => grade(d.x, model)),
    data.filter((d) => d.y === 0).map((d) => grade(d.x, model)),
  );
}

function main(): void {
  const { values } = parseArgs({ options: { set: { type: 'string', multiple: true }, 'dry-run': { type: 'boolean' } } });
  const sets = values.set?.map((s) => s.split(',')) ?? defaultSets();
  const data = sets.flatMap(([kb, policy, cases]) => {
    if (!kb || !policy || !cases) throw new Error('--set takes KB,POLICY,CASES');
    return samples(kb, policy, cases);
  });
  const model = fit(data);
  const report: Record<string, unknown> = { samples: data.length, fitted: model, aurocAll: score(data, model) };
  for (const [, , cases] of sets) {
    const held = data.filter((d) => d.set === cases);
    const without = fit(data.filter((d) => d.set !== cases));
    const mean = held.reduce((n, d) => n + grade(d.x, without), 0) / (held.length || 1);
    report[`heldOut:${cases}`] = {
      n: held.length,
      auroc: score(held, without),
      aurocInFit: score(held, model),
      meanConfidence: Math.round(mean * 1000) / 1000,
      answerableShare: Math.round((held.filter((d) => d.y === 1).length / (held.length || 1)) * 1000) / 1000,
    };
  }
  for (const f of FEATURES) report[`alone:${f}`] = auroc(data.filter((d) => d.y === 1).map((d) => d.x[f]), data.filter((d) => d.y === 0).map((d) => d.x[f]));
  if (!values['dry-run']) {
    const file = 'server/engine/grader-fit.ts';
    const text = `/**
 * The grader's fitted weights, written by \`npm run calibrate\` (server/eval/calibrate.ts)
 * from ${data.length} labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = ${JSON.stringify(model, null, 2).replace(/"(\w+)":/g, '$1:')};
`;
    writeFileSync(file, text);
  }
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
}

// Run as a command, not when a test imports the fit.
if (import.meta.main) main();
