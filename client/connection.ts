/**
 * A reconnecting WebSocket client shared by the widget and the console.
 *
 * It owns the socket lifecycle only: handshake (hello -> ready frame), an outbox
 * of frames kept until the caller acks them (in order, also when the server
 * refuses one for now: retryFrom), reconnect with exponential backoff and full
 * jitter, and a heartbeat. It knows nothing of the DOM, so it runs in
 * Node (global WebSocket) as well as in browsers; what a frame means is the
 * caller's business.
 */
import { FATAL_CLOSE_CODES } from '../shared/codes.ts';
import { LIMITS } from '../shared/limits.ts';
import type { ParseResult } from '../shared/frames/parse.ts';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** Frames with a client id: the ones the outbox keeps until acked. */
export type OutboxFrame<Out> = Extract<Out, { id: string }>;

export interface ConnectionOptions<In extends { type: string }, Out extends { type: string }> {
  /** Evaluated on every connect, so a caller can change it between attempts. */
  url: () => string;
  parse: (raw: string) => ParseResult<In>;
  /** First frame sent on every (re)connect. */
  hello: () => Out;
  /** The frame that completes the handshake; the outbox is flushed after onFrame(it) returns, in order. */
  isReady: (frame: In) => boolean;
  /** Every valid frame, including the ready one. */
  onFrame: (frame: In) => void;
  /** Called on every change; the status starts as 'connecting', or 'offline' until start() when lazy (read it from Connection.status). */
  onStatus?: (s: ConnectionStatus) => void;
  /** Closed with a code in FATAL_CLOSE_CODES: no more reconnects unless reconnect() is called. */
  onFatal?: (code: number) => void;
  WebSocketImpl?: typeof WebSocket;
  backoff?: { baseMs: number; maxMs: number };
  heartbeat?: { intervalMs: number; timeoutMs: number };
  random?: () => number;
  /** Do not connect until start() is called (default: connect at once). The outbox takes frames meanwhile. */
  lazy?: boolean;
  /** How long retryFrom() holds the refused frame; default LIMITS.rateLimitWindowMs. */
  retryDelayMs?: number;
}

export interface Connection<Out extends { type: string }> {
  /** Kept and (re)sent after every handshake until ack(id); order preserved. */
  send(frame: OutboxFrame<Out>): void;
  /** Fire-and-forget when online; false otherwise. */
  sendNow(frame: Out): boolean;
  ack(id: string): void;
  /**
   * The server refused outbox frame `id` for now (rate_limited): nothing was
   * stored. Hold it and every frame after it in the outbox, then send them again
   * in order after retryDelayMs, so a later frame is never stored before it. A new
   * handshake (a new socket, a new limit window) sends them all at once. Frames
   * already in flight when the refusal arrives cannot be called back.
   */
  retryFrom(id: string): void;
  pending(): readonly OutboxFrame<Out>[];
  /** Connect now if not yet started (lazy); no-op otherwise. */
  start(): void;
  /** Connect afresh now, e.g. after the caller dropped a refused token. */
  reconnect(): void;
  /** Stops for good. */
  close(): void;
  readonly status: ConnectionStatus;
}

const DEFAULT_BACKOFF = { baseMs: 500, maxMs: 15_000 };
const DEFAULT_HEARTBEAT = { intervalMs: LIMITS.heartbeatIntervalMs, timeoutMs: LIMITS.heartbeatTimeoutMs };
const OPEN = 1; // WebSocket.OPEN; not read from the class because a test double may not define it

const utf8 = new TextEncoder();

export function createConnection<In extends { type: string }, Out extends { type: string }>(
  opts: ConnectionOptions<In, Out>,
): Connection<Out> {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const heartbeat = opts.heartbeat ?? DEFAULT_HEARTBEAT;
  const random = opts.random ?? Math.random;
  const retryDelayMs = opts.retryDelayMs ?? LIMITS.rateLimitWindowMs;

  let started = opts.lazy !== true;
  let status: ConnectionStatus = started ? 'connecting' : 'offline';
  let socket: WebSocket | null = null;
  let ready = false; // handshake completed on the current socket
  let stopped = false; // close() was called
  let halted = false; // fatal close: wait for reconnect()
  let attempt = 0; // failed attempts since the last successful handshake
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined; // heartbeat: cleared by any frame
  let handshakeTimer: ReturnType<typeof setTimeout> | undefined; // cleared by the ready frame
  const outbox: OutboxFrame<Out>[] = [];
  let flushing = false; // inside onFrame(ready frame): hold send() until the flush
  // retryFrom: the first outbox frame held back; it and every frame after it wait for the timer.
  let heldFrom: string | null = null;
  let holdTimer: ReturnType<typeof setTimeout> | undefined;

  function setStatus(next: ConnectionStatus): void {
    if (next === status) return;
    status = next;
    guard('onStatus', () => opts.onStatus?.(next));
  }

  function connect(): void {
    if (stopped || halted) return;
    setStatus('connecting');
    const Impl = opts.WebSocketImpl ?? globalThis.WebSocket;
    let ws: WebSocket;
    try {
      ws = new Impl(opts.url());
    } catch (err) {
      // A malformed URL throws synchronously; treat it like a failed attempt.
      console.error('[baton] cannot open socket:', err);
      scheduleRetry();
      return;
    }
    socket = ws;
    ready = false;
    // Covers a connect that never opens and a hello that is never answered, even
    // while pongs keep the heartbeat happy.
    handshakeTimer = setTimeout(() => giveUp('handshake timeout'), heartbeat.intervalMs + heartbeat.timeoutMs);

    ws.onopen = () => {
      if (ws !== socket) return;
      transmit(opts.hello());
      pingTimer = setInterval(() => {
        transmit({ type: 'ping' });
        if (deadline === undefined) armDeadline(heartbeat.timeoutMs, 'heartbeat timeout');
      }, heartbeat.intervalMs);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (ws !== socket) return;
      receive(event.data);
    };
    // An error is always followed by a close event, which carries what we act on.
    ws.onerror = () => {};
    ws.onclose = (event: CloseEvent) => {
      if (ws !== socket) return;
      // Said once per outage; the failed attempts that follow show in the status only.
      if (ready) console.warn(`[baton] connection lost (close ${event.code}); reconnecting`);
      dropSocket();
      onClosed(event.code);
    };
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') {
      console.warn('[baton] ignored a non-text frame');
      return;
    }
    const result = opts.parse(data);
    if (!result.ok) {
      console.warn(`[baton] ignored an invalid frame (${result.code}): ${result.message}`);
      return;
    }
    // Any valid frame proves the link is alive.
    clearDeadline();
    const frame = result.frame;
    const completesHandshake = !ready && guard('isReady', () => opts.isReady(frame)) === true;
    if (!completesHandshake) {
      guard('onFrame', () => opts.onFrame(frame));
      return;
    }
    ready = true;
    attempt = 0;
    clearTimeout(handshakeTimer);
    handshakeTimer = undefined;
    setStatus('online');
    // The caller sees the ready frame before the flush, so it can update what
    // depends on it (token, conversation) or ack stale frames first; what it
    // send()s meanwhile joins the end of the outbox, keeping the order.
    flushing = true;
    guard('onFrame', () => opts.onFrame(frame));
    flushing = false;
    // A new socket starts a new limit window: whatever was held goes now, in order.
    clearHold();
    if (ready) for (const queued of outbox.slice()) transmit(queued);
  }

  /** Index of the first held frame, or -1 when nothing is held. */
  function holdIndex(): number {
    return heldFrom === null ? -1 : outbox.findIndex((f) => f.id === heldFrom);
  }

  function clearHold(): void {
    clearTimeout(holdTimer);
    holdTimer = undefined;
    heldFrom = null;
  }

  function release(): void {
    const from = holdIndex();
    clearHold();
    if (from < 0 || !ready || flushing) return; // offline: the next handshake sends them
    for (const queued of outbox.slice(from)) transmit(queued);
  }

  function onClosed(code: number): void {
    if (stopped) return;
    if (FATAL_CLOSE_CODES.includes(code)) {
      halted = true;
      setStatus('offline');
      console.warn(`[baton] connection refused (close ${code}); not reconnecting`);
      // onFatal may call reconnect() itself, which clears `halted`.
      guard('onFatal', () => opts.onFatal?.(code));
      return;
    }
    scheduleRetry();
  }

  function scheduleRetry(): void {
    if (stopped || halted) return;
    setStatus('offline');
    const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** attempt);
    const delay = Math.floor(random() * ceiling);
    attempt += 1;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      connect();
    }, delay);
  }

  /** Forget the current socket so its late events are ignored, and close it. */
  function dropSocket(reason?: string): void {
    const ws = socket;
    socket = null;
    ready = false;
    clearInterval(pingTimer);
    pingTimer = undefined;
    clearTimeout(handshakeTimer);
    handshakeTimer = undefined;
    clearDeadline();
    if (ws && reason !== undefined) {
      try {
        ws.close(1000, reason);
      } catch (err) {
        console.warn('[baton] closing socket failed:', err);
      }
    }
  }

  function armDeadline(ms: number, reason: string): void {
    clearDeadline();
    deadline = setTimeout(() => {
      deadline = undefined;
      giveUp(reason);
    }, ms);
  }

  function giveUp(reason: string): void {
    console.warn(`[baton] ${reason}; reconnecting`);
    // Do not wait for a close handshake a dead link will never complete.
    dropSocket(reason);
    scheduleRetry();
  }

  function clearDeadline(): void {
    clearTimeout(deadline);
    deadline = undefined;
  }

  function transmit(frame: object): boolean {
    const ws = socket;
    if (!ws || ws.readyState !== OPEN) return false;
    try {
      ws.send(JSON.stringify(frame));
      return true;
    } catch (err) {
      console.warn('[baton] send failed:', err);
      return false;
    }
  }

  function guard<T>(what: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      // A caller's bug must not take the connection down with it.
      console.error(`[baton] ${what} callback threw:`, err);
      return undefined;
    }
  }

  // Started on a microtask so callbacks never run before the caller holds the
  // returned object (onStatus may well refer to it).
  if (started) queueMicrotask(connect);

  return {
    send(frame) {
      if (utf8.encode(JSON.stringify(frame)).length > LIMITS.maxPayloadBytes) {
        // The server would close the socket (1009) on every resend; refuse it once, here.
        throw new RangeError(`[baton] frame ${frame.id} is over ${LIMITS.maxPayloadBytes} bytes`);
      }
      let at = outbox.findIndex((f) => f.id === frame.id);
      if (at >= 0) outbox[at] = frame;
      else at = outbox.push(frame) - 1;
      const from = holdIndex();
      const held = from >= 0 && at >= from;
      if (ready && !flushing && !held) transmit(frame);
    },
    sendNow(frame) {
      return ready && transmit(frame);
    },
    ack(id) {
      const at = outbox.findIndex((f) => f.id === id);
      if (at < 0) return;
      outbox.splice(at, 1);
      // Stored after all: keep holding what came after it, until the same timer.
      if (id === heldFrom) {
        heldFrom = outbox[at]?.id ?? null;
        if (heldFrom === null) clearHold();
      }
    },
    retryFrom(id) {
      const at = outbox.findIndex((f) => f.id === id);
      if (at < 0) return;
      const from = holdIndex();
      if (from >= 0 && from <= at) return; // already held; the running timer covers it
      clearTimeout(holdTimer);
      heldFrom = id;
      holdTimer = setTimeout(release, retryDelayMs);
    },
    pending() {
      return outbox.slice();
    },
    start() {
      if (started || stopped) return;
      started = true;
      connect();
    },
    reconnect() {
      if (stopped) {
        console.warn('[baton] reconnect() after close() ignored');
        return;
      }
      started = true;
      halted = false;
      attempt = 0;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      dropSocket('reconnect');
      connect();
    },
    close() {
      if (stopped) return;
      stopped = true;
      clearHold();
      clearTimeout(retryTimer);
      retryTimer = undefined;
      dropSocket('closed by client');
      setStatus('offline');
    },
    get status() {
      return status;
    },
  };
}
