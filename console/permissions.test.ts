import { describe, expect, it } from 'vitest';
import { allowedActions } from './permissions.ts';
import { summary } from './test-fixtures.ts';

describe('allowedActions', () => {
  it('lets an agent take over from the assistant', () => {
    expect(allowedActions(summary({ state: 'bot' }), 'a1')).toEqual({ claim: true, resolve: false, handback: false, reply: true });
  });

  it('offers everything on a queued conversation', () => {
    expect(allowedActions(summary({ state: 'queued' }), 'a1')).toEqual({ claim: true, resolve: true, handback: true, reply: true });
  });

  it('lets the holder reply, resolve and hand back, but not claim again', () => {
    const held = summary({ state: 'human', assignee: { id: 'a1', name: 'Ada' } });
    expect(allowedActions(held, 'a1')).toEqual({ claim: false, resolve: true, handback: true, reply: true });
  });

  it('locks out everyone but the holder', () => {
    const held = summary({ state: 'human', assignee: { id: 'a2', name: 'Bo' } });
    expect(allowedActions(held, 'a1')).toEqual({ claim: false, resolve: false, handback: false, reply: false });
  });

  it('allows nothing on a resolved or unknown conversation', () => {
    const none = { claim: false, resolve: false, handback: false, reply: false };
    expect(allowedActions(summary({ state: 'resolved' }), 'a1')).toEqual(none);
    expect(allowedActions(null, 'a1')).toEqual(none);
  });
});
