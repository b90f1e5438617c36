/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 177 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -5.306,
  weights: {
    strength: 2.118,
    coverage: 0.969,
    passage: 1.785,
    unknown: 0.299,
    typeFit: 2.485,
    margin: 0.06,
    intent: -0.339,
    specifics: 0.558,
    specificsPassage: 0.726,
    normScore: 0.88,
    questionPassage: 1.333,
    questionCoverage: 0.591
  }
};
