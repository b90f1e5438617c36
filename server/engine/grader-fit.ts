/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 219 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -0.839,
  weights: {
    strength: 0.484,
    coverage: 0.286,
    passage: 0.375,
    unknown: 0.335,
    typeFit: 0.723,
    margin: 1.029,
    intent: -0.213,
    specifics: 0.241,
    specificsPassage: 0.012,
    normScore: 0.121,
    questionPassage: 0.57,
    questionCoverage: 0.621,
    asksPermission: -1.165,
    asksOutcome: -0.439,
    asksHow: 0.341,
    asksWho: -0.782,
    conditional: 0.071,
    plans: -1.13,
    keyTerm: 1.118,
    keyTerms: 0.893
  }
};
