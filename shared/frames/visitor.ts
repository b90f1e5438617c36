/** Frames a visitor's widget sends to /ws/visitor. One schema per frame. */
import * as v from 'valibot';
import { VisitorEvents, VisitorFrustration } from './telemetry.ts';
import { clientId, locale, messageText, page, protocolVersion, seq, visitorUser } from './fields.ts';

/** First frame. No token starts a new conversation; a token resumes it from lastSeq. */
export const VisitorHello = v.object({
  type: v.literal('hello'),
  v: protocolVersion,
  token: v.optional(v.pipe(v.string(), v.minLength(16), v.maxLength(128))),
  lastSeq: v.optional(seq),
  page: v.optional(page),
  locale: v.optional(locale),
  user: v.optional(visitorUser),
});

export const VisitorMessage = v.object({ type: v.literal('message'), id: clientId, text: messageText });

/** "Talk to a person" pressed. The id makes a repeated press idempotent. */
export const VisitorHuman = v.object({ type: v.literal('human'), id: clientId });

export const VisitorIdentify = v.object({ type: v.literal('identify'), user: visitorUser });

export const Ping = v.object({ type: v.literal('ping') });

export const VISITOR_FRAMES = {
  hello: VisitorHello,
  message: VisitorMessage,
  human: VisitorHuman,
  identify: VisitorIdentify,
  ping: Ping,
  events: VisitorEvents,
  frustration: VisitorFrustration,
} as const;

export type VisitorHelloFrame = v.InferOutput<typeof VisitorHello>;
export type VisitorMessageFrame = v.InferOutput<typeof VisitorMessage>;
export type VisitorHumanFrame = v.InferOutput<typeof VisitorHuman>;
export type VisitorIdentifyFrame = v.InferOutput<typeof VisitorIdentify>;
export type VisitorEventsFrame = v.InferOutput<typeof VisitorEvents>;
export type VisitorFrustrationFrame = v.InferOutput<typeof VisitorFrustration>;
export type VisitorFrame = { [K in keyof typeof VISITOR_FRAMES]: v.InferOutput<(typeof VISITOR_FRAMES)[K]> }[keyof typeof VISITOR_FRAMES];
