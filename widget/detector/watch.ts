/**
 * The detector at work in the widget: it hears the widget's own events (from
 * the store and the panel's actions) and the DOM adapter's, keeps the score in
 * the store (the panel offers a person at offerHumanAt), tells the server when
 * the score rises (the server decides the hand-over at handoffAt), batches the
 * events to the server, and on exit sends one report by beacon.
 */
import type { ExitReport, ExitStage, WidgetEvent } from '../../shared/frames/telemetry.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { Entry } from '../../shared/model.ts';
import { clientId } from '../ids.ts';
import type { Session } from '../session.ts';
import type { WidgetState, WidgetStore } from '../store.ts';
import { createDetector } from '../../shared/frustration/detector.ts';

/** Events are sent in batches: at this many, or this long after the first of a batch. */
const BATCH_EVENTS = 20;
const BATCH_MS = 10_000;
/** While a visitor waits for a person, the wait is checked this often. */
const TICK_MS = 5_000;
/** Kept to rebuild the detector when the policy's thresholds arrive; a long session keeps its newest. */
const HISTORY = 500;
/** What the widget assumes before the server's welcome says otherwise (FORMAT.md defaults). */
const DEFAULT_OFFER_AT = 0.5;

/** Events the visitor makes: after one, a new exit gets a new report. */
const ACTIVITY: ReadonlySet<WidgetEvent['type']> = new Set(['open', 'visible', 'send', 'click', 'typing', 'feedback', 'human']);

/** Where the visitor is, from what the panel shows: queued, with a person, waiting for the assistant, reading its reply, or nothing open. */
export function stageOf(s: Pick<WidgetState, 'convState' | 'entries' | 'pending' | 'humanRequested'>): ExitStage {
  if (s.convState === 'queued' || s.humanRequested) return 'queued';
  if (s.convState === 'human') return 'with_person';
  if (s.convState === 'resolved') return 'idle';
  const last = s.entries.findLast((e) => e.kind === 'message');
  if (s.pending.length > 0 || last?.role === 'visitor') return 'waiting_assistant';
  return last ? 'after_reply' : 'idle';
}

export interface Watcher {
  push(event: WidgetEvent): void;
  /** A live entry from the server. */
  entry(entry: Entry): void;
  thresholds(offerHumanAt: number): void;
  stop(): void;
}

export interface WatchOptions {
  store: WidgetStore;
  session: Pick<Session, 'telemetry' | 'token'>;
  /** POST target of the exit report. */
  exitUrl: string;
  now?: () => number;
}

export function watch({ store, session, exitUrl, now = Date.now }: WatchOptions): Watcher {
  const history: WidgetEvent[] = [];
  let offerAt = DEFAULT_OFFER_AT;
  let detector = createDetector({ offerHumanAt: offerAt });
  let batch: WidgetEvent[] = [];
  let batchTimer: ReturnType<typeof setTimeout> | undefined;
  // Armed by the visitor's first activity on this page: a returning visitor who only passes through reports nothing.
  let reported = true;
  let sentScore = 0;
  let lastConfidence: number | null = null;

  const flush = () => {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    while (batch.length > 0) session.telemetry({ type: 'events', events: batch.splice(0, LIMITS.maxEventsPerBatch) });
  };

  const update = () => {
    const { score, signals } = detector.outcome();
    store.getState().setFrustration(score, offerAt);
    if (score > sentScore) {
      sentScore = score;
      session.telemetry({ type: 'frustration', score, signals });
    }
  };

  const exit = () => {
    const token = session.token;
    if (reported || !token) return;
    reported = true;
    flush();
    const o = detector.outcome();
    const report: ExitReport = {
      token,
      exitId: clientId(),
      abandoned: o.abandoned,
      rageQuit: o.rageQuit,
      stage: stageOf(store.getState()),
      frustration: o.score,
      maxFrustration: o.maxFrustration,
      signals: o.signals,
      lastConfidence,
    };
    const body = JSON.stringify(report);
    // A string body goes as text/plain: no CORS preflight, which a leaving page would never wait for.
    if (!navigator.sendBeacon?.(exitUrl, body)) void fetch(exitUrl, { method: 'POST', body, keepalive: true, headers: { 'Content-Type': 'text/plain' } }).catch(() => {});
  };

  /** A detector on these events under the current threshold; what was told to the server starts again. */
  const rebuild = (events: WidgetEvent[]) => {
    detector = createDetector({ offerHumanAt: offerAt });
    for (const e of events) detector.push(e);
    sentScore = 0;
    update();
  };

  const push = (event: WidgetEvent) => {
    history.push(event);
    if (history.length > HISTORY) history.shift();
    detector.push(event);
    if (ACTIVITY.has(event.type)) reported = false;
    // The server has every message: the batch carries what happened, not what was said.
    const { text: _text, ...bare } = event as WidgetEvent & { text?: string };
    batch.push(bare as WidgetEvent);
    if (batch.length >= BATCH_EVENTS) flush();
    else batchTimer ??= setTimeout(flush, BATCH_MS);
    update();
    if (event.type === 'hidden' || event.type === 'leave') exit();
  };

  const ticker = setInterval(() => {
    if (stageOf(store.getState()) !== 'queued') return;
    detector.tick(now());
    update();
  }, TICK_MS);

  const unsubscribe = store.subscribe((s, before) => {
    if (s.open !== before.open) push({ t: now(), type: s.open ? 'open' : 'close' });
  });

  return {
    push,
    entry(e) {
      if (e.kind === 'message') {
        if (e.role === 'assistant') lastConfidence = e.confidence ?? null;
        if (e.role !== 'visitor') push({ t: now(), type: 'reply', from: e.role === 'agent' ? 'agent' : 'bot', confidence: e.confidence ?? null });
      } else if (e.to === 'queued' || e.to === 'human') push({ t: now(), type: 'handoff', state: e.to === 'queued' ? 'queued' : 'joined' });
      else {
        if (e.to === 'resolved') push({ t: now(), type: 'resolve' });
        // Resolved, or back with the assistant: a new episode, judged afresh (as the server does).
        history.length = 0;
        rebuild([]);
      }
    },
    thresholds(next) {
      if (next === offerAt) return;
      offerAt = next;
      rebuild(history);
    },
    stop() {
      clearInterval(ticker);
      unsubscribe();
      flush();
    },
  };
}
