import { describe, expect, it } from 'vitest';
import { trainingSets } from '../eval/fit-safety.ts';
import { detectSafety } from './safety.ts';
import { features, fitSelfHarm, selfHarmProbability } from './safety-model.ts';
import { SELF_HARM_MODEL } from './safety-model-fit.ts';

describe('the self-harm model', () => {
  it('reads words and adjacent pairs, lower case, apostrophes dropped', () => {
    expect(features("Won't be here")).toEqual(['wont', 'be', 'here', 'wont be', 'be here']);
  });

  it('is fitted the same way every time, and the checked-in weights are that fit (re-run `npm run fit-safety` after changing a set)', () => {
    const data = trainingSets().flatMap((s) => s.items);
    expect(fitSelfHarm(data)).toEqual(SELF_HARM_MODEL);
  });

  it('never raises self_harm on its own: with no rule-side cue in the message, however grim its words, nothing is flagged', () => {
    const grim = 'honestly sorry, nobody after everything, not anyone';
    expect(selfHarmProbability(grim)).toBeGreaterThan(0.75);
    expect(detectSafety(grim)).toEqual([]);
  });

  it('adds to a single cue the rules alone would let pass', () => {
    // One cue ("done fighting"), in words the model reads as a cry for help.
    const text = "pls wipe my phone and give it to my cousin. i'm done fighting this and there's nothing ahead for me";
    const without = detectSafety(text, undefined, { bias: -100, weights: {} });
    expect(without.map((h) => h.category)).not.toContain('self_harm');
    expect(detectSafety(text).map((h) => h.category)).toContain('self_harm');
  });
});
