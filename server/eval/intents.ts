/**
 * `npm run eval -- intents --policy FILE --cases FILE`: the intent reader
 * (trained model and example index, as the router reads intents) on
 * `{"text","intent"}` lines, `intent` null for a message no intent fits.
 * In-scope accuracy: of lines with an intent, the share read as that intent;
 * out-of-scope recall: of null lines, the share read as no intent.
 */
import * as v from 'valibot';
import { IntentModel, trainIntents } from '../engine/intent-model.ts';
import { IntentReader } from '../engine/intent-reader.ts';
import { IntentClassifier } from '../engine/intents.ts';
import { wordVectors } from '../engine/ml/load-vectors.ts';
import type { Policy } from '../engine/policy.ts';
import { readJsonLines } from './cases.ts';

export const IntentCase = v.object({ id: v.optional(v.string()), text: v.pipe(v.string(), v.minLength(1)), intent: v.nullable(v.string()) });
export type IntentCaseT = v.InferOutput<typeof IntentCase>;

export function readIntentCases(file: string): IntentCaseT[] {
  return readJsonLines(file, IntentCase);
}

export interface IntentRun {
  outputs: { text: string; intent: string | null; score: number }[];
  summary: { cases: number; inScope: number; inScopeAccuracy: number | null; outOfScope: number; outOfScopeRecall: number | null; trainMs: number; threshold: number };
}

export function runIntents(policy: Policy, cases: readonly IntentCaseT[]): IntentRun {
  const vectors = wordVectors();
  const started = performance.now();
  const model = new IntentModel(trainIntents(policy, [], vectors), vectors, policy);
  const trainMs = Math.round(performance.now() - started);
  const reader = new IntentReader(model, new IntentClassifier(policy));
  const outputs = cases.map((c) => {
    const found = reader.classify(c.text);
    return { text: c.text, intent: found?.name ?? null, score: Math.round((found?.score ?? 0) * 1000) / 1000 };
  });
  const inScope = cases.filter((c) => c.intent !== null);
  const outOfScope = cases.filter((c) => c.intent === null);
  const right = cases.filter((c, i) => c.intent !== null && outputs[i]!.intent === c.intent).length;
  const rejected = cases.filter((c, i) => c.intent === null && outputs[i]!.intent === null).length;
  const share = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);
  return {
    outputs,
    summary: {
      cases: cases.length,
      inScope: inScope.length,
      inScopeAccuracy: share(right, inScope.length),
      outOfScope: outOfScope.length,
      outOfScopeRecall: share(rejected, outOfScope.length),
      trainMs,
      threshold: Math.round(model.threshold * 1000) / 1000,
    },
  };
}
