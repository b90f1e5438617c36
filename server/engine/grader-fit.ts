/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 177 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -1.709,
  weights: {
    strength: 0.284,
    coverage: 0.49,
    passage: 0.73,
    unknown: -0.179,
    typeFit: 1.46,
    margin: 0.289,
    intent: 0.055,
    specifics: 0.437,
    specificsPassage: 0.111,
    normScore: 0.666,
    questionPassage: 1.153,
    questionCoverage: 1.034
  }
};
