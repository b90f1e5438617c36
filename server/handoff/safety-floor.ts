/**
 * The safety floor after the assistant. Its own check (engine/router.ts) reads
 * only the messages it answers; once a person has the conversation, or it
 * waits for one, a visitor who then threatens to sue or says they want to die
 * would otherwise raise nothing. The same check, with the site policy's own
 * examples, runs here on those messages; what it finds goes to the agent's
 * pack, with the visitor's words as evidence.
 */
import type { ConversationState, SafetyCategory } from '../../shared/codes.ts';
import type { HandoffPack } from '../../shared/model.ts';
import type { Policy } from '../engine/policy.ts';
import { detectSafety, type SafetyHit } from '../engine/safety.ts';

/** Where no assistant reads the visitor's messages but the floor must still hold. */
export const FLOOR_STATES = ['queued', 'offline', 'human'] as const satisfies readonly ConversationState[];

export function underFloor(state: ConversationState): boolean {
  return (FLOOR_STATES as readonly ConversationState[]).includes(state);
}

/** One flag's grounds, as the agent reads them (HandoffPack's `evidence`): the words that raised it, in which message. */
export type FlagEvidence = NonNullable<HandoffPack['evidence']>[number];

/** The policy's examples of urgent intents, by name, exactly as the router reads them. */
function urgentExamples(policy: Policy): Partial<Record<SafetyCategory, string[]>> {
  return Object.fromEntries(policy.intents.filter((i) => i.mode === 'urgent').map((i) => [i.name, i.examples]));
}

export function safetyHits(text: string, policy: Policy): SafetyHit[] {
  return detectSafety(text, urgentExamples(policy));
}

export function categories(hits: readonly SafetyHit[]): SafetyCategory[] {
  return [...new Set(hits.map((h) => h.category))];
}

export function evidenceOf(pack: HandoffPack | null): FlagEvidence[] {
  return pack?.evidence ?? [];
}

/** The categories the site has not been told of yet: an urgent webhook fires once per category. */
export function newCategories(pack: HandoffPack | null, hits: readonly SafetyHit[]): SafetyCategory[] {
  const known = new Set(pack?.flags ?? []);
  return categories(hits).filter((c) => !known.has(c));
}

/**
 * The pack with the hits' flags and evidence added after the earlier ones, and
 * marked urgent; null when there is nothing to add (no hits, or the same
 * message read again after a retry).
 */
export function withFlags(pack: HandoffPack, hits: readonly SafetyHit[], seq: number, at: number): HandoffPack | null {
  if (hits.length === 0) return null;
  const earlier = evidenceOf(pack);
  const fresh = hits
    .filter((h) => !earlier.some((e) => e.seq === seq && e.category === h.category))
    .map((h): FlagEvidence => ({ category: h.category, evidence: h.evidence, score: h.score, seq, at }));
  const added = newCategories(pack, hits);
  if (fresh.length === 0 && added.length === 0 && pack.route === 'urgent') return null;
  return { ...pack, route: 'urgent', flags: [...pack.flags, ...added], evidence: [...earlier, ...fresh] };
}
