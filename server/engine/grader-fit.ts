/**
 * The grader's fitted weights, written by `npm run calibrate` (server/eval/calibrate.ts)
 * from 177 labelled questions. Method and data: docs/CALIBRATION.md. Re-run the fit; do not edit by hand.
 */
import type { GraderFit } from './grader.ts';

export const GRADER_FIT: GraderFit = {
  bias: -1.247,
  weights: {
    strength: 0.398,
    coverage: 0.494,
    passage: 0.635,
    unknown: 0.114,
    typeFit: 0.694,
    margin: 0.427,
    intent: 0.025,
    specifics: 0.318,
    specificsPassage: 0.084,
    normScore: 0.462,
    questionPassage: 1.399,
    questionCoverage: 1.369,
    asksPermission: -1.479,
    asksOutcome: -0.531,
    asksHow: 0.901,
    asksWho: -0.322
  }
};
