/**
 * Multinomial logistic regression over sparse TF-IDF columns and a dense
 * word-vector block, trained by seeded stochastic gradient descent with L2
 * and a linearly decaying step. Weights are stored column-major by feature
 * (one row of `classes` floats per column), so scoring a message reads only
 * the rows of its own features.
 */
import type { Encoded } from './features.ts';
import { seeded, shuffle } from './hash.ts';

export interface SoftmaxWeights {
  classes: number;
  columns: number;
  denseDims: number;
  /** columns x classes, then denseDims x classes. */
  sparse: Float32Array;
  dense: Float32Array;
  bias: Float32Array;
}

export interface TrainOptions {
  epochs: number;
  /** The first step's size; it falls linearly to a tenth. */
  rate: number;
  /** L2 strength per step on the rows a step touches. */
  l2: number;
  seed: number;
}

export interface Example {
  x: Encoded;
  label: number;
  weight: number;
}

/** Raw scores (logits) of every class. */
export function logits(w: SoftmaxWeights, x: Encoded, out: Float64Array<ArrayBuffer> = new Float64Array(w.classes)): Float64Array<ArrayBuffer> {
  const k = w.classes;
  for (let c = 0; c < k; c++) out[c] = w.bias[c]!;
  for (let i = 0; i < x.cols.length; i++) {
    const base = x.cols[i]! * k;
    const v = x.vals[i]!;
    for (let c = 0; c < k; c++) out[c]! += w.sparse[base + c]! * v;
  }
  if (x.dense && w.denseDims > 0) {
    for (let d = 0; d < w.denseDims; d++) {
      const v = x.dense[d]!;
      if (v === 0) continue;
      const base = d * k;
      for (let c = 0; c < k; c++) out[c]! += w.dense[base + c]! * v;
    }
  }
  return out;
}

/** Softmax of logits divided by a temperature, in place. */
export function softmax(scores: Float64Array<ArrayBuffer>, temperature = 1): Float64Array<ArrayBuffer> {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = Math.exp((scores[c]! - max) / temperature);
    sum += scores[c]!;
  }
  for (let c = 0; c < scores.length; c++) scores[c]! /= sum;
  return scores;
}

/** Below this a class's gradient is skipped: late in training most classes are near 0 and the step would not move them. */
const TINY = 1e-4;

export function train(examples: readonly Example[], classes: number, columns: number, denseDims: number, options: TrainOptions): SoftmaxWeights {
  const w: SoftmaxWeights = {
    classes,
    columns,
    denseDims,
    sparse: new Float32Array(columns * classes),
    dense: new Float32Array(denseDims * classes),
    bias: new Float32Array(classes),
  };
  const random = seeded(options.seed);
  const order = examples.map((_, i) => i);
  const total = options.epochs * examples.length;
  const scores = new Float64Array(classes);
  const grad = new Float64Array(classes);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { x, label, weight } = examples[i]!;
      const rate = options.rate * (1 - (0.9 * step++) / total);
      softmax(logits(w, x, scores));
      let active = 0;
      for (let c = 0; c < classes; c++) {
        const g = (scores[c]! - (c === label ? 1 : 0)) * weight * rate;
        grad[c] = Math.abs(g) < TINY * rate ? 0 : g;
        if (grad[c] !== 0) active++;
      }
      if (active === 0) continue;
      const decay = 1 - rate * options.l2;
      for (let c = 0; c < classes; c++) w.bias[c]! -= grad[c]!;
      for (let j = 0; j < x.cols.length; j++) {
        const base = x.cols[j]! * classes;
        const v = x.vals[j]!;
        for (let c = 0; c < classes; c++) w.sparse[base + c] = w.sparse[base + c]! * decay - grad[c]! * v;
      }
      if (x.dense && denseDims > 0) {
        for (let d = 0; d < denseDims; d++) {
          const v = x.dense[d]!;
          const base = d * classes;
          for (let c = 0; c < classes; c++) w.dense[base + c] = w.dense[base + c]! * decay - grad[c]! * v;
        }
      }
    }
  }
  return w;
}
