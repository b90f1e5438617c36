import { describe, expect, it, vi } from 'vitest';
import { agentSocketUrl, createAgentSession } from './agent-session.ts';
import { fakeConnection } from './fake-connection.ts';
import { createConsoleStore } from './store.ts';
import { message, pack, summary } from './test-fixtures.ts';

function setup() {
  const store = createConsoleStore();
  store.getState().signedIn({ id: 'a1', name: 'Ada', email: 'ada@example.com' });
  const fake = fakeConnection();
  const onSessionRefused = vi.fn();
  const session = createAgentSession({ store, onSessionRefused, connect: fake.connect, now: () => 42 });
  return { store, fake, session, onSessionRefused };
}

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
});
