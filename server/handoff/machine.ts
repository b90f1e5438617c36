/**
 * The conversation state machine (ARCHITECTURE.md):
 *   bot --trigger--> queued --claim--> human --resolve--> resolved
 *   queued --nobody there--> offline --claim (follow-up)--> human
 *   human --transfer--> human; human --agent went offline--> queued;
 *   queued|human|offline --hand back--> bot;
 *   resolved --visitor writes--> bot
 * Pure: storage applies a transition with compare-and-set on `from`.
 */
import type { ConversationState } from '../../shared/codes.ts';

export const TRANSITIONS = {
  trigger: { from: ['bot'], to: 'queued' },
  claim: { from: ['queued', 'bot', 'offline'], to: 'human' },
  assign: { from: ['queued'], to: 'human' },
  transfer: { from: ['human'], to: 'human' },
  goOffline: { from: ['queued'], to: 'offline' },
  requeue: { from: ['human'], to: 'queued' },
  resolve: { from: ['queued', 'human', 'offline'], to: 'resolved' },
  handBack: { from: ['queued', 'human', 'offline'], to: 'bot' },
  reopen: { from: ['resolved'], to: 'bot' },
} as const satisfies Record<string, { from: readonly ConversationState[]; to: ConversationState }>;

export type Transition = keyof typeof TRANSITIONS;

/** Whether the assistant may answer in this state: only while no person is involved. */
export function assistantSpeaks(state: ConversationState): boolean {
  return state === 'bot';
}
