/**
 * The trained models' costs (issue 12): training time for 50 intents x 20
 * examples and 150 x 100 (the built-in out-of-scope corpus and three or five
 * folds of cross-validation included), classification p99, and the process's
 * memory with the word vectors loaded. Examples are the intent benchmark's
 * (eval/benchmark), repeated with a numbered suffix where 150 x 100 needs more.
 *   node bench/intents.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntentModel, trainIntents } from '../server/engine/intent-model.ts';
import { readStore } from '../server/engine/ml/vectors.ts';
import { parsePolicy } from '../server/engine/policy.ts';

const DIR = join(import.meta.dirname, '..', 'eval', 'benchmark');
const source = JSON.parse(readFileSync(join(DIR, 'policy.json'), 'utf8')) as { intents: { name: string; description: string; examples: string[] }[] };
const tests = readFileSync(join(DIR, 'test.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);

/** Run with --expose-gc (npm run bench does): memory is read after a collection, not with the load's garbage. */
const settle = () => (globalThis as { gc?: () => void }).gc?.();
settle();
const rssBefore = process.memoryUsage().rss;
const loadStart = performance.now();
const { vectors, problem } = readStore();
const loadMs = performance.now() - loadStart;
settle();
const rssVectors = process.memoryUsage().rss;
const out = (line = '') => process.stdout.write(`${line}\n`);
out(`word vectors: ${vectors ? `${vectors.size} words loaded in ${loadMs.toFixed(0)} ms, +${((rssVectors - rssBefore) / 1e6).toFixed(1)} MB RSS` : problem}`);

function policyOf(intents: number, examples: number) {
  return parsePolicy({
    version: 1,
    intents: Array.from({ length: intents }, (_, i) => {
      const base = source.intents[i % source.intents.length]!;
      const round = Math.floor(i / source.intents.length);
      const name = round ? `${base.name}_${round}` : base.name;
      return { name, description: base.description, mode: 'auto', examples: Array.from({ length: examples }, (_, e) => `${base.examples[e % base.examples.length]}${round || e >= base.examples.length ? ` ${name} ${e}` : ''}`) };
    }),
  });
}

for (const [intents, examples] of [
  [50, 20],
  [150, 100],
] as const) {
  const policy = policyOf(intents, examples);
  const started = performance.now();
  const data = trainIntents(policy, [], vectors);
  const trainMs = performance.now() - started;
  const model = new IntentModel(data, vectors, policy);
  const times: number[] = [];
  for (const text of tests) {
    const t = performance.now();
    model.classify(text);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  out(`${intents} intents x ${examples} examples: training ${(trainMs / 1000).toFixed(2)} s (one core), classify p50 ${p(0.5)} ms, p99 ${p(0.99)} ms over ${times.length} messages; RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
}
