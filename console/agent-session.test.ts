import { afterEach, describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../shared/limits.ts';
import type { AgentFrame } from '../shared/frames/agent.ts';
import { agentSocketUrl, createAgentSession } from './agent-session.ts';
import { fakeConnection } from './fake-connection.ts';
import { createConsoleStore, offeredDraft } from './store.ts';
import { agentPresence, message, note, pack, summary } from './test-fixtures.ts';

function setup(now: () => number = () => 42) {
  const store = createConsoleStore();
  store.getState().signedIn({ id: 'a1', name: 'Ada', email: 'ada@example.com' });
  const fake = fakeConnection();
  const onSessionRefused = vi.fn();
  const session = createAgentSession({ store, onSessionRefused, connect: fake.connect, now });
  return { store, fake, session, onSessionRefused };
}

/** The frames of one type sent with sendNow. */
function sentOf<T extends AgentFrame['type']>(frames: AgentFrame[], type: T): Extract<AgentFrame, { type: T }>[] {
  return frames.filter((f): f is Extract<AgentFrame, { type: T }> => f.type === type);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('agentSocketUrl', () => {
  it('follows the page scheme and host', () => {
    expect(agentSocketUrl({ protocol: 'https:', host: 'support.example.com' })).toBe('wss://support.example.com/ws/agent');
    expect(agentSocketUrl({ protocol: 'http:', host: 'localhost:3000' })).toBe('ws://localhost:3000/ws/agent');
  });
});

describe('createAgentSession', () => {
  it('says hello with the protocol version and is ready on agent_welcome', () => {
    const { fake } = setup();
    expect(fake.options().hello()).toEqual({ type: 'hello', v: 1 });
    expect(fake.options().isReady({ type: 'agent_welcome', v: 1, agent: { id: 'a', name: 'A' } })).toBe(true);
    expect(fake.options().isReady({ type: 'queue', conversations: [] })).toBe(false);
  });

  it('refuses a server frame that fails the shared schema', () => {
    const { fake } = setup();
    const result = fake.options().parse(JSON.stringify({ type: 'queue', conversations: [{ id: 1 }] }));
    expect(result.ok).toBe(false);
  });

  describe('#open', () => {
    it('asks for the conversation after the handshake when opened offline', () => {
      const { fake, session } = setup();
      session.open('c1');
      expect(fake.sentNow).toEqual([]);
      fake.welcome();
      expect(fake.sentNow).toEqual([{ type: 'open', conversationId: 'c1', lastSeq: 0 }]);
    });

    it('re-opens after every reconnect from the highest seq shown, so nothing shows twice', () => {
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      fake.receive({ type: 'conversation', summary: summary({ lastSeq: 3 }), pack: pack(), notes: [] });
      for (const seq of [1, 2, 3]) fake.receive({ type: 'event', conversationId: 'c1', entry: message(seq) });

      fake.goOffline();
      fake.welcome();
      expect(fake.sentNow.at(-1)).toEqual({ type: 'open', conversationId: 'c1', lastSeq: 3 });
      // A server that replays a little too much changes nothing.
      fake.receive({ type: 'event', conversationId: 'c1', entry: message(3) });
      fake.receive({ type: 'event', conversationId: 'c1', entry: message(4) });
      expect(store.getState().current?.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    });
  });

  describe('#sendMessage', () => {
    it('queues the reply in the outbox and shows it pending until its entry arrives', () => {
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      expect(session.sendMessage('  Hello there \n')).toBe(true);

      const frame = fake.outbox[0] as { type: string; conversationId: string; id: string; text: string };
      expect(frame).toMatchObject({ type: 'message', conversationId: 'c1', text: 'Hello there' });
      expect(frame.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(store.getState().current?.pending).toEqual([{ clientId: frame.id, conversationId: 'c1', text: 'Hello there', at: 42 }]);

      fake.receive({ type: 'ack', conversationId: 'c1', clientId: frame.id, messageId: 'm9', seq: 9 });
      expect(fake.acked).toEqual([frame.id]);
      expect(fake.outbox).toEqual([]);
      expect(store.getState().current?.pending).toHaveLength(1);

      fake.receive({ type: 'event', conversationId: 'c1', entry: message(9, { role: 'agent', clientId: frame.id, text: 'Hello there' }) });
      expect(store.getState().current?.pending).toEqual([]);
    });

    it('sends nothing for blank text or without an open conversation', () => {
      const { fake, session } = setup();
      expect(session.sendMessage('hi')).toBe(false);
      session.open('c1');
      expect(session.sendMessage('   ')).toBe(false);
      expect(fake.outbox).toEqual([]);
    });

    it('refuses text over the limit locally, with a message', () => {
      const { fake, session, store } = setup();
      session.open('c1');
      expect(session.sendMessage('x'.repeat(2001))).toBe(false);
      expect(fake.outbox).toEqual([]);
      expect(store.getState().lastError).toMatch(/too long/);
    });

    it('shows unacked replies again when their conversation is reopened', () => {
      const { session, store } = setup();
      session.open('c1');
      session.sendMessage('first');
      session.open('c2');
      expect(store.getState().current?.pending).toEqual([]);
      session.open('c1');
      expect(store.getState().current?.pending.map((p) => p.text)).toEqual(['first']);
    });

    it('drops a reply the server refused for good and says why', () => {
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      session.sendMessage('hello');
      const id = fake.outbox[0]!.id;
      fake.receive({ type: 'error', code: 'conflict', message: 'conversation is held by Bo', ref: id });
      expect(fake.outbox).toEqual([]);
      expect(store.getState().current?.pending).toEqual([]);
      expect(store.getState().lastError).toBe('Reply not sent: conversation is held by Bo');
    });

    it.each(['rate_limited', 'internal'] as const)('keeps a reply refused for now (%s) and hands its retry to the connection, which keeps the order', (code) => {
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      session.sendMessage('hello');
      session.sendMessage('and this');
      const [first, second] = fake.outbox;
      fake.receive({ type: 'error', code, message: 'slow down', ref: first!.id });
      expect(fake.retried).toEqual([first!.id]);
      expect(fake.outbox).toEqual([first, second]);
      expect(fake.acked).toEqual([]);
      expect(store.getState().current?.pending).toHaveLength(2);
      expect(store.getState().lastError).toBe('slow down (the reply will be sent again shortly)');
    });
  });

  describe('#act', () => {
    it('sends claim, resolve and handback for the open conversation when online', () => {
      const { fake, session } = setup();
      fake.welcome();
      session.open('c7');
      session.act('claim');
      session.act('resolve');
      session.act('handback');
      expect(fake.sentNow.slice(1)).toEqual([
        { type: 'claim', conversationId: 'c7' },
        { type: 'resolve', conversationId: 'c7' },
        { type: 'handback', conversationId: 'c7' },
      ]);
    });

    it('shows an error instead of queueing when offline', () => {
      const { fake, session, store } = setup();
      session.open('c7');
      session.act('claim');
      expect(fake.sentNow).toEqual([]);
      expect(store.getState().lastError).toMatch(/offline/i);
      fake.welcome();
      expect(store.getState().lastError).toBeNull();
    });
  });

  describe('frames', () => {
    it('puts queue snapshots, the conversation and server errors in the store', () => {
      const { fake, session, store } = setup();
      fake.welcome();
      fake.receive({ type: 'queue', conversations: [summary({ id: 'c1' }), summary({ id: 'c2', urgent: true })] });
      expect(store.getState().queue.map((c) => c.id)).toEqual(['c1', 'c2']);
      session.open('c2');
      fake.receive({ type: 'conversation', summary: summary({ id: 'c2', urgent: true }), pack: pack({ reason: 'urgent_intent' }), notes: [] });
      expect(store.getState().current).toMatchObject({ id: 'c2', pack: { reason: 'urgent_intent' }, loaded: true });
      fake.receive({ type: 'error', code: 'invalid_state', message: 'cannot resolve a conversation that is bot', ref: 'resolve' });
      expect(store.getState().lastError).toBe('cannot resolve a conversation that is bot');
    });

    it('reports the connection status to the store', () => {
      const { fake, store } = setup();
      fake.welcome();
      expect(store.getState().status).toBe('online');
      fake.goOffline();
      expect(store.getState().status).toBe('offline');
    });
  });

  describe('onFatal', () => {
    it('hands a refused session (4401) back to the sign-in screen', () => {
      const { fake, onSessionRefused } = setup();
      fake.options().onFatal?.(4401);
      expect(onSessionRefused).toHaveBeenCalledOnce();
    });

    it('shows other fatal closes without signing out', () => {
      const { fake, onSessionRefused, store } = setup();
      fake.options().onFatal?.(4403);
      expect(onSessionRefused).not.toHaveBeenCalled();
      expect(store.getState().lastError).toMatch(/4403/);
    });
  });

  describe('#close', () => {
    it('closes the connection', () => {
      const { fake, session } = setup();
      session.close();
      expect(fake.closed).toBe(true);
    });
  });

  describe('presence', () => {
    it('puts every presence frame in the store, replaced whole', () => {
      const { fake, store } = setup();
      fake.welcome();
      fake.receive({ type: 'presence', agents: [agentPresence('a1', { active: 2 }), agentPresence('b2', { status: 'away' })] });
      expect(store.getState().agents.map((a) => [a.id, a.status, a.active])).toEqual([
        ['a1', 'online', 2],
        ['b2', 'away', 0],
      ]);
      fake.receive({ type: 'presence', agents: [agentPresence('b2', { status: 'offline' })] });
      expect(store.getState().agents.map((a) => [a.id, a.status])).toEqual([['b2', 'offline']]);
    });

    it('sends the chosen status, and sends "away" again after every reconnect', () => {
      const { fake, session, store } = setup();
      fake.welcome();
      session.setPresence('away');
      expect(sentOf(fake.sentNow, 'presence')).toEqual([{ type: 'presence', status: 'away' }]);
      expect(store.getState().chosenStatus).toBe('away');

      fake.goOffline();
      fake.welcome();
      // The server starts every new console online: the choice must be said again.
      expect(sentOf(fake.sentNow, 'presence')).toEqual([
        { type: 'presence', status: 'away' },
        { type: 'presence', status: 'away' },
      ]);

      session.setPresence('online');
      fake.goOffline();
      fake.welcome();
      // Online is what a new console is anyway: nothing more to say.
      expect(sentOf(fake.sentNow, 'presence').map((f) => f.status)).toEqual(['away', 'away', 'online']);
    });

    it('keeps a choice made while offline and sends it on the next handshake', () => {
      const { fake, session, store } = setup();
      session.setPresence('away');
      expect(fake.sentNow).toEqual([]);
      expect(store.getState().chosenStatus).toBe('away');
      fake.welcome();
      expect(sentOf(fake.sentNow, 'presence')).toEqual([{ type: 'presence', status: 'away' }]);
    });
  });

  describe('#sendNote', () => {
    function opened() {
      const ctx = setup();
      ctx.fake.welcome();
      ctx.session.open('c1');
      ctx.fake.receive({ type: 'conversation', summary: summary({ id: 'c1' }), pack: null, notes: [] });
      return ctx;
    }

    it('queues the note in the outbox, pending until the note comes back with its clientId', () => {
      const { fake, session, store } = opened();
      expect(session.sendNote('  Customer is a VIP  ')).toBe(true);
      const frame = fake.outbox[0] as Extract<AgentFrame, { type: 'note' }>;
      expect(frame).toMatchObject({ type: 'note', conversationId: 'c1', text: 'Customer is a VIP' });
      expect(store.getState().current?.pendingNotes).toEqual([{ clientId: frame.id, conversationId: 'c1', text: 'Customer is a VIP', at: 42 }]);

      fake.receive({ type: 'note', conversationId: 'c1', note: note('n1', { clientId: frame.id, agent: { id: 'a1', name: 'Ada' }, text: 'Customer is a VIP' }) });
      expect(fake.acked).toEqual([frame.id]);
      expect(fake.outbox).toEqual([]);
      expect(store.getState().current?.pendingNotes).toEqual([]);
      expect(store.getState().current?.notes.map((n) => n.id)).toEqual(['n1']);
    });

    it('keeps an unacked note across a reconnect, to be resent, and shows it once however often it comes back', () => {
      const { fake, session, store } = opened();
      session.sendNote('Called the warehouse');
      const frame = fake.outbox[0]!;
      fake.goOffline();
      fake.welcome();
      // Still in the outbox (the connection resends it after the handshake) and still shown pending.
      expect(fake.outbox).toEqual([frame]);
      expect(store.getState().current?.pendingNotes.map((p) => p.clientId)).toEqual([frame.id]);

      const stored = note('n7', { clientId: frame.id, agent: { id: 'a1', name: 'Ada' }, text: 'Called the warehouse' });
      // The reopen lists it (stored before the ack was lost), then the resend's ack and the live copy arrive.
      fake.receive({ type: 'conversation', summary: summary({ id: 'c1' }), pack: null, notes: [stored] });
      // Being listed is its ack: no more resends, and no pending copy beside the stored one.
      expect(fake.acked).toEqual([frame.id]);
      expect(store.getState().current?.pendingNotes).toEqual([]);
      fake.receive({ type: 'note', conversationId: 'c1', note: stored });
      fake.receive({ type: 'note', conversationId: 'c1', note: stored });
      expect(fake.acked).toEqual([frame.id]);
      expect(store.getState().current?.pendingNotes).toEqual([]);
      expect(store.getState().current?.notes.map((n) => n.id)).toEqual(['n7']);
    });

    it('shows unacked notes again when their conversation is reopened, and acks one while another is open', () => {
      const { fake, session, store } = opened();
      session.sendNote('first');
      const id = fake.outbox[0]!.id;
      session.open('c2');
      expect(store.getState().current?.pendingNotes).toEqual([]);
      session.open('c1');
      expect(store.getState().current?.pendingNotes.map((p) => p.text)).toEqual(['first']);

      session.open('c2');
      fake.receive({ type: 'note', conversationId: 'c1', note: note('n1', { clientId: id, agent: { id: 'a1', name: 'Ada' } }) });
      expect(fake.acked).toEqual([id]);
      session.open('c1');
      expect(store.getState().current?.pendingNotes).toEqual([]);
    });

    it("does not take another agent's note for the ack of ours", () => {
      const { fake, session, store } = opened();
      session.sendNote('mine');
      const id = fake.outbox[0]!.id;
      fake.receive({ type: 'note', conversationId: 'c1', note: note('n1', { clientId: id, agent: { id: 'b2', name: 'Bo' } }) });
      expect(fake.acked).toEqual([]);
      expect(store.getState().current?.pendingNotes).toHaveLength(1);
    });

    it('retries a note refused for now, and drops one refused for good with a message', () => {
      const { fake, session, store } = opened();
      session.sendNote('one');
      session.sendNote('two');
      const [one, two] = fake.outbox;
      fake.receive({ type: 'error', code: 'rate_limited', message: 'slow down', ref: one!.id });
      expect(fake.retried).toEqual([one!.id]);
      expect(store.getState().current?.pendingNotes).toHaveLength(2);

      fake.receive({ type: 'error', code: 'too_long', message: 'text is too long', ref: two!.id });
      expect(fake.outbox).toEqual([one]);
      expect(store.getState().current?.pendingNotes.map((p) => p.text)).toEqual(['one']);
      expect(store.getState().lastError).toBe('Note not saved: text is too long');
    });

    it('sends nothing for a blank note or without an open conversation', () => {
      const { fake, session } = setup();
      expect(session.sendNote('hi')).toBe(false);
      session.open('c1');
      expect(session.sendNote('  ')).toBe(false);
      expect(fake.outbox).toEqual([]);
    });
  });

  describe('typing, received', () => {
    it('shows "Visitor is typing" until off, or until typingTtlMs without a refresh', () => {
      vi.useFakeTimers();
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      const typing = () => store.getState().current?.typing.map((t) => t.key);
      fake.receive({ type: 'typing', conversationId: 'c1', on: true, who: 'visitor' });
      expect(typing()).toEqual(['visitor']);
      fake.receive({ type: 'typing', conversationId: 'c1', on: false, who: 'visitor' });
      expect(typing()).toEqual([]);

      fake.receive({ type: 'typing', conversationId: 'c1', on: true, who: 'visitor' });
      vi.advanceTimersByTime(LIMITS.typingTtlMs - 1_000);
      // A refresh restarts the clock.
      fake.receive({ type: 'typing', conversationId: 'c1', on: true, who: 'visitor' });
      vi.advanceTimersByTime(LIMITS.typingTtlMs - 1);
      expect(typing()).toEqual(['visitor']);
      vi.advanceTimersByTime(1);
      expect(typing()).toEqual([]);
    });

    it('shows another agent typing by name, and ignores typing in a conversation not open', () => {
      vi.useFakeTimers();
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      fake.receive({ type: 'typing', conversationId: 'c2', on: true, who: 'visitor' });
      fake.receive({ type: 'typing', conversationId: 'c1', on: true, who: 'agent', name: 'Lee' });
      expect(store.getState().current?.typing).toEqual([{ key: 'agent:Lee', who: 'agent', name: 'Lee' }]);
      vi.advanceTimersByTime(LIMITS.typingTtlMs);
      expect(store.getState().current?.typing).toEqual([]);
    });
  });

  describe('#composing', () => {
    function typingSetup() {
      vi.useFakeTimers();
      let t = 1_000;
      const ctx = setup(() => t);
      ctx.fake.welcome();
      ctx.session.open('c1');
      const advance = (ms: number) => {
        t += ms;
        vi.advanceTimersByTime(ms);
      };
      return { ...ctx, advance, typing: () => sentOf(ctx.fake.sentNow, 'typing') };
    }

    it('says "typing" at most every typingRefreshMs while keys keep coming, and never what is typed', () => {
      const { session, advance, typing } = typingSetup();
      session.composing('H');
      advance(1_000);
      session.composing('He');
      advance(1_000);
      session.composing('Hel');
      expect(typing()).toEqual([{ type: 'typing', conversationId: 'c1', on: true }]);
      advance(1_000);
      session.composing('Hell');
      expect(typing()).toEqual([
        { type: 'typing', conversationId: 'c1', on: true },
        { type: 'typing', conversationId: 'c1', on: true },
      ]);
      expect(JSON.stringify(typing())).not.toContain('Hel');
    });

    it('says "stopped" after typingRefreshMs without a key, once', () => {
      const { session, advance, typing } = typingSetup();
      session.composing('Hi');
      advance(LIMITS.typingRefreshMs - 1);
      expect(typing().map((f) => f.on)).toEqual([true]);
      advance(1);
      expect(typing().map((f) => f.on)).toEqual([true, false]);
      advance(10_000);
      expect(typing().map((f) => f.on)).toEqual([true, false]);
    });

    it('says "stopped" when the box is cleared and when the reply is sent', () => {
      const { session, typing } = typingSetup();
      session.composing('Hi');
      session.composing('');
      session.composing('Hello');
      session.sendMessage('Hello');
      expect(typing().map((f) => f.on)).toEqual([true, false, true, false]);
      // Nothing said: nothing to stop.
      session.composing('');
      expect(typing()).toHaveLength(4);
    });

    it('says "stopped" in the old conversation when another is opened', () => {
      const { session, typing } = typingSetup();
      session.composing('Hi');
      session.open('c2');
      expect(typing()).toEqual([
        { type: 'typing', conversationId: 'c1', on: true },
        { type: 'typing', conversationId: 'c1', on: false },
      ]);
    });
  });

  describe('#sendDraft', () => {
    it('sends the edited draft as one ordinary message and stops offering it', () => {
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      fake.receive({ type: 'conversation', summary: summary({ id: 'c1', state: 'queued' }), pack: pack({ draft: 'Refunds take 5 days.' }), notes: [] });
      expect(offeredDraft(store.getState())?.text).toBe('Refunds take 5 days.');

      expect(session.sendDraft(' Refunds take 5 working days. ')).toBe(true);
      expect(fake.sendCalls).toHaveLength(1);
      expect(fake.outbox).toEqual([{ type: 'message', conversationId: 'c1', id: expect.any(String), text: 'Refunds take 5 working days.' }]);
      // No separate claim: the server claims it for us with the message.
      expect(fake.sentNow.filter((f) => f.type !== 'open')).toEqual([]);
      expect(offeredDraft(store.getState())).toBeNull();
      expect(store.getState().current?.pending.map((p) => p.text)).toEqual(['Refunds take 5 working days.']);
    });

    it('offers the draft again, as sent, when the server refuses that reply for good', () => {
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      fake.receive({ type: 'conversation', summary: summary({ id: 'c1' }), pack: pack(), notes: [] });
      session.sendDraft('Edited draft');
      fake.receive({ type: 'error', code: 'at_capacity', message: 'Ada already holds 3 of 3 conversations', ref: fake.outbox[0]!.id });
      expect(offeredDraft(store.getState())?.text).toBe('Edited draft');
      expect(store.getState().lastError).toBe('Reply not sent: Ada already holds 3 of 3 conversations');
    });

    it('sends nothing without a pack or for a blank draft', () => {
      const { fake, session } = setup();
      fake.welcome();
      session.open('c1');
      expect(session.sendDraft('x')).toBe(false);
      fake.receive({ type: 'conversation', summary: summary({ id: 'c1' }), pack: pack(), notes: [] });
      expect(session.sendDraft('   ')).toBe(false);
      expect(fake.sendCalls).toEqual([]);
    });
  });

  describe('#transfer', () => {
    it('sends the transfer of the open conversation, and shows a refusal in the error banner', () => {
      const { fake, session, store } = setup();
      fake.welcome();
      session.open('c1');
      session.transfer('b2');
      expect(sentOf(fake.sentNow, 'transfer')).toEqual([{ type: 'transfer', conversationId: 'c1', to: 'b2' }]);
      fake.receive({ type: 'error', code: 'agent_unavailable', message: 'Bo is not online' });
      expect(store.getState().lastError).toBe('Bo is not online');
    });

    it('does not queue a transfer while offline', () => {
      const { fake, session, store } = setup();
      session.open('c1');
      session.transfer('b2');
      expect(store.getState().lastError).toMatch(/offline: "transfer" was not sent/);
      fake.welcome();
      expect(sentOf(fake.sentNow, 'transfer')).toEqual([]);
      session.transfer('');
      expect(sentOf(fake.sentNow, 'transfer')).toEqual([]);
    });
  });
});
