/**
 * The trace eval (FORMAT.md sections 4 and 5): every trace through the
 * widget's own detector module, one fresh detector per trace. Each message
 * sent is followed by what the server's acts model reads it as, as the
 * widget hears it in the message's ack.
 */
import { createDetector } from '../../shared/frustration/detector.ts';
import type { WidgetEvent } from '../../shared/frames/telemetry.ts';
import { actsModel } from '../engine/acts.ts';
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
    for (const event of c.events) for (const e of withActs(event)) detector.push(e);
    const { frustrated, abandoned, rageQuit, maxFrustration } = detector.outcome();
    return { id: c.id, frustrated, abandoned, rageQuit, maxFrustration };
  });
}

/** A send, then its act when it has one (a trace that records its own act events keeps them). */
function withActs(event: WidgetEvent): WidgetEvent[] {
  if (event.type !== 'send' || !event.text) return [event];
  const act = actsModel().of(event.text);
  return act ? [event, { t: event.t, type: 'act', act }] : [event];
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
