/** Frames a visitor's widget sends to /ws/visitor. One schema per frame. */
import * as v from 'valibot';
import { VisitorEvents, VisitorFrustration } from './telemetry.ts';
import { LIMITS, SURVEY_SCALE } from '../limits.ts';
import { clientId, email, locale, messageText, page, protocolVersion, seq, visitorUser } from './fields.ts';

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

/** The visitor started or stopped typing. Only the fact travels: what they type stays in the widget until sent. */
export const VisitorTyping = v.object({ type: v.literal('typing'), on: v.boolean() });

/** An e-mail left while no person is there, to be answered later. The id makes a resend idempotent. */
export const VisitorContact = v.object({ type: v.literal('contact'), id: clientId, email });

/** The effort survey after a resolve: "How easy was it to get your issue handled?" Once per conversation. */
export const VisitorSurvey = v.object({
  type: v.literal('survey'),
  id: clientId,
  score: v.pipe(v.number(), v.integer(), v.minValue(SURVEY_SCALE.min), v.maxValue(SURVEY_SCALE.max)),
  comment: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.maxSurveyCommentChars))),
});

export const VISITOR_FRAMES = {
  hello: VisitorHello,
  message: VisitorMessage,
  human: VisitorHuman,
  identify: VisitorIdentify,
  ping: Ping,
  events: VisitorEvents,
  frustration: VisitorFrustration,
  typing: VisitorTyping,
  contact: VisitorContact,
  survey: VisitorSurvey,
} as const;

export type VisitorHelloFrame = v.InferOutput<typeof VisitorHello>;
export type VisitorMessageFrame = v.InferOutput<typeof VisitorMessage>;
export type VisitorHumanFrame = v.InferOutput<typeof VisitorHuman>;
export type VisitorIdentifyFrame = v.InferOutput<typeof VisitorIdentify>;
export type VisitorEventsFrame = v.InferOutput<typeof VisitorEvents>;
export type VisitorFrustrationFrame = v.InferOutput<typeof VisitorFrustration>;
export type VisitorContactFrame = v.InferOutput<typeof VisitorContact>;
export type VisitorSurveyFrame = v.InferOutput<typeof VisitorSurvey>;
export type VisitorFrame = { [K in keyof typeof VISITOR_FRAMES]: v.InferOutput<(typeof VISITOR_FRAMES)[K]> }[keyof typeof VISITOR_FRAMES];
