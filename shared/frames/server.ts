/**
 * Frames the server sends, to visitors and agents. The widget and console check
 * them with these schemas too, so a server change that breaks a client breaks a test.
 */
import * as v from 'valibot';
import { ACTS } from '../acts/acts.ts';
import { AGENT_STATUSES, ERROR_CODES, ROUTES, SAFETY_CATEGORIES, TRANSITION_REASONS, TRIGGER_REASONS } from '../codes.ts';
import { SIGNALS } from '../frustration/signals.ts';
import { conversationId, locale, page, protocolVersion, seq, state, streamId, visitorUser } from './fields.ts';

const agentRef = v.object({ id: v.string(), name: v.string() });
const source = v.object({ article: v.string(), title: v.string(), section: v.string() });
const triggerReason = v.picklist(TRIGGER_REASONS);
const stateReason = v.picklist([...TRIGGER_REASONS, ...TRANSITION_REASONS]);

export const MessageEntrySchema = v.object({
  kind: v.literal('message'),
  id: v.string(),
  seq,
  at: v.number(),
  role: v.picklist(['visitor', 'assistant', 'agent']),
  text: v.string(),
  clientId: v.optional(v.string()),
  author: v.optional(v.string()),
  sources: v.optional(v.array(source)),
  /** The assistant's confidence in this reply (assistant messages only). */
  confidence: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
});

export const StateEntrySchema = v.object({
  kind: v.literal('state'),
  id: v.string(),
  seq,
  at: v.number(),
  from: state,
  to: state,
  reason: stateReason,
  agent: v.optional(agentRef),
});

export const EntrySchema = v.variant('kind', [MessageEntrySchema, StateEntrySchema]);

export const PassageSchema = v.object({
  article: v.string(),
  title: v.string(),
  section: v.string(),
  text: v.string(),
  score: v.number(),
});

export const VisitorFactsSchema = v.object({
  page: v.optional(page),
  locale: v.optional(locale),
  user: v.optional(visitorUser),
});

/** The visitor's frustration as the server judged it: its own text signals plus the widget's report, clamped. */
export const FrustrationSchema = v.object({
  score: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  signals: v.array(v.picklist(SIGNALS)),
  at: v.number(),
});

const intentMatch = v.nullable(v.object({ name: v.string(), score: v.number() }));

export const HandoffPackSchema = v.object({
  reason: triggerReason,
  at: v.number(),
  route: v.picklist(ROUTES),
  intent: intentMatch,
  confidence: v.nullable(v.number()),
  draft: v.nullable(v.string()),
  passages: v.array(PassageSchema),
  unsupportedClaims: v.array(v.string()),
  flags: v.array(v.picklist(SAFETY_CATEGORIES)),
  /** What raised each flag while a person held or awaited the conversation: the visitor's words and their message. */
  evidence: v.optional(v.array(v.object({ category: v.picklist(SAFETY_CATEGORIES), evidence: v.string(), score: v.number(), seq: v.number(), at: v.number() }))),
  visitor: VisitorFactsSchema,
  /** Absent in packs stored before frustration was judged: read as none. */
  frustration: v.optional(v.nullable(FrustrationSchema), null),
  /** Earlier conversations of the same identified visitor on this site (0 for an anonymous one). */
  earlierConversations: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
});

export const SummarySchema = v.object({
  id: v.string(),
  site: v.string(),
  state,
  urgent: v.boolean(),
  reason: v.nullable(stateReason),
  assignee: v.nullable(agentRef),
  createdAt: v.number(),
  updatedAt: v.number(),
  queuedAt: v.nullable(v.number()), // when it last entered the queue: what the waiting time counts from
  lastSeq: seq,
  preview: v.string(),
  visitor: VisitorFactsSchema,
  /** The visitor's frustration score as last judged (0..1), or null before any signal: it orders the queue after urgency. */
  frustration: v.optional(v.nullable(v.number()), null),
  /** The e-mail the visitor left while nobody was there, to follow up. */
  contact: v.optional(v.nullable(v.string()), null),
});

/** Reply to a visitor hello: which conversation this socket is bound to. */
export const Welcome = v.object({
  type: v.literal('welcome'),
  v: protocolVersion,
  conversationId,
  token: v.string(), // keep it: it is the only key back to this conversation
  state,
  lastSeq: seq, // the newest seq on the server; entries after the client's lastSeq follow as events
  /** The site policy's frustration thresholds: the widget offers a person at the first; the server hands over at the second. */
  frustration: v.object({ offerHumanAt: v.pipe(v.number(), v.minValue(0), v.maxValue(1)), handoffAt: v.pipe(v.number(), v.minValue(0), v.maxValue(1)) }),
  /** An e-mail was left already (a reload does not ask again). */
  contactLeft: v.optional(v.boolean(), false),
  /** The effort survey was answered already (it is asked once per conversation). */
  surveyed: v.optional(v.boolean(), false),
});

/**
 * While the conversation waits for a person: its place in the queue (1 = next)
 * and an estimate of the wait, sent on every change. etaMs is null when no
 * agent is online to estimate from.
 */
export const WaitFrame = v.object({
  type: v.literal('wait'),
  conversationId,
  position: v.pipe(v.number(), v.integer(), v.minValue(1)),
  etaMs: v.nullable(v.pipe(v.number(), v.minValue(0))),
  agentsOnline: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** The person on the conversation started or stopped typing (only the person who holds it). */
export const VisitorTypingFrame = v.object({ type: v.literal('typing'), conversationId, on: v.boolean(), name: v.string() });

/** A once-only visitor action was stored: the e-mail left, or the survey answered. */
export const SavedFrame = v.object({ type: v.literal('saved'), conversationId, what: v.picklist(['contact', 'survey']), id: v.string() });

/** One log entry, live or replayed on resume; always in seq order per conversation. */
export const EventFrame = v.object({ type: v.literal('event'), conversationId, entry: EntrySchema });

/** A client message was stored (or had been stored: a repeat gets the same messageId and seq). */
export const Ack = v.object({
  type: v.literal('ack'),
  conversationId,
  clientId: v.string(),
  messageId: v.string(),
  seq,
  /** What the message does, as the server's acts model reads it (a request for a person, a closing...); absent for an ordinary message. */
  act: v.optional(v.picklist(ACTS)),
});

/**
 * A piece of the assistant's reply while the model writes it, in order. Provisional:
 * never stored, never replayed on resume; a client shows it as in progress until
 * the reply_end of the same stream.
 */
export const ReplyDelta = v.object({ type: v.literal('reply_delta'), conversationId, stream: streamId, text: v.string() });

/**
 * The end of a streamed reply. `sent`: the reply was stored as the message entry
 * with `seq` (its `event` follows); show that entry in place of the provisional
 * text. `withdrawn`: the reply will not be sent (model failure, unsupported claims,
 * low confidence); drop the text. A state change usually follows.
 */
export const ReplyEnd = v.variant('outcome', [
  v.object({ type: v.literal('reply_end'), conversationId, stream: streamId, outcome: v.literal('sent'), seq }),
  v.object({ type: v.literal('reply_end'), conversationId, stream: streamId, outcome: v.literal('withdrawn') }),
]);

export const ErrorFrame = v.object({
  type: v.literal('error'),
  code: v.picklist(ERROR_CODES),
  message: v.string(),
  ref: v.optional(v.string()), // the client id or type of the frame refused
});

export const Pong = v.object({ type: v.literal('pong') });

export const AgentWelcome = v.object({ type: v.literal('agent_welcome'), v: protocolVersion, agent: agentRef });

export const AgentPresenceSchema = v.object({
  id: v.string(),
  name: v.string(),
  status: v.picklist(AGENT_STATUSES),
  /** Conversations the agent holds now, and the most they may hold at once. */
  active: v.number(),
  max: v.number(),
});

/** Every configured agent's presence and load, sent on hello and on every change. */
export const PresenceFrame = v.object({ type: v.literal('presence'), agents: v.array(AgentPresenceSchema) });

export const NoteSchema = v.object({ id: v.string(), at: v.number(), agent: agentRef, text: v.string(), clientId: v.string() });

/** An internal note on a conversation (live, or the agent's own note stored: its clientId acks it). Never sent to a visitor. */
export const NoteFrame = v.object({ type: v.literal('note'), conversationId, note: NoteSchema });

/** Someone on the conversation started or stopped typing: the visitor, or another agent. Never what they type. */
export const AgentTypingFrame = v.object({ type: v.literal('typing'), conversationId, on: v.boolean(), who: v.picklist(['visitor', 'agent']), name: v.optional(v.string()) });

/** The open conversations (queued first, urgent at the head), sent on hello and on every change. */
export const QueueFrame = v.object({ type: v.literal('queue'), conversations: v.array(SummarySchema) });

/** Sent when an agent opens a conversation, before its entries. */
export const ConversationFrame = v.object({
  type: v.literal('conversation'),
  summary: SummarySchema,
  pack: v.nullable(HandoffPackSchema),
  /** Internal notes so far, oldest first. */
  notes: v.optional(v.array(NoteSchema), []),
});

export const VISITOR_SERVER_FRAMES = {
  welcome: Welcome,
  event: EventFrame,
  ack: Ack,
  error: ErrorFrame,
  pong: Pong,
  reply_delta: ReplyDelta,
  reply_end: ReplyEnd,
  wait: WaitFrame,
  typing: VisitorTypingFrame,
  saved: SavedFrame,
} as const;
export const AGENT_SERVER_FRAMES = {
  agent_welcome: AgentWelcome,
  queue: QueueFrame,
  conversation: ConversationFrame,
  event: EventFrame,
  ack: Ack,
  error: ErrorFrame,
  pong: Pong,
  presence: PresenceFrame,
  note: NoteFrame,
  typing: AgentTypingFrame,
} as const;

type Out<T extends Record<string, v.GenericSchema>> = { [K in keyof T]: v.InferOutput<T[K]> }[keyof T];
export type VisitorServerFrame = Out<typeof VISITOR_SERVER_FRAMES>;
export type AgentServerFrame = Out<typeof AGENT_SERVER_FRAMES>;
export type WelcomeFrame = v.InferOutput<typeof Welcome>;
export type AckFrame = v.InferOutput<typeof Ack>;
export type ErrorFrameT = v.InferOutput<typeof ErrorFrame>;
export type ReplyDeltaFrame = v.InferOutput<typeof ReplyDelta>;
export type ReplyEndFrame = v.InferOutput<typeof ReplyEnd>;
/** The transient frames of one streamed reply. */
export type ReplyStreamFrame = ReplyDeltaFrame | ReplyEndFrame;
export type WaitFrameT = v.InferOutput<typeof WaitFrame>;
export type AgentPresenceT = v.InferOutput<typeof AgentPresenceSchema>;
export type NoteT = v.InferOutput<typeof NoteSchema>;
