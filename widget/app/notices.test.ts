import { describe, expect, it } from 'vitest';
import { noticeText } from './notices.ts';
import type { StateEntry } from '../../shared/model.ts';

const change = (from: StateEntry['from'], to: StateEntry['to'], extra: Partial<StateEntry> = {}): StateEntry => ({
  kind: 'state',
  id: 's',
  seq: 1,
  at: 1,
  from,
  to,
  reason: 'visitor_request',
  ...extra,
});

describe('noticeText', () => {
  it('announces each hand-over step', () => {
    expect(noticeText(change('bot', 'queued'))).toBe('Waiting for a person…');
    expect(noticeText(change('queued', 'human', { reason: 'agent_claimed', agent: { id: 'a', name: 'Sam' } }))).toBe('Sam joined');
    expect(noticeText(change('human', 'resolved', { reason: 'agent_resolved' }))).toBe('Conversation resolved');
    expect(noticeText(change('human', 'bot', { reason: 'handed_back' }))).toBe("You're back with the assistant");
    expect(noticeText(change('queued', 'bot', { reason: 'handed_back' }))).toBe("You're back with the assistant");
  });

  it('says nothing when a resolved conversation reopens with the assistant', () => {
    expect(noticeText(change('resolved', 'bot', { reason: 'visitor_returned' }))).toBeNull();
  });

  it('names a person even without an agent on the entry', () => {
    expect(noticeText(change('bot', 'human', { reason: 'agent_takeover' }))).toBe('A person joined');
  });
});
