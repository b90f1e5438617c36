/**
 * The queue as the console shows it: in groups by state, each in the server's
 * order (the server already sorts waiting ones by urgency, frustration and wait,
 * then those people hold, those to follow up, those with the assistant). Pure,
 * so the grouping and the places in line are tested without a DOM.
 */
import type { ConversationState } from '../shared/codes.ts';
import type { ConversationSummary } from '../shared/model.ts';

/** A frustration score from here on gets a badge in the queue (the default policy's offerHumanAt). */
export const FRUSTRATED_AT = 0.5;

export interface QueueRow {
  summary: ConversationSummary;
  /** 1-based place among the waiting ones (1 = next to take); null outside the waiting group. */
  position: number | null;
}

export interface QueueGroup {
  state: ConversationState;
  title: string;
  rows: QueueRow[];
}

const GROUPS: readonly { state: ConversationState; title: string }[] = [
  { state: 'queued', title: 'Waiting' },
  { state: 'human', title: 'With people' },
  { state: 'offline', title: 'Follow up — nobody was online' },
  { state: 'bot', title: 'With the assistant' },
  // The server does not list resolved ones today; shown last should it start to.
  { state: 'resolved', title: 'Resolved' },
];

/** The non-empty groups, in the fixed order above; within a group, the server's order. */
export function groupQueue(queue: readonly ConversationSummary[]): QueueGroup[] {
  return GROUPS.map(({ state, title }) => {
    const rows = queue
      .filter((summary) => summary.state === state)
      .map((summary, i) => ({ summary, position: state === 'queued' ? i + 1 : null }));
    return { state, title, rows };
  }).filter((group) => group.rows.length > 0);
}

/** The frustration score worth a badge, or null. */
export function frustrationBadge(summary: Pick<ConversationSummary, 'frustration'>): number | null {
  const score = summary.frustration ?? null;
  return score !== null && score >= FRUSTRATED_AT ? score : null;
}
