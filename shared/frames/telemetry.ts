/**
 * The widget's own events (FORMAT.md section 4 vocabulary), the frustration
 * signals read from them, and the exit report a leaving page sends. One schema
 * each; the detector, the eval's trace reader and the server share them.
 */
import * as v from 'valibot';
import { LIMITS } from '../limits.ts';
import { ACTS } from '../acts/acts.ts';
import { CLICK_TARGETS, EXIT_STAGES, SIGNALS } from '../frustration/signals.ts';

export type { ExitStage, Signal } from '../frustration/signals.ts';

const at = v.pipe(v.number(), v.minValue(0));
const coord = v.pipe(v.number(), v.minValue(-100_000), v.maxValue(100_000));
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
/** Event text is what the visitor sent or was shown; the socket batch leaves it out (the server has the messages). */
const eventText = v.pipe(v.string(), v.maxLength(LIMITS.maxMessageChars * 4));

export const WidgetEventSchema = v.variant('type', [
  v.object({ t: at, type: v.picklist(['open', 'close', 'hidden', 'visible', 'leave', 'human', 'resolve']) }),
  v.object({ t: at, type: v.literal('send'), text: v.optional(eventText) }),
  v.object({ t: at, type: v.literal('reply'), from: v.picklist(['bot', 'agent']), text: v.optional(eventText), confidence: v.optional(v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1)))) }),
  v.object({ t: at, type: v.literal('click'), x: coord, y: coord, target: v.picklist(CLICK_TARGETS) }),
  v.object({ t: at, type: v.literal('typing'), chars: count, deletes: count }),
  v.object({ t: at, type: v.literal('feedback'), value: v.picklist(['up', 'down']) }),
  v.object({ t: at, type: v.literal('handoff'), state: v.picklist(['queued', 'joined']) }),
  /** What the server read a sent message as (server/engine/acts.ts), from the message's ack: one reading for widget and server. */
  v.object({ t: at, type: v.literal('act'), act: v.picklist(ACTS) }),
]);
export type WidgetEvent = v.InferOutput<typeof WidgetEventSchema>;

const unit = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const signalList = v.pipe(v.array(v.picklist(SIGNALS)), v.maxLength(SIGNALS.length));

/** Batched widget events over the socket (texts left out). */
export const VisitorEvents = v.object({
  type: v.literal('events'),
  events: v.pipe(v.array(WidgetEventSchema), v.minLength(1), v.maxLength(LIMITS.maxEventsPerBatch)),
});

/** The widget's frustration score: the server clamps it, rate-limits it and checks it against what it saw itself. */
export const VisitorFrustration = v.object({
  type: v.literal('frustration'),
  score: v.pipe(v.number(), v.finite()),
  signals: signalList,
});

/** Sent once per exit (sendBeacon, or fetch with keepalive) to POST /api/sites/:site/exit. */
export const ExitReportSchema = v.object({
  token: v.pipe(v.string(), v.minLength(16), v.maxLength(128)),
  /** One id per exit: a report that arrives twice is stored once. */
  exitId: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.maxClientIdChars), v.regex(/^[A-Za-z0-9_-]+$/)),
  abandoned: v.boolean(),
  rageQuit: v.boolean(),
  stage: v.picklist(EXIT_STAGES),
  frustration: unit,
  maxFrustration: unit,
  signals: signalList,
  lastConfidence: v.nullable(unit),
});
export type ExitReport = v.InferOutput<typeof ExitReportSchema>;
