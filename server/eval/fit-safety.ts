/**
 * Fits the self-harm model (server/engine/safety-model.ts) and writes
 * server/engine/safety-model-fit.ts:
 *
 *   npm run fit-safety [-- --dry-run]
 *
 * Training data: every safety set in server/engine/fixtures (safety-*.jsonl)
 * and the visitor messages of each routing set in server/eval/fixtures — our
 * own sets only; the development set is never read. It prints, for each set
 * left out of the fit in turn, the self-harm recall of the rules alone and of
 * the rules with the model, and how many messages without self-harm each flags:
 * the honest figures for wording the model has not seen.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { detectSafety } from '../engine/safety.ts';
import { fitSelfHarm, type Labelled, type SelfHarmModel } from '../engine/safety-model.ts';

const SAFETY_DIR = join(import.meta.dirname, '../engine/fixtures');
const ROUTING_DIR = join(import.meta.dirname, 'fixtures');

interface Set {
  name: string;
  items: Labelled[];
}

const label = (flags: readonly string[] | undefined): 0 | 1 => ((flags ?? []).includes('self_harm') ? 1 : 0);

/** Our labelled sets, each a list of messages with y = raises self_harm. */
export function trainingSets(): Set[] {
  const sets: Set[] = [];
  for (const file of readdirSync(SAFETY_DIR).filter((f) => /^safety-.*\.jsonl$/.test(f)).sort()) {
    const lines = readFileSync(join(SAFETY_DIR, file), 'utf8').split('\n').filter((l) => l.trim() !== '');
    sets.push({ name: file, items: lines.map((l) => JSON.parse(l) as { text: string; flags: string[] }).map((c) => ({ text: c.text, y: label(c.flags) })) });
  }
  for (const dir of readdirSync(ROUTING_DIR).sort()) {
    const file = join(ROUTING_DIR, dir, 'routing.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const cases = lines.map((l) => JSON.parse(l) as { messages: { role: string; text: string }[]; expect: { flags?: string[] } });
    sets.push({ name: `${dir}/routing.jsonl`, items: cases.map((c) => ({ text: c.messages.filter((m) => m.role === 'user').at(-1)?.text ?? '', y: label(c.expect.flags) })) });
  }
  return sets;
}

const raises = (text: string, model?: SelfHarmModel) => detectSafety(text, undefined, model).some((h) => h.category === 'self_harm');

/** Per set left out: recall of the rules alone and with the model, and false self-harm flags of each. */
export function heldOut(sets: readonly Set[]) {
  return sets.map((set) => {
    const model = fitSelfHarm(sets.filter((s) => s !== set).flatMap((s) => s.items));
    const pos = set.items.filter((d) => d.y === 1);
    const neg = set.items.filter((d) => d.y === 0);
    const none: SelfHarmModel = { bias: -100, weights: {} };
    return {
      set: set.name,
      selfHarm: pos.length,
      rules: pos.filter((d) => raises(d.text, none)).length,
      withModel: pos.filter((d) => raises(d.text, model)).length,
      others: neg.length,
      falseRules: neg.filter((d) => raises(d.text, none)).length,
      falseWithModel: neg.filter((d) => raises(d.text, model)).length,
    };
  });
}

function main(): void {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' } } });
  const sets = trainingSets();
  const model = fitSelfHarm(sets.flatMap((s) => s.items));
  const rows = heldOut(sets);
  for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
  const sum = (k: 'selfHarm' | 'rules' | 'withModel' | 'others' | 'falseRules' | 'falseWithModel') => rows.reduce((n, r) => n + r[k], 0);
  process.stdout.write(
    `${JSON.stringify({ messages: sets.reduce((n, s) => n + s.items.length, 0), features: Object.keys(model.weights).length, heldOut: { selfHarm: sum('selfHarm'), rules: sum('rules'), withModel: sum('withModel'), others: sum('others'), falseRules: sum('falseRules'), falseWithModel: sum('falseWithModel') } })}\n`,
  );
  if (values['dry-run']) return;
  writeFileSync(
    join(import.meta.dirname, '../engine/safety-model-fit.ts'),
    `/**
 * The self-harm model's weights, written by \`npm run fit-safety\` (server/eval/fit-safety.ts)
 * from our own labelled sets. Method: server/engine/safety-model.ts. Re-run the fit; do not edit by hand.
 */
import type { SelfHarmModel } from './safety-model.ts';

export const SELF_HARM_MODEL: SelfHarmModel = ${JSON.stringify(model)};
`,
  );
}

if (import.meta.main) main();
