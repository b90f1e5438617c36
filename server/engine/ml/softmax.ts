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

/** Raw scores (logits) of every class. Typed arrays are read into locals: the hot loop must not reload them. */
export function logits(w: SoftmaxWeights, x: Encoded, out: Float64Array<ArrayBuffer> = new Float64Array(w.classes)): Float64Array<ArrayBuffer> {
  const k = w.classes;
  const bias = w.bias;
  const sparse = w.sparse;
  const cols = x.cols;
  const vals = x.vals;
  for (let c = 0; c < k; c++) out[c] = bias[c]!;
  for (let i = 0; i < cols.length; i++) {
    const base = cols[i]! * k;
    const v = vals[i]!;
    for (let c = 0; c < k; c++) out[c]! += sparse[base + c]! * v;
  }
  const dense = x.dense;
  if (dense && w.denseDims > 0) {
    const weights = w.dense;
    for (let d = 0; d < w.denseDims; d++) {
      const v = dense[d]!;
      if (v === 0) continue;
      const base = d * k;
      for (let c = 0; c < k; c++) out[c]! += weights[base + c]! * v;
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
const TINY = 1e-3;

/** How many wrong classes a step moves at most. */
const RIVALS = 16;

/** The probability of the RIVALS-th strongest wrong class: classes below it are left alone this step. */
function rivalFloor(scores: Float64Array, label: number, into: Float64Array): number {
  into.set(scores);
  into[label] = -1;
  into.sort();
  return into[into.length - RIVALS]!;
}

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
  const moving = new Int32Array(classes);
  const sorted = new Float64Array(classes);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { x, label, weight } = examples[i]!;
      const rate = options.rate * (1 - (0.9 * step++) / total);
      softmax(logits(w, x, scores));
      // Only classes whose gradient still matters move (the right one and its rivals): late in training that is
      // a few of 150, and their rows' L2 decays with them.
      let active = 0;
      // With many classes only the right one and its strongest rivals move: the rest are near 0 and their step
      // would be near 0 too, while updating every class would cost most of a 150-intent policy's training.
      const floor = classes > RIVALS + 1 ? rivalFloor(scores, label, sorted) : 0;
      for (let c = 0; c < classes; c++) {
        if (c !== label && scores[c]! < floor) continue;
        const g = (scores[c]! - (c === label ? 1 : 0)) * weight * rate;
        if (Math.abs(g) >= TINY * rate) {
          moving[active] = c;
          grad[active++] = g;
        }
      }
      if (active === 0) continue;
      const decay = 1 - rate * options.l2;
      const { sparse, dense: denseWeights, bias } = w;
      const { cols, vals, dense } = x;
      for (let a = 0; a < active; a++) bias[moving[a]!]! -= grad[a]!;
      for (let j = 0; j < cols.length; j++) {
        const base = cols[j]! * classes;
        const v = vals[j]!;
        for (let a = 0; a < active; a++) {
          const at = base + moving[a]!;
          sparse[at] = sparse[at]! * decay - grad[a]! * v;
        }
      }
      if (dense && denseDims > 0) {
        for (let d = 0; d < denseDims; d++) {
          const v = dense[d]!;
          const base = d * classes;
          for (let a = 0; a < active; a++) {
            const at = base + moving[a]!;
            denseWeights[at] = denseWeights[at]! * decay - grad[a]! * v;
          }
        }
      }
    }
  }
  return w;
}
