/**
 * The server's own reading of a visitor's frustration. It replays the stored
 * conversation (what the visitor sent, the replies, the hand-overs) through the
 * widget's detector, so the text signals are computed from what arrived, not
 * taken from the client. The widget's reported score adds what only the page
 * sees (rage clicks, deletions, a thumbs-down), but never more than one strong
 * signal's worth beyond what the server saw itself: a client alone cannot make
 * a hand-over happen.
 */
import type { Signal, WidgetEvent } from '../../shared/frames/telemetry.ts';
import type { Entry, Frustration } from '../../shared/model.ts';
import { createDetector } from '../../shared/frustration/detector.ts';
import { actsModel } from '../engine/acts.ts';
import type { FrustrationThresholds } from '../engine/assistant.ts';

/** The widget's last report, clamped to 0..1. */
export interface ClientReport {
  score: number;
  signals: readonly Signal[];
}

/**
 * The conversation's log as widget events. A hand-over the visitor asked for
 * is a press of the button, unless the message just before asked in words
 * (that request is already counted from the message).
 */
export function transcriptEvents(entries: readonly Entry[]): WidgetEvent[] {
  const asks = (text: string) => actsModel().of(text) === 'person';
  return entries.flatMap((e, i): WidgetEvent[] => {
    if (e.kind === 'message') {
      if (e.role === 'visitor') {
        const act = actsModel().of(e.text);
        return act ? [{ t: e.at, type: 'send', text: e.text }, { t: e.at, type: 'act', act }] : [{ t: e.at, type: 'send', text: e.text }];
      }
      return [{ t: e.at, type: 'reply', from: e.role === 'agent' ? 'agent' : 'bot', text: e.text, confidence: e.confidence ?? null }];
    }
    const before = entries[i - 1];
    const inWords = before?.kind === 'message' && before.role === 'visitor' && asks(before.text);
    if (e.to === 'queued') return e.reason === 'visitor_request' && !inWords ? [{ t: e.at, type: 'human' }, { t: e.at, type: 'handoff', state: 'queued' }] : [{ t: e.at, type: 'handoff', state: 'queued' }];
    if (e.to === 'human') return [{ t: e.at, type: 'handoff', state: 'joined' }];
    return e.to === 'resolved' ? [{ t: e.at, type: 'resolve' }] : [];
  });
}

export function clampScore(score: number): number {
  return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
}

/** The log since the conversation last came back to the assistant. */
export function currentEpisode(entries: readonly Entry[]): readonly Entry[] {
  const start = entries.findLastIndex((e) => e.kind === 'state' && (e.to === 'bot' || e.to === 'resolved'));
  return entries.slice(start + 1);
}

/** The frustration the server stands behind, from the stored log and the widget's last report. */
export function judgeFrustration(entries: readonly Entry[], thresholds: FrustrationThresholds, client: ClientReport | null, now: number): Frustration {
  const detector = createDetector({ offerHumanAt: thresholds.offerHumanAt });
  for (const event of transcriptEvents(currentEpisode(entries))) detector.push(event);
  detector.tick(now);
  const seen = detector.outcome();
  const own = seen.score;
  const ceiling = 1 - (1 - own) * (1 - thresholds.offerHumanAt);
  const score = Math.round(Math.max(own, Math.min(clampScore(client?.score ?? 0), ceiling)) * 1000) / 1000;
  const signals = [...new Set([...seen.signals, ...(client?.signals ?? [])])];
  return { score, signals, at: now };
}
