/**
 * The trace eval (FORMAT.md sections 4 and 5): every trace through the
 * widget's own detector module, one fresh detector per trace.
 */
import { createDetector } from '../../shared/frustration/detector.ts';
import type { TraceCaseT } from './cases.ts';

export interface TraceOutput {
  id: string;
  frustrated: boolean;
  abandoned: boolean;
  rageQuit: boolean;
  maxFrustration: number;
}

export function runTraces(cases: readonly TraceCaseT[], offerHumanAt: number): TraceOutput[] {
  return cases.map((c) => {
    const detector = createDetector({ offerHumanAt });
    for (const event of c.events) detector.push(event);
    const { frustrated, abandoned, rageQuit, maxFrustration } = detector.outcome();
    return { id: c.id, frustrated, abandoned, rageQuit, maxFrustration };
  });
}

interface PrecisionRecall {
  precision: number | null;
  recall: number | null;
}

function precisionRecall(pairs: readonly { said: boolean; truth: boolean }[]): PrecisionRecall {
  const tp = pairs.filter((p) => p.said && p.truth).length;
  const said = pairs.filter((p) => p.said).length;
  const truth = pairs.filter((p) => p.truth).length;
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  return { precision: said ? round(tp / said) : null, recall: truth ? round(tp / truth) : null };
}

/** Precision and recall of each label over the traces that carry it; a rage-quit is expected when both are. */
export function tracesSummary(cases: readonly TraceCaseT[], outputs: readonly TraceOutput[]) {
  const labelled = (key: 'frustrated' | 'abandoned' | 'rageQuit') =>
    cases.flatMap((c, i) => {
      const e = c.expect;
      const truth = key === 'rageQuit' ? (e?.frustrated !== undefined && e.abandoned !== undefined ? e.frustrated && e.abandoned : undefined) : e?.[key];
      return truth === undefined ? [] : [{ said: outputs[i]![key], truth }];
    });
  const calmFlagged = cases.filter((c, i) => c.expect?.frustrated === false && outputs[i]!.frustrated).length;
  return {
    traces: cases.length,
    frustrated: precisionRecall(labelled('frustrated')),
    abandoned: precisionRecall(labelled('abandoned')),
    rageQuit: precisionRecall(labelled('rageQuit')),
    calmFlaggedFrustrated: calmFlagged,
  };
}
