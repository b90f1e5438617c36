import { describe, expect, it } from 'vitest';
import { FRUSTRATED_AT, frustrationBadge, groupQueue } from './queue-groups.ts';
import { summary } from './test-fixtures.ts';

describe('groupQueue', () => {
  it('groups by state in a fixed order, keeps the server order within each, and numbers only the waiting ones', () => {
    // As the server sends it: waiting (urgent, frustrated, longest wait), held, to follow up, with the assistant.
    const queue = [
      summary({ id: 'q-urgent', state: 'queued', urgent: true }),
      summary({ id: 'q-frustrated', state: 'queued', frustration: 0.7 }),
      summary({ id: 'q-old', state: 'queued', queuedAt: 100 }),
      summary({ id: 'h1', state: 'human', assignee: { id: 'a1', name: 'Ada' } }),
      summary({ id: 'o1', state: 'offline', contact: 'vi@example.com' }),
      summary({ id: 'b1', state: 'bot' }),
    ];
    const groups = groupQueue(queue);
    expect(groups.map((g) => [g.state, g.title])).toEqual([
      ['queued', 'Waiting'],
      ['human', 'With people'],
      ['offline', 'Follow up — nobody was online'],
      ['bot', 'With the assistant'],
    ]);
    expect(groups[0]!.rows.map((r) => [r.summary.id, r.position])).toEqual([
      ['q-urgent', 1],
      ['q-frustrated', 2],
      ['q-old', 3],
    ]);
    expect(groups.slice(1).flatMap((g) => g.rows.map((r) => r.position))).toEqual([null, null, null]);
  });

  it('leaves out empty groups and never reorders within one', () => {
    const groups = groupQueue([summary({ id: 'b2', state: 'bot' }), summary({ id: 'q2', state: 'queued' }), summary({ id: 'b1', state: 'bot' })]);
    expect(groups.map((g) => [g.state, g.rows.map((r) => r.summary.id)])).toEqual([
      ['queued', ['q2']],
      ['bot', ['b2', 'b1']],
    ]);
    expect(groupQueue([])).toEqual([]);
  });
});

describe('frustrationBadge', () => {
  it('shows a score from FRUSTRATED_AT on, and nothing below or before any signal', () => {
    expect(FRUSTRATED_AT).toBe(0.5);
    expect(frustrationBadge({ frustration: 0.5 })).toBe(0.5);
    expect(frustrationBadge({ frustration: 0.91 })).toBe(0.91);
    expect(frustrationBadge({ frustration: 0.49 })).toBeNull();
    expect(frustrationBadge({ frustration: null })).toBeNull();
  });
});
