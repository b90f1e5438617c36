/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 177 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -1.264,
  weights: {
    strength: 0.488,
    coverage: 0.472,
    passage: 0.769,
    unknown: 0.143,
    typeFit: 0.589,
    margin: 1.086,
    intent: 0.104,
    specifics: 0.222,
    specificsPassage: 0.074,
    normScore: 0.313,
    questionPassage: 1.297,
    questionCoverage: 1.289,
    asksPermission: -1.495,
    asksOutcome: -0.496,
    asksHow: 0.939,
    asksWho: -0.29
  }
};
