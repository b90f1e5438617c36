/** A stand-in for the shared reconnecting socket: records what the session sends, lets a test play the server. */
import type { AgentServerFrame } from '../shared/frames/server.ts';
import type { Connection, ConnectionOptions, ConnectionStatus, OutboxFrame, createConnection } from '../widget/transport/connection.ts';

export interface FakeConnection {
  connect: typeof createConnection;
  options(): ConnectionOptions<AgentServerFrame>;
  /** Frames sent with sendNow while online. */
  sentNow: object[];
  outbox: OutboxFrame[];
  /** Every send() call, including repeats of the same id. */
  sendCalls: OutboxFrame[];
  acked: string[];
  closed: boolean;
  /** Complete a handshake: status online, then the welcome frame, as the real one does. */
  welcome(): void;
  goOffline(): void;
  /** Deliver raw text through the session's own parse, as the real connection does. */
  receive(frame: AgentServerFrame): void;
}

export function fakeConnection(): FakeConnection {
  let captured: ConnectionOptions<AgentServerFrame> | undefined;
  let status: ConnectionStatus = 'connecting';
  let ready = false;
  const fake: FakeConnection = {
    connect: (<In extends { type: string }>(opts: ConnectionOptions<In>): Connection => {
      // The session under test is the only caller and asks for agent frames.
      captured = opts as unknown as ConnectionOptions<AgentServerFrame>;
      return connection;
    }) as typeof createConnection,
    options() {
      if (!captured) throw new Error('connect() was not called');
      return captured;
    },
    sentNow: [],
    outbox: [],
    sendCalls: [],
    acked: [],
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
  const connection: Connection = {
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
    pending: () => fake.outbox.slice(),
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
