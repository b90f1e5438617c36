/**
 * Frustration and abandonment from the widget's own events (FORMAT.md section
 * 4), with no DOM: the widget feeds it through a thin adapter, the eval feeds
 * it recorded traces, the server feeds it what the visitor sent. The rubric is
 * the contract: one strong signal or two different weak ones make a visitor
 * frustrated, and the score is built to reach `offerHumanAt` exactly then.
 *
 * A closure rather than a class: every byte ships in the widget, and a
 * minifier can shorten local names but not properties.
 */
import { sameNeed } from '../acts/repeat.ts';
import { acknowledges, angerCues, negative } from './text.ts';
import { STRONG_SIGNALS, type Signal } from './signals.ts';
import type { WidgetEvent } from '../frames/telemetry.ts';

export interface DetectorOptions {
  offerHumanAt: number;
}

/** Rage click: this many clicks within RAGE_MS, all within RAGE_PX of the first. */
const RAGE_CLICKS = 3;
const RAGE_MS = 1000;
const RAGE_PX = 30;
/** Rapid fire: this many messages within RAPID_MS. */
const RAPID_MESSAGES = 3;
const RAPID_MS = 10_000;
/** Waiting for a person longer than this is a weak signal. */
const LONG_WAIT_MS = 60_000;

/** Events that put the widget or page away, and events the server causes (they do not mean the visitor came back). Event types are a closed set, so a word list is enough. */
const AWAY = 'leave close hidden';
const SERVER_EVENTS = 'reply handoff resolve act';

/** What is still open: a reply awaited, a person awaited, a reply not acknowledged; nothing yet (idle), or nothing since it was settled (none). */
type Pending = 'idle' | 'none' | 'reply' | 'person' | 'ack';

/** What the detector concludes so far; `abandoned` as if the trace ended here. */
export interface Outcome {
  /** The score now (0..1), and the highest it has been. */
  score: number;
  maxFrustration: number;
  frustrated: boolean;
  abandoned: boolean;
  rageQuit: boolean;
  /** The signals seen so far, in the order first seen. */
  signals: Signal[];
}

export interface Detector {
  push(event: WidgetEvent): void;
  /** Time passing with nothing else happening (the widget ticks while a visitor waits for a person). */
  tick(now: number): void;
  outcome(): Outcome;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function createDetector(options: DetectorOptions): Detector {
  const offerAt = options.offerHumanAt;
  // 1 - score is the product of (1 - w) over what was seen. A strong occurrence has w = offerHumanAt, so one
  // alone reaches it; a weak kind has the w at which two different ones reach it and one does not, and counts
  // once however often it recurs (the rubric wants two different ones). Strong occurrences keep adding (a
  // second burst, an insult in capitals), which is what carries a visitor on to handoffAt.
  const weak = 1 - Math.sqrt(1 - offerAt);
  const seen = new Map<Signal, number>();
  let max = 0;
  let clicks: { t: number; x: number; y: number }[] = [];
  let sends: number[] = [];
  /** What the visitor asked; the first `answered` of them a reply has followed (a repeat of one is the same question again). */
  const asked: string[] = [];
  let answered = 0;
  let personAsks = 0;
  let queuedAt: number | null = null;
  let pending: Pending = 'idle';
  /** The visitor left, or put the widget or page away; their next activity clears it. */
  let away = false;

  const score = () => {
    let calm = 1;
    for (const [s, n] of seen) calm *= (STRONG_SIGNALS as readonly string[]).includes(s) ? (1 - offerAt) ** n : 1 - weak;
    return 1 - calm;
  };
  const signal = (s: Signal) => {
    seen.set(s, (seen.get(s) ?? 0) + 1);
    max = Math.max(max, score());
  };
  const tick = (now: number) => {
    // A weak kind counts once in the score however often it is seen.
    if (now - (queuedAt ?? now) > LONG_WAIT_MS) signal('long_wait');
  };
  const askedForPerson = () => {
    if (++personAsks >= 2) signal('person_again');
  };

  const click = (t: number, x: number, y: number) => {
    clicks = clicks.filter((c) => t - c.t <= RAGE_MS);
    clicks.push({ t, x, y });
    // Any click in the window can start the burst; every click after it must stay near it.
    for (const [i, first] of clicks.entries()) {
      if (clicks.length - i >= RAGE_CLICKS && clicks.slice(i).every((c) => Math.hypot(c.x - first.x, c.y - first.y) <= RAGE_PX)) {
        signal('rage_click');
        clicks = [];
        return;
      }
    }
  };

  const send = (t: number, text: string) => {
    sends = [...sends.filter((s) => t - s <= RAPID_MS), t];
    if (sends.length >= RAPID_MESSAGES) {
      signal('rapid_fire');
      sends = [];
    }
    for (let cue = angerCues(text); cue > 0; cue--) signal('anger');
    if (negative(text)) signal('negative_phrase');
    if (asked.slice(0, answered).some((q) => sameNeed(q, text))) signal('repeat_question');
    if (acknowledges(text)) {
      pending = 'none';
      return;
    }
    asked.push(text);
    if (pending !== 'person') pending = 'reply';
  };

  const push = (e: WidgetEvent) => {
    tick(e.t);
    if (AWAY.includes(e.type)) away = true;
    else if (!SERVER_EVENTS.includes(e.type)) away = false;
    switch (e.type) {
      case 'click':
        return click(e.t, e.x, e.y);
      case 'typing':
        if (e.deletes > e.chars / 2) signal('heavy_deleting');
        return;
      case 'send':
        return send(e.t, e.text ?? '');
      case 'reply':
        answered = asked.length;
        // A "you're welcome" after thanks leaves the issue settled; a greeting before anything was asked does not.
        if (pending !== 'none') pending = 'ack';
        return;
      case 'feedback':
        if (e.value === 'down') signal('down_feedback');
        else if (pending === 'ack') pending = 'none';
        return;
      case 'act':
        // A request for a person in words, as the server read the message: counted with the button.
        if (e.act === 'person') askedForPerson();
        return;
      case 'human':
        askedForPerson();
        pending = 'person';
        return;
      case 'handoff':
        if (e.state === 'queued') {
          queuedAt ??= e.t;
          pending = 'person';
        } else {
          queuedAt = null;
          pending = 'reply';
        }
        return;
      case 'resolve':
        queuedAt = null;
        pending = 'none';
        return;
    }
  };

  return {
    push,
    tick,
    outcome() {
      // Left with the issue open: a reply not acknowledged, or still waiting for a reply or a person.
      // Compared unrounded (within float error), so any threshold is reached exactly when the rubric says.
      const frustrated = max + 1e-9 >= offerAt;
      const abandoned = away && !'none idle'.includes(pending);
      return {
        score: round(score()),
        maxFrustration: round(max),
        frustrated,
        abandoned,
        rageQuit: frustrated && abandoned,
        signals: [...seen.keys()],
      };
    },
  };
}
