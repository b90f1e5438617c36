import { describe, expect, it } from 'vitest';
import { createWidgetStore, offersPerson, panelTitle, visibleMessages } from './store.ts';
import type { MessageEntry, StateEntry } from '../shared/model.ts';
import type { ConversationState, StateReason } from '../shared/codes.ts';

const msg = (seq: number, text: string, extra: Partial<MessageEntry> = {}): MessageEntry => ({
  kind: 'message',
  id: `m${seq}`,
  seq,
  at: seq * 1000,
  role: 'assistant',
  text,
  ...extra,
});

const change = (seq: number, from: ConversationState, to: ConversationState, reason: StateReason, agent?: string): StateEntry => ({
  kind: 'state',
  id: `s${seq}`,
  seq,
  at: seq * 1000,
  from,
  to,
  reason,
  ...(agent ? { agent: { id: 'a1', name: agent } } : {}),
});

describe('createWidgetStore', () => {
  it('starts closed, connecting, with the assistant and nothing shown', () => {
    const s = createWidgetStore().getState();
    expect(s).toMatchObject({ open: false, status: 'connecting', convState: 'bot', entries: [], pending: [], agentName: null });
  });

  describe('#setOpen / #toggle', () => {
    it('opens, closes and toggles', () => {
      const store = createWidgetStore();
      store.getState().toggle();
      expect(store.getState().open).toBe(true);
      store.getState().setOpen(false);
      expect(store.getState().open).toBe(false);
    });
  });

  describe('#addEntry', () => {
    it('keeps entries sorted by seq whatever the arrival order', () => {
      const store = createWidgetStore();
      for (const seq of [3, 1, 2]) store.getState().addEntry(msg(seq, `t${seq}`));
      expect(store.getState().entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    });

    it('ignores a seq already present and does not notify subscribers', () => {
      const store = createWidgetStore();
      store.getState().addEntry(msg(1, 'first'));
      let calls = 0;
      store.subscribe(() => calls++);
      store.getState().addEntry(msg(1, 'a replay of seq 1'));
      expect(store.getState().entries).toEqual([msg(1, 'first')]);
      expect(calls).toBe(0);
    });

    it('removes the pending message whose clientId arrived', () => {
      const store = createWidgetStore();
      store.getState().addPending({ clientId: 'c1', text: 'hi', at: 1 });
      store.getState().addPending({ clientId: 'c2', text: 'there', at: 2 });
      store.getState().addEntry(msg(1, 'hi', { role: 'visitor', clientId: 'c1' }));
      expect(store.getState().pending.map((p) => p.clientId)).toEqual(['c2']);
    });

    it('follows the conversation state and the agent who owns it', () => {
      const store = createWidgetStore();
      const { addEntry, setHumanRequested } = store.getState();
      setHumanRequested(true);
      addEntry(change(1, 'bot', 'queued', 'visitor_request'));
      expect(store.getState()).toMatchObject({ convState: 'queued', humanRequested: false, agentName: null });
      addEntry(change(2, 'queued', 'human', 'agent_claimed', 'Sam'));
      expect(store.getState()).toMatchObject({ convState: 'human', agentName: 'Sam' });
      addEntry(change(3, 'human', 'bot', 'handed_back'));
      expect(store.getState()).toMatchObject({ convState: 'bot', agentName: null });
    });

    it('does not let an older state entry arriving late override a newer one', () => {
      const store = createWidgetStore();
      store.getState().addEntry(change(2, 'queued', 'human', 'agent_claimed', 'Sam'));
      store.getState().addEntry(change(1, 'bot', 'queued', 'visitor_request'));
      expect(store.getState()).toMatchObject({ convState: 'human', agentName: 'Sam' });
    });
  });

  describe('#addPending', () => {
    it('adds a clientId once', () => {
      const store = createWidgetStore();
      store.getState().addPending({ clientId: 'c1', text: 'hi', at: 1 });
      store.getState().addPending({ clientId: 'c1', text: 'hi', at: 1 });
      expect(store.getState().pending).toHaveLength(1);
    });
  });

  describe('#welcome', () => {
    it('sets the conversation and keeps an unanswered request while with the assistant', () => {
      const store = createWidgetStore();
      store.getState().setHumanRequested(true);
      store.getState().welcome('conv1', 'bot');
      expect(store.getState()).toMatchObject({ conversationId: 'conv1', convState: 'bot', humanRequested: true });
      store.getState().welcome('conv1', 'queued');
      expect(store.getState().humanRequested).toBe(false);
    });
  });

  describe('#reset', () => {
    it('forgets the transcript but keeps pending messages', () => {
      const store = createWidgetStore();
      store.getState().welcome('conv1', 'human');
      store.getState().addEntry(msg(1, 'old'));
      store.getState().addPending({ clientId: 'c1', text: 'keep me', at: 1 });
      store.getState().reset();
      expect(store.getState()).toMatchObject({ conversationId: null, convState: 'bot', entries: [] });
      expect(store.getState().pending).toHaveLength(1);
    });
  });
});

describe('visibleMessages', () => {
  it('lists entries, then pending messages not yet arrived', () => {
    const store = createWidgetStore();
    store.getState().addEntry(msg(1, 'welcome'));
    store.getState().addPending({ clientId: 'c1', text: 'arrived', at: 2 });
    store.getState().addPending({ clientId: 'c2', text: 'in flight', at: 3 });
    // The entry arrives while its pending copy is still listed (e.g. restored after a reload).
    store.setState({ entries: [...store.getState().entries, msg(2, 'arrived', { role: 'visitor', clientId: 'c1' })] });
    const visible = visibleMessages(store.getState());
    expect(visible.map((m) => [m.kind, 'seq' in m ? m.seq : 'clientId' in m ? m.clientId : m.text])).toEqual([
      ['message', 1],
      ['message', 2],
      ['pending', 'c2'],
    ]);
  });

  it('returns the same array while entries and pending are unchanged', () => {
    const store = createWidgetStore();
    store.getState().addEntry(msg(1, 'x'));
    const a = visibleMessages(store.getState());
    store.getState().setOpen(true);
    expect(visibleMessages(store.getState())).toBe(a);
    store.getState().addEntry(msg(2, 'y'));
    expect(visibleMessages(store.getState())).not.toBe(a);
  });
});

describe('a streamed reply', () => {
  const delta = (stream: string, text: string) => ({ type: 'reply_delta', conversationId: 'c1', stream, text }) as const;
  const sent = (stream: string, seq: number) => ({ type: 'reply_end', conversationId: 'c1', stream, outcome: 'sent', seq }) as const;
  const withdrawn = (stream: string) => ({ type: 'reply_end', conversationId: 'c1', stream, outcome: 'withdrawn' }) as const;
  const shown = (store: ReturnType<typeof createWidgetStore>) => visibleMessages(store.getState()).map((m) => m.kind);

  it('grows one provisional line after the entries and before pending messages, never in entries', () => {
    const store = createWidgetStore();
    store.getState().addEntry(msg(1, 'question', { role: 'visitor' }));
    store.getState().addPending({ clientId: 'c9', text: 'typed meanwhile', at: 5 });
    store.getState().replyStream(delta('r1', 'Within'));
    store.getState().replyStream(delta('r1', ' 30 days.'));
    expect(store.getState().provisional).toMatchObject({ stream: 'r1', text: 'Within 30 days.' });
    expect(shown(store)).toEqual(['message', 'provisional', 'pending']);
    expect(store.getState().entries).toHaveLength(1);
  });

  it('is replaced by its stored entry on sent, with no moment showing both or neither', () => {
    const store = createWidgetStore();
    store.getState().addEntry(msg(1, 'question', { role: 'visitor' }));
    store.getState().replyStream(delta('r1', 'Within 30 days.'));
    store.getState().replyStream(sent('r1', 2));
    expect(shown(store)).toEqual(['message', 'provisional']);
    store.getState().addEntry(msg(2, 'Within 30 days.'));
    expect(shown(store)).toEqual(['message', 'message']);
    expect(store.getState().provisional).toBeNull();
  });

  it('drops at once on sent when the entry is already there', () => {
    const store = createWidgetStore();
    store.getState().replyStream(delta('r1', 'Hi'));
    store.getState().addEntry(msg(1, 'Hi'));
    store.getState().replyStream(sent('r1', 1));
    expect(store.getState().provisional).toBeNull();
  });

  it('disappears when withdrawn', () => {
    const store = createWidgetStore();
    store.getState().replyStream(delta('r1', 'The fee is'));
    store.getState().replyStream(withdrawn('r1'));
    expect(store.getState().provisional).toBeNull();
    expect(shown(store)).toEqual([]);
  });

  it('ignores the end of another stream, and starts afresh on a new one', () => {
    const store = createWidgetStore();
    store.getState().replyStream(delta('r1', 'one'));
    let calls = 0;
    store.subscribe(() => calls++);
    store.getState().replyStream(withdrawn('r0'));
    expect(calls).toBe(0);
    store.getState().replyStream(delta('r2', 'two'));
    expect(store.getState().provisional).toEqual({ stream: 'r2', text: 'two' });
  });

  it('is forgotten on a new welcome (pieces are not replayed) and on reset', () => {
    const store = createWidgetStore();
    store.getState().replyStream(delta('r1', 'half an ans'));
    store.getState().welcome('c1', 'bot');
    expect(store.getState().provisional).toBeNull();
    store.getState().replyStream(delta('r2', 'again'));
    store.getState().reset();
    expect(store.getState().provisional).toBeNull();
  });
});

describe('panelTitle', () => {
  it('says "Support" until the site name arrives, then the name, and the agent while one holds the conversation', () => {
    const store = createWidgetStore();
    expect(panelTitle(store.getState())).toBe('Support');
    store.getState().setSiteName('Harbor Lane Coffee');
    expect(panelTitle(store.getState())).toBe('Harbor Lane Coffee');
    store.getState().addEntry(change(1, 'queued', 'human', 'agent_claimed', 'Riley'));
    expect(panelTitle(store.getState())).toBe('Chat with Riley');
    store.getState().addEntry(change(2, 'human', 'resolved', 'agent_resolved'));
    expect(panelTitle(store.getState())).toBe('Harbor Lane Coffee');
  });
});

describe('offersPerson', () => {
  it('offers at offerHumanAt while the assistant has the conversation, and not again after "no thanks" until the score rises', () => {
    const store = createWidgetStore();
    store.getState().setFrustration(0.4, 0.5);
    expect(offersPerson(store.getState())).toBe(false);
    store.getState().setFrustration(0.5, 0.5);
    expect(offersPerson(store.getState())).toBe(true);
    store.getState().declineOffer();
    expect(offersPerson(store.getState())).toBe(false);
    store.getState().setFrustration(0.75, 0.5);
    expect(offersPerson(store.getState())).toBe(true);
    store.getState().setHumanRequested(true);
    expect(offersPerson(store.getState())).toBe(false);
  });
});

describe('waiting for a person', () => {
  it('shows the newest place while queued and forgets it when the wait is over', () => {
    const store = createWidgetStore();
    store.getState().addEntry(change(1, 'bot', 'queued', 'visitor_request'), true);
    store.getState().setWait({ position: 3, etaMs: 240_000 });
    store.getState().setWait({ position: 2, etaMs: null });
    expect(store.getState().wait).toEqual({ position: 2, etaMs: null });
    store.getState().addEntry(change(2, 'queued', 'human', 'auto_assigned', 'Dana'), true);
    expect(store.getState().wait).toBeNull();
    // Queued again later: the old place is not shown before a new estimate arrives.
    store.getState().addEntry(change(3, 'human', 'queued', 'visitor_request'), true);
    expect(store.getState().wait).toBeNull();
  });

  it('ignores an estimate that arrives when nothing waits, and drops it on a welcome in another state', () => {
    const store = createWidgetStore();
    store.getState().setWait({ position: 1, etaMs: 1000 });
    expect(store.getState().wait).toBeNull();
    store.getState().welcome('c1', 'queued');
    store.getState().setWait({ position: 1, etaMs: 1000 });
    store.getState().welcome('c1', 'queued');
    expect(store.getState().wait).toEqual({ position: 1, etaMs: 1000 });
    store.getState().welcome('c1', 'offline');
    expect(store.getState().wait).toBeNull();
  });
});

describe('a person joining', () => {
  it('marks a live join for the avatar, not the same line replayed as history', () => {
    const store = createWidgetStore();
    store.getState().addEntry(change(1, 'queued', 'human', 'agent_claimed', 'Sam'));
    store.getState().addEntry(change(2, 'human', 'bot', 'handed_back'), true);
    store.getState().addEntry(change(3, 'bot', 'queued', 'visitor_request'), true);
    store.getState().addEntry(change(4, 'queued', 'human', 'auto_assigned', 'Dana'), true);
    store.getState().addEntry(change(4, 'queued', 'human', 'auto_assigned', 'Dana'), true); // a replay
    expect(store.getState().joins).toEqual([4]);
    store.getState().reset();
    expect(store.getState().joins).toEqual([]);
  });
});

describe('the person typing', () => {
  it('shows until they stop, send a message, or the conversation changes hands', () => {
    const store = createWidgetStore();
    const { setAgentTyping, addEntry } = store.getState();
    setAgentTyping('Dana');
    addEntry(msg(1, 'me again', { role: 'visitor' }), true);
    expect(store.getState().agentTyping).toBe('Dana');
    addEntry(msg(2, 'Here you go', { role: 'agent', author: 'Dana' }), true);
    expect(store.getState().agentTyping).toBeNull();
    setAgentTyping('Dana');
    setAgentTyping(null);
    expect(store.getState().agentTyping).toBeNull();
    setAgentTyping('Dana');
    addEntry(change(3, 'human', 'human', 'agent_transferred', 'Lee'), true);
    expect(store.getState().agentTyping).toBeNull();
    setAgentTyping('Lee');
    store.getState().welcome('c1', 'human'); // a reconnect: whether Lee still types is not known
    expect(store.getState().agentTyping).toBeNull();
  });
});

describe('once-only actions', () => {
  it('keeps the e-mail in flight until it is stored, and ignores the word on an older try', () => {
    const store = createWidgetStore();
    store.getState().onceSent('contact', 'k1', 'ada@example.com');
    expect(store.getState().contact).toEqual({ id: 'k1', done: false, error: null, email: 'ada@example.com' });
    store.getState().onceSettled('contact', 'k0', null);
    expect(store.getState().contact.done).toBe(false);
    store.getState().onceSettled('contact', 'k1', null);
    expect(store.getState().contact).toEqual({ id: null, done: true, error: null, email: 'ada@example.com' });
  });

  it('shows a refusal and lets the visitor try again, which clears it', () => {
    const store = createWidgetStore();
    store.getState().onceSent('contact', 'k1', 'ada@example');
    store.getState().onceSettled('contact', 'k1', 'contact.email: must be an e-mail address');
    expect(store.getState().contact).toMatchObject({ id: null, done: false, error: 'contact.email: must be an e-mail address' });
    store.getState().onceSent('contact', 'k2', 'ada@example.com');
    expect(store.getState().contact.error).toBeNull();
  });

  it('takes the welcome’s word that they were done before, and forgets them with the conversation', () => {
    const store = createWidgetStore();
    store.getState().welcome('c1', 'resolved', { contactLeft: false, surveyed: false });
    expect([store.getState().contact.done, store.getState().survey.done]).toEqual([false, false]);
    store.getState().welcome('c1', 'resolved', { contactLeft: true, surveyed: true });
    expect(store.getState().contact).toEqual({ id: null, done: true, error: null, email: null });
    expect(store.getState().survey.done).toBe(true);
    // A later welcome without the flags does not undo what this page saw stored.
    store.getState().welcome('c1', 'resolved');
    expect(store.getState().survey.done).toBe(true);
    store.getState().reset();
    expect([store.getState().contact.done, store.getState().survey.done]).toEqual([false, false]);
  });

  it('keeps the survey answered when the visitor writes again and the conversation is resolved again', () => {
    const store = createWidgetStore();
    store.getState().addEntry(change(1, 'human', 'resolved', 'agent_resolved'), true);
    store.getState().onceSent('survey', 's1');
    store.getState().onceSettled('survey', 's1', null);
    store.getState().addEntry(change(2, 'resolved', 'bot', 'visitor_returned'), true);
    store.getState().addEntry(change(3, 'bot', 'queued', 'visitor_request'), true);
    store.getState().addEntry(change(4, 'queued', 'human', 'agent_claimed', 'Sam'), true);
    store.getState().addEntry(change(5, 'human', 'resolved', 'agent_resolved'), true);
    expect(store.getState().survey).toEqual({ id: null, done: true, error: null });
  });
});
