import { describe, expect, it } from 'vitest';
import { noticeText, waitText } from './notices.ts';
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

describe('waitText', () => {
  it('gives the place and the estimate rounded up to whole minutes', () => {
    expect(waitText({ position: 2, etaMs: 120_000 })).toBe("You're number 2 in the queue · about 2 min");
    expect(waitText({ position: 3, etaMs: 120_001 })).toBe("You're number 3 in the queue · about 3 min");
    expect(waitText({ position: 1, etaMs: 60_000 })).toBe("You're number 1 in the queue · about 1 min");
  });

  it('says less than a minute under 60 s, and no estimate when nobody is online to make one', () => {
    expect(waitText({ position: 1, etaMs: 59_999 })).toBe("You're number 1 in the queue · less than a minute");
    expect(waitText({ position: 1, etaMs: 0 })).toBe("You're number 1 in the queue · less than a minute");
    expect(waitText({ position: 4, etaMs: null })).toBe("You're number 4 in the queue");
  });
});
