/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 219 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -0.875,
  weights: {
    strength: 0.472,
    coverage: 0.419,
    passage: 0.516,
    unknown: 0.133,
    typeFit: 0.799,
    margin: 0.904,
    intent: -0.186,
    specifics: 0.342,
    specificsPassage: 0.118,
    normScore: 0.329,
    questionPassage: 0.905,
    questionCoverage: 1.009,
    asksPermission: -1.144,
    asksOutcome: -0.416,
    asksHow: 0.441,
    asksWho: -0.579,
    conditional: 0,
    plans: -1.108
  }
};
