/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 219 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -1.055,
  weights: {
    strength: 0.503,
    coverage: 0.246,
    passage: 0.365,
    unknown: 0.361,
    typeFit: 0.729,
    margin: 0.99,
    intent: 0.088,
    specifics: 0.252,
    specificsPassage: 0.029,
    normScore: 0.09,
    questionPassage: 0.574,
    questionCoverage: 0.647,
    asksPermission: -1.162,
    asksOutcome: -0.434,
    asksHow: 0.345,
    asksWho: -0.771,
    conditional: 0.076,
    plans: -1.142,
    keyTerm: 1.115,
    keyTerms: 0.89
  }
};
