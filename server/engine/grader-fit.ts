/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 94 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -4.275,
  weights: {
    strength: 3.39,
    coverage: 1.834,
    passage: 1.471,
    unknown: -0.474,
    typeFit: 2.004,
    margin: -0.075,
    intent: -1.56,
    specifics: 0.309,
    specificsPassage: -0.385
  }
};
