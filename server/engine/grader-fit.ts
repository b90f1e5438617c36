/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 177 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -1.364,
  weights: {
    strength: 0.495,
    coverage: 0.483,
    passage: 0.832,
    unknown: 0.245,
    typeFit: 0.672,
    margin: 0.274,
    intent: 0.096,
    specifics: 0.275,
    specificsPassage: 0.134,
    normScore: 0.54,
    questionPassage: 1.325,
    questionCoverage: 1.304,
    asksPermission: -1.51,
    asksOutcome: -0.551,
    asksHow: 0.897,
    asksWho: -0.299
  }
};
