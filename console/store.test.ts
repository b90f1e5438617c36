import { describe, expect, it } from 'vitest';
import type { PendingMessage } from './conversation.ts';
import { lastShownSeq } from './conversation.ts';
import { createConsoleStore } from './store.ts';
import { message, pack, stateEntry, summary } from './test-fixtures.ts';

const me = { id: 'a1', name: 'Ada', email: 'ada@example.com' };

function openStore(conversationId = 'c1', pending: PendingMessage[] = []) {
  const store = createConsoleStore();
  store.getState().signedIn(me);
  store.getState().setQueue([summary({ id: conversationId })]);
  store.getState().select(conversationId, pending);
  return store;
}

const seqs = (store: ReturnType<typeof createConsoleStore>) => store.getState().current?.entries.map((e) => e.seq);

describe('createConsoleStore', () => {
  describe('#applyEvent', () => {
    it('keeps one entry per seq when a replay repeats entries', () => {
      const store = openStore();
      for (const seq of [1, 2, 3]) store.getState().applyEvent('c1', message(seq));
      // A reconnect replays from an older lastSeq: 2 and 3 arrive again, then 4 is new.
      for (const seq of [2, 3, 4]) store.getState().applyEvent('c1', message(seq, { text: `replayed ${seq}` }));
      expect(seqs(store)).toEqual([1, 2, 3, 4]);
      // The first copy wins: a replay never rewrites what is shown.
      expect(store.getState().current?.entries[1]).toMatchObject({ seq: 2, text: 'line 2' });
    });

    it('sorts a late, missing older entry into place', () => {
      const store = openStore();
      store.getState().applyEvent('c1', message(3));
      store.getState().applyEvent('c1', message(1));
      store.getState().applyEvent('c1', message(2));
      expect(seqs(store)).toEqual([1, 2, 3]);
      expect(lastShownSeq(store.getState().current!)).toBe(3);
    });

    it('does not notify subscribers for a duplicate', () => {
      const store = openStore();
      store.getState().applyEvent('c1', message(1));
      let calls = 0;
      store.subscribe(() => calls++);
      store.getState().applyEvent('c1', message(1));
      expect(calls).toBe(0);
    });

    it('ignores events of a conversation that is not open', () => {
      const store = openStore('c1');
      store.getState().applyEvent('c2', message(1));
      expect(seqs(store)).toEqual([]);
    });

    it('clears a pending reply when its entry arrives with the same clientId', () => {
      const pendingA: PendingMessage = { clientId: 'a-1', conversationId: 'c1', text: 'On it', at: 5 };
      const pendingB: PendingMessage = { clientId: 'a-2', conversationId: 'c1', text: 'Still there?', at: 6 };
      const store = openStore('c1', [pendingA]);
      store.getState().addPending(pendingB);
      expect(store.getState().current?.pending.map((p) => p.clientId)).toEqual(['a-1', 'a-2']);

      store.getState().applyEvent('c1', message(7, { role: 'agent', text: 'On it', clientId: 'a-1', author: 'Ada' }));
      expect(store.getState().current?.pending.map((p) => p.clientId)).toEqual(['a-2']);
      expect(seqs(store)).toEqual([7]);
    });

    it('keeps a pending reply when a visitor entry happens to carry the same clientId', () => {
      const store = openStore('c1', [{ clientId: 'x', conversationId: 'c1', text: 'hi', at: 1 }]);
      store.getState().applyEvent('c1', message(1, { role: 'visitor', clientId: 'x' }));
      expect(store.getState().current?.pending).toHaveLength(1);
    });

    it('moves the summary state with a newer state entry', () => {
      const store = openStore();
      store.getState().conversationLoaded(summary({ state: 'queued', lastSeq: 2 }), pack());
      store.getState().applyEvent('c1', stateEntry(3, 'queued', 'human', 'agent_claimed', { agent: { id: 'a1', name: 'Ada' } }));
      expect(store.getState().current?.summary).toMatchObject({ state: 'human', reason: 'agent_claimed', assignee: { id: 'a1' }, lastSeq: 3 });

      store.getState().applyEvent('c1', stateEntry(4, 'human', 'bot', 'handed_back'));
      expect(store.getState().current?.summary).toMatchObject({ state: 'bot', reason: 'handed_back', assignee: null, lastSeq: 4 });
    });

    it('does not roll the summary back with a replayed, older state entry', () => {
      const store = openStore();
      store.getState().conversationLoaded(summary({ state: 'human', reason: 'agent_claimed', lastSeq: 5 }), pack());
      store.getState().applyEvent('c1', stateEntry(2, 'bot', 'queued', 'low_confidence'));
      expect(store.getState().current?.summary).toMatchObject({ state: 'human', reason: 'agent_claimed', lastSeq: 5 });
      expect(seqs(store)).toEqual([2]);
    });

    it('keeps the holder when a conversation is resolved', () => {
      const store = openStore();
      store.getState().conversationLoaded(summary({ state: 'human', assignee: { id: 'a1', name: 'Ada' }, lastSeq: 1 }), null);
      store.getState().applyEvent('c1', stateEntry(2, 'human', 'resolved', 'agent_resolved'));
      expect(store.getState().current?.summary).toMatchObject({ state: 'resolved', assignee: { id: 'a1' } });
    });
  });

  describe('#setQueue', () => {
    it('replaces the queue instead of merging it', () => {
      const store = createConsoleStore();
      store.getState().setQueue([summary({ id: 'c1' }), summary({ id: 'c2' })]);
      store.getState().setQueue([summary({ id: 'c3', state: 'human' })]);
      expect(store.getState().queue.map((c) => [c.id, c.state])).toEqual([['c3', 'human']]);
      store.getState().setQueue([]);
      expect(store.getState().queue).toEqual([]);
    });

    it('refreshes the open conversation summary from a newer queue row', () => {
      const store = openStore('c1');
      store.getState().conversationLoaded(summary({ id: 'c1', state: 'queued', lastSeq: 3 }), null);
      store.getState().setQueue([summary({ id: 'c1', state: 'human', assignee: { id: 'a2', name: 'Bo' }, lastSeq: 4 })]);
      expect(store.getState().current?.summary).toMatchObject({ state: 'human', assignee: { name: 'Bo' } });
      // An older row (sent before the last event) does not win.
      store.getState().setQueue([summary({ id: 'c1', state: 'queued', lastSeq: 2 })]);
      expect(store.getState().current?.summary?.state).toBe('human');
    });
  });

  describe('#conversationLoaded', () => {
    it('ignores a late answer for a conversation no longer open', () => {
      const store = openStore('c2');
      store.getState().conversationLoaded(summary({ id: 'c1' }), pack());
      expect(store.getState().current).toMatchObject({ id: 'c2', pack: null, loaded: false });
      store.getState().conversationLoaded(summary({ id: 'c2' }), pack({ reason: 'amount' }));
      expect(store.getState().current).toMatchObject({ id: 'c2', pack: { reason: 'amount' }, loaded: true });
    });
  });

  describe('#select', () => {
    it('starts empty with the queue summary and the given pending replies', () => {
      const store = openStore('c1');
      store.getState().applyEvent('c1', message(1));
      const pending = [{ clientId: 'a-9', conversationId: 'c2', text: 'x', at: 1 }];
      store.getState().setQueue([summary({ id: 'c2', state: 'bot' })]);
      store.getState().select('c2', pending);
      expect(store.getState().current).toMatchObject({ id: 'c2', entries: [], pending, summary: { state: 'bot' } });
    });
  });

  describe('#signedOut', () => {
    it('forgets the agent, the queue and the open conversation, keeping the reason', () => {
      const store = openStore();
      store.getState().signedOut('Your session has ended.');
      expect(store.getState()).toMatchObject({ agent: null, queue: [], current: null, status: 'offline', lastError: 'Your session has ended.' });
    });
  });

  describe('#welcomed', () => {
    it('keeps the e-mail of the same agent and updates the name', () => {
      const store = createConsoleStore();
      store.getState().signedIn(me);
      store.getState().welcomed({ id: 'a1', name: 'Ada L.' });
      expect(store.getState().agent).toEqual({ id: 'a1', name: 'Ada L.', email: 'ada@example.com' });
    });
  });
});
