/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 177 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -1.19,
  weights: {
    strength: 0.546,
    coverage: 0.428,
    passage: 0.663,
    unknown: 0.139,
    typeFit: 0.558,
    margin: 1.129,
    intent: 0.168,
    specifics: 0.141,
    specificsPassage: 0.023,
    normScore: 0.261,
    questionPassage: 1.262,
    questionCoverage: 1.356,
    asksPermission: -1.448,
    asksOutcome: -0.414,
    asksHow: 1.038,
    asksWho: -0.336,
    conditional: -0.337,
    plans: -1.259
  }
};
