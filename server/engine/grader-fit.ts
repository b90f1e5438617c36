/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 177 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -1.662,
  weights: {
    strength: 0.514,
    coverage: 0.648,
    passage: 0.908,
    unknown: -0.108,
    typeFit: 1.229,
    margin: 0.079,
    intent: 0.113,
    specifics: 0.352,
    specificsPassage: 0.38,
    normScore: 0.467,
    questionPassage: 1.026,
    questionCoverage: 0.639
  }
};
