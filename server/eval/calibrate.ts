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

const L2 = 0.001;
const STEPS = 40_000;
const RATE = 2;

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

/** Logistic regression by gradient descent on the sets' own mix of answerable and unanswerable questions, so the output reads as a probability. */
export function fit(data: readonly Sample[], use: readonly Feature[] = FEATURES): GraderFit {
  const w = Object.fromEntries(FEATURES.map((f) => [f, 0])) as Record<(typeof FEATURES)[number], number>;
  let bias = 0;
  for (let step = 0; step < STEPS; step++) {
    const grad = Object.fromEntries(FEATURES.map((f) => [f, 0])) as Record<(typeof FEATURES)[number], number>;
    let gBias = 0;
    for (const d of data) {
      let z = bias;
      for (const f of use) z += w[f] * d.x[f];
      const err = (1 / (1 + Math.exp(-z)) - d.y) / data.length;
      gBias += err;
      for (const f of use) grad[f] += err * d.x[f];
    }
    bias -= RATE * 2 * gBias;
    for (const f of use) w[f] -= RATE * 2 * (grad[f] + L2 * w[f]);
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { bias: round(bias), weights: Object.fromEntries(FEATURES.map((f) => [f, round(w[f])])) as GraderFit['weights'] };
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
  const use = (process.env.BATON_FEATURES?.split(',') as Feature[] | undefined) ?? FEATURES;
  const model = fit(data, use);
  const report: Record<string, unknown> = { samples: data.length, fitted: model, aurocAll: score(data, model) };
  for (const [, , cases] of sets) {
    const held = data.filter((d) => d.set === cases);
    report[`heldOut:${cases}`] = { n: held.length, auroc: score(held, fit(data.filter((d) => d.set !== cases))), aurocInFit: score(held, model) };
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
