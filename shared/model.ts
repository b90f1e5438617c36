/**
 * Shapes every program agrees on. Those that travel in frames are inferred from
 * their schemas in frames/server.ts, so there is one definition of each.
 */
import type * as v from 'valibot';
import type { Route, SafetyCategory, TriggerReason } from './codes.ts';
import type {
  EntrySchema,
  FrustrationSchema,
  HandoffPackSchema,
  MessageEntrySchema,
  NoteSchema,
  PassageSchema,
  StateEntrySchema,
  SummarySchema,
  VisitorFactsSchema,
} from './frames/server.ts';

export type Role = 'visitor' | 'assistant' | 'agent';
export type MessageEntry = v.InferOutput<typeof MessageEntrySchema>;
export type StateEntry = v.InferOutput<typeof StateEntrySchema>;
/** One line of a conversation's ordered log. */
export type Entry = v.InferOutput<typeof EntrySchema>;
/** A section of the knowledge base an answer rests on. */
export type Passage = v.InferOutput<typeof PassageSchema>;
export type Frustration = v.InferOutput<typeof FrustrationSchema>;
export type VisitorFacts = v.InferOutput<typeof VisitorFactsSchema>;
/** What an agent sees the moment a conversation reaches the queue. */
export type HandoffPack = v.InferOutput<typeof HandoffPackSchema>;
/** An internal note between agents. */
export type Note = v.InferOutput<typeof NoteSchema>;
/** A conversation as the console's queue shows it. */
export type ConversationSummary = v.InferOutput<typeof SummarySchema>;

export interface IntentMatch {
  name: string;
  score: number;
}

/**
 * What the assistant decided for one visitor message. The gateway acts on this
 * alone, so the engine can change inside without touching the gateway.
 */
export interface Decision {
  route: Route;
  /** Why it is not `answer` (null when answering). */
  reason: TriggerReason | null;
  /** The text to send; null unless route is `answer`. */
  reply: string | null;
  /** What the assistant would have said; goes to the agent when it does not answer. */
  draft: string | null;
  passages: Passage[];
  confidence: number; // 0..1
  intent: IntentMatch | null;
  flags: SafetyCategory[];
  unsupportedClaims: string[];
}
