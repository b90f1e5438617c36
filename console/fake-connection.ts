/** A stand-in for the shared reconnecting socket: records what the session sends, lets a test play the server. */
import type { AgentFrame } from '../shared/frames/agent.ts';
import type { AgentServerFrame } from '../shared/frames/server.ts';
import type { Connection, ConnectionOptions, ConnectionStatus, OutboxFrame, createConnection } from '../client/connection.ts';

type Options = ConnectionOptions<AgentServerFrame, AgentFrame>;

export interface FakeConnection {
  connect: typeof createConnection;
  options(): Options;
  /** Frames sent with sendNow while online. */
  sentNow: AgentFrame[];
  outbox: OutboxFrame<AgentFrame>[];
  /** Every send() call, including repeats of the same id. */
  sendCalls: OutboxFrame<AgentFrame>[];
  acked: string[];
  /** Ids passed to retryFrom (the connection's own tests cover what it then does). */
  retried: string[];
  closed: boolean;
  /** Complete a handshake: status online, then the welcome frame, as the real one does. */
  welcome(): void;
  goOffline(): void;
  /** Deliver raw text through the session's own parse, as the real connection does. */
  receive(frame: AgentServerFrame): void;
}

export function fakeConnection(): FakeConnection {
  let captured: Options | undefined;
  let status: ConnectionStatus = 'connecting';
  let ready = false;
  const fake: FakeConnection = {
    connect: (<In extends { type: string }, Out extends { type: string }>(opts: ConnectionOptions<In, Out>): Connection<Out> => {
      // The session under test is the only caller and speaks the agent protocol.
      captured = opts as unknown as Options;
      return connection as unknown as Connection<Out>;
    }) as typeof createConnection,
    options() {
      if (!captured) throw new Error('connect() was not called');
      return captured;
    },
    sentNow: [],
    outbox: [],
    sendCalls: [],
    acked: [],
    retried: [],
    closed: false,
    welcome() {
      status = 'online';
      ready = true;
      fake.options().onStatus?.('online');
      fake.receive({ type: 'agent_welcome', v: 1, agent: { id: 'a1', name: 'Ada' } });
    },
    goOffline() {
      status = 'offline';
      ready = false;
      fake.options().onStatus?.('offline');
    },
    receive(frame) {
      const result = fake.options().parse(JSON.stringify(frame));
      if (!result.ok) throw new Error(`fake server sent an invalid frame: ${result.message}`);
      fake.options().onFrame(result.frame);
    },
  };
  const connection: Connection<AgentFrame> = {
    send(frame) {
      fake.sendCalls.push(frame);
      const at = fake.outbox.findIndex((f) => f.id === frame.id);
      if (at >= 0) fake.outbox[at] = frame;
      else fake.outbox.push(frame);
    },
    sendNow(frame) {
      if (!ready) return false;
      fake.sentNow.push(frame);
      return true;
    },
    ack(id) {
      fake.acked.push(id);
      const at = fake.outbox.findIndex((f) => f.id === id);
      if (at >= 0) fake.outbox.splice(at, 1);
    },
    retryFrom(id) {
      fake.retried.push(id);
    },
    pending: () => fake.outbox.slice(),
    start() {},
    reconnect() {},
    close() {
      fake.closed = true;
    },
    get status() {
      return status;
    },
  };
  return fake;
}
