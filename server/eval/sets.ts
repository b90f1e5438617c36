/**
 * Several evaluation sets at once (`--sets DIR...`): each folder holds `kb/`,
 * `policy.json` and `routing.jsonl`. Each set is routed by a router built from
 * its own knowledge and policy only; figures are given per set and pooled
 * over every case, with the worst set named.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BatonError } from '../../shared/errors.ts';
import { loadKnowledge } from '../engine/knowledge.ts';
import { loadPolicy, type Policy } from '../engine/policy.ts';
import { Router } from '../engine/router.ts';
import { readJsonLines, RoutingCase, type RoutingCaseT } from './cases.ts';
import { routeCases, routingSummary, type RoutingOutput } from './metrics.ts';

export interface SetRun {
  name: string;
  policy: Policy;
  cases: RoutingCaseT[];
  outputs: RoutingOutput[];
  summary: ReturnType<typeof routingSummary>;
}

export function runSet(dir: string): SetRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BatonError('bad_input', `${dir}: not a folder (a set holds kb/, policy.json and routing.jsonl)`);
  const kb = join(dir, 'kb');
  if (!existsSync(kb)) throw new BatonError('bad_input', `${kb}: missing (a set holds kb/, policy.json and routing.jsonl)`);
  const policy = loadPolicy(join(dir, 'policy.json'));
  const cases = readJsonLines(join(dir, 'routing.jsonl'), RoutingCase);
  const articles = loadKnowledge(kb);
  if (articles.length === 0) throw new BatonError('bad_input', `${kb}: no .md articles`);
  const outputs = routeCases(new Router(articles, policy), cases);
  return { name: basename(dir), policy, cases, outputs, summary: routingSummary(cases, outputs, policy) };
}

/** Every case of every set together, each judged against its own set's policy. */
export function pooled(runs: readonly SetRun[]): ReturnType<typeof routingSummary> {
  const cases = runs.flatMap((r) => r.cases);
  const outputs = runs.flatMap((r) => r.outputs);
  const policies = runs.flatMap((r) => r.cases.map(() => r.policy));
  return routingSummary(cases, outputs, policies);
}
