/**
 * A learned second opinion for the self-harm floor. The rules (safety.ts) know
 * the phrasings they were written for; cries for help keep coming in new words.
 * This is a logistic model over the words and word pairs of a message, fitted
 * (`npm run fit-safety`, server/eval/fit-safety.ts) on our own labelled safety
 * sets and the routing sets of server/eval/fixtures — never the development
 * set. It never flags on its own: safety.ts raises self_harm when the model is
 * confident and at least one of the rule-side cues (a means, finality,
 * hopelessness) is there too, so an idiom full of grim words stays quiet.
 */
import { SELF_HARM_MODEL } from './safety-model-fit.ts';
import { words } from './text.ts';

export interface SelfHarmModel {
  bias: number;
  /** Weight per feature: a word ("pills") or a pair of adjacent words ("pills lined"). */
  weights: Record<string, number>;
}

/** The features of a message: its distinct words and adjacent word pairs, lower case, apostrophes dropped. */
export function features(text: string): string[] {
  const w = words(text);
  const out = new Set<string>(w);
  for (let i = 0; i + 1 < w.length; i++) out.add(`${w[i]} ${w[i + 1]}`);
  return [...out];
}

/** How likely the model finds the message a self-harm signal, 0..1. */
export function selfHarmProbability(text: string, model: SelfHarmModel = SELF_HARM_MODEL): number {
  let z = model.bias;
  for (const f of features(text)) z += model.weights[f] ?? 0;
  return 1 / (1 + Math.exp(-z));
}

export interface Labelled {
  text: string;
  /** 1: the message raises self_harm. */
  y: 0 | 1;
}

const EPOCHS = 40;
const RATE = 0.2;
const BIAS_RATE = 0.02;
const RIDGE = 1e-4;
/** A word or pair seen once says more about that one message than about the next. */
const MIN_COUNT = 2;
/** Weights this small are left out of the fitted file: they change no decision. */
const PRUNE = 0.01;

/**
 * Logistic regression by stochastic gradient descent, in the order given and a
 * fixed number of passes, so the same data always gives the same weights.
 */
export function fitSelfHarm(data: readonly Labelled[]): SelfHarmModel {
  const counts = new Map<string, number>();
  const rows = data.map((d) => features(d.text));
  for (const row of rows) for (const f of row) counts.set(f, (counts.get(f) ?? 0) + 1);
  const kept = rows.map((row) => row.filter((f) => (counts.get(f) ?? 0) >= MIN_COUNT));
  const w = new Map<string, number>();
  let bias = -2;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    data.forEach((d, i) => {
      const row = kept[i] ?? [];
      let z = bias;
      for (const f of row) z += w.get(f) ?? 0;
      const gradient = 1 / (1 + Math.exp(-z)) - d.y;
      for (const f of row) {
        const old = w.get(f) ?? 0;
        w.set(f, old - RATE * (gradient + RIDGE * old));
      }
      bias -= BIAS_RATE * gradient;
    });
  }
  const weights: Record<string, number> = {};
  for (const [f, v] of [...w].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (Math.abs(v) >= PRUNE) weights[f] = Math.round(v * 1000) / 1000;
  return { bias: Math.round(bias * 1000) / 1000, weights };
}
