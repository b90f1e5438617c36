import { describe, expect, it } from 'vitest';
import type { PendingMessage } from './conversation.ts';
import { lastShownSeq } from './conversation.ts';
import { createConsoleStore, offeredDraft } from './store.ts';
import { agentPresence, message, note, pack, stateEntry, summary } from './test-fixtures.ts';

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

describe('createConsoleStore, handoff features', () => {
  describe('#applyNote and notes from the conversation frame', () => {
    it('shows each note once, oldest first, whichever way it arrives', () => {
      const store = openStore('c1');
      store.getState().applyNote('c1', note('n2', { at: 20 }));
      store.getState().applyNote('c1', note('n1', { at: 10 }));
      // The bus copy and the author's ack of the same note, then a reload that lists both again.
      store.getState().applyNote('c1', note('n2', { at: 20, text: 'second copy' }));
      store.getState().conversationLoaded(summary({ id: 'c1' }), pack(), [note('n1', { at: 10 }), note('n2', { at: 20 }), note('n3', { at: 30 })]);
      expect(store.getState().current?.notes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3']);
      expect(store.getState().current?.notes[1]?.text).toBe('note n2');
    });

    it('does not notify subscribers for a note already shown', () => {
      const store = openStore('c1');
      store.getState().applyNote('c1', note('n1'));
      let calls = 0;
      store.subscribe(() => calls++);
      store.getState().applyNote('c1', note('n1'));
      expect(calls).toBe(0);
    });

    it('replaces our pending note by the stored one with the same clientId, and only ours', () => {
      const store = openStore('c1');
      store.getState().addPendingNote({ clientId: 'x1', conversationId: 'c1', text: 'Checked the order', at: 5 });
      // Another agent's note that happens to carry the same client id clears nothing.
      store.getState().applyNote('c1', note('n0', { clientId: 'x1', agent: { id: 'a2', name: 'Bo' } }));
      expect(store.getState().current?.pendingNotes).toHaveLength(1);
      store.getState().applyNote('c1', note('n1', { clientId: 'x1', agent: { id: 'a1', name: 'Ada' }, text: 'Checked the order' }));
      expect(store.getState().current?.pendingNotes).toEqual([]);
      expect(store.getState().current?.notes.map((n) => n.id)).toEqual(['n0', 'n1']);
    });

    it('ignores notes of a conversation that is not open', () => {
      const store = openStore('c1');
      store.getState().applyNote('c2', note('n1'));
      store.getState().addPendingNote({ clientId: 'x1', conversationId: 'c2', text: 'x', at: 1 });
      expect(store.getState().current).toMatchObject({ notes: [], pendingNotes: [] });
    });
  });

  describe('#typingChanged', () => {
    const visitor = { key: 'visitor', who: 'visitor', name: null } as const;

    it('shows an indicator while on, once per person', () => {
      const store = openStore('c1');
      store.getState().typingChanged('c1', visitor, true);
      store.getState().typingChanged('c1', visitor, true);
      store.getState().typingChanged('c1', { key: 'agent:Bo', who: 'agent', name: 'Bo' }, true);
      expect(store.getState().current?.typing.map((t) => t.key)).toEqual(['visitor', 'agent:Bo']);
      store.getState().typingChanged('c1', visitor, false);
      expect(store.getState().current?.typing.map((t) => t.key)).toEqual(['agent:Bo']);
      store.getState().typingChanged('c2', { key: 'agent:Bo', who: 'agent', name: 'Bo' }, false);
      expect(store.getState().current?.typing).toHaveLength(1);
    });

    it('drops "Visitor is typing" when the visitor message arrives, but not for a replayed one', () => {
      const store = openStore('c1');
      store.getState().applyEvent('c1', message(1));
      store.getState().typingChanged('c1', visitor, true);
      store.getState().applyEvent('c1', message(1));
      expect(store.getState().current?.typing).toHaveLength(1);
      store.getState().applyEvent('c1', message(2));
      expect(store.getState().current?.typing).toEqual([]);
    });
  });

  describe('offeredDraft', () => {
    function withPack(at = 1_500) {
      const store = openStore('c1');
      store.getState().conversationLoaded(summary({ id: 'c1' }), pack({ at, draft: 'Refunds take 5 days.' }));
      return store;
    }

    it('offers the pack draft, then the agent edit, and nothing once sent or discarded', () => {
      const store = withPack();
      expect(offeredDraft(store.getState())).toEqual({ at: 1_500, text: 'Refunds take 5 days.' });
      store.getState().editDraft('c1', 1_500, 'Refunds take 5 working days.');
      expect(offeredDraft(store.getState())?.text).toBe('Refunds take 5 working days.');
      store.getState().draftDone('c1', 1_500, 'a-1');
      expect(offeredDraft(store.getState())).toBeNull();
    });

    it('offers the draft of a later handoff again', () => {
      const store = withPack(1_500);
      store.getState().draftDone('c1', 1_500, null);
      store.getState().conversationLoaded(summary({ id: 'c1' }), pack({ at: 9_000, draft: 'New draft' }));
      expect(offeredDraft(store.getState())).toEqual({ at: 9_000, text: 'New draft' });
    });

    it('offers it again, with the text that was sent, when that reply is refused for good', () => {
      const store = withPack();
      store.getState().draftDone('c1', 1_500, 'a-1');
      store.getState().draftRefused('a-other', 'nope');
      expect(offeredDraft(store.getState())).toBeNull();
      store.getState().draftRefused('a-1', 'Refunds take 5 working days.');
      expect(offeredDraft(store.getState())?.text).toBe('Refunds take 5 working days.');
    });

    it('offers nothing without a draft or once resolved', () => {
      const store = openStore('c1');
      store.getState().conversationLoaded(summary({ id: 'c1' }), pack({ draft: null }));
      expect(offeredDraft(store.getState())).toBeNull();
      store.getState().conversationLoaded(summary({ id: 'c1', state: 'resolved' }), pack());
      expect(offeredDraft(store.getState())).toBeNull();
    });
  });

  describe('presence', () => {
    it('keeps the agents list as sent and the chosen status until sign-out', () => {
      const store = openStore();
      store.getState().setAgents([agentPresence('a1'), agentPresence('a2', { status: 'away' })]);
      store.getState().choosePresence('away');
      expect(store.getState()).toMatchObject({ chosenStatus: 'away', agents: [{ id: 'a1' }, { id: 'a2', status: 'away' }] });
      store.getState().signedOut();
      expect(store.getState()).toMatchObject({ chosenStatus: 'online', agents: [], drafts: {} });
    });
  });
});
