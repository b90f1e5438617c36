/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 177 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -1.709,
  weights: {
    strength: 0.669,
    coverage: 0.672,
    passage: 0.803,
    unknown: -0.105,
    typeFit: 1.225,
    margin: 0.195,
    intent: 0,
    specifics: 0.425,
    specificsPassage: 0.466,
    normScore: 0.425,
    questionPassage: 0.793,
    questionCoverage: 0.645
  }
};
