/**
 * Builds the intent benchmark's policy and test file from the parts its
 * writers produced (eval/benchmark/part*-intents.json, part*-test.jsonl,
 * oos-test.jsonl): every intent `auto` with its 50 training examples; the
 * test lines, in-scope then out-of-scope. Run after editing a part:
 *   node scripts/build-benchmark.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'eval', 'benchmark');
const parts = readdirSync(DIR).filter((f) => /^part\d+-intents\.json$/.test(f)).sort();
const intents = parts.flatMap((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { name: string; description: string; examples: string[] }[]);
const policy = { version: 1, intents: intents.map((i) => ({ name: i.name, description: i.description, examples: i.examples, mode: 'auto' })) };
writeFileSync(join(DIR, 'policy.json'), JSON.stringify(policy, null, 1) + '\n');
const tests = [...parts.map((f) => f.replace('-intents.json', '-test.jsonl')), 'oos-test.jsonl'].flatMap((f) =>
  readFileSync(join(DIR, f), 'utf8').split('\n').filter((l) => l.trim()),
);
writeFileSync(join(DIR, 'test.jsonl'), tests.join('\n') + '\n');
process.stdout.write(`${policy.intents.length} intents, ${policy.intents.reduce((n, i) => n + i.examples.length, 0)} training examples, ${tests.length} test lines\n`);
