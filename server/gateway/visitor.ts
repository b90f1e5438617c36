/**
 * One visitor socket: hello binds it to one conversation (new, or resumed by
 * token), then messages, person requests and identify facts flow through the
 * conversation service. The socket only ever sees its own conversation.
 */
import type WebSocket from 'ws';
import { CLOSE_CODES, type ConversationState } from '../../shared/codes.ts';
import { parseFrame } from '../../shared/frames/parse.ts';
import { VISITOR_FRAMES, type VisitorFrame, type VisitorHelloFrame } from '../../shared/frames/visitor.ts';
import { PROTOCOL_VERSION } from '../../shared/limits.ts';
import type { VisitorFacts } from '../../shared/model.ts';
import { topics, type Bus } from '../bus/types.ts';
import type { Config, SiteConfig } from '../config.ts';
import type { Conversations } from '../handoff/conversations.ts';
import type { Desk } from '../handoff/desk.ts';
import type { Presence } from '../handoff/presence.ts';
import { clampScore } from '../handoff/frustration.ts';
import type { Telemetry } from '../handoff/telemetry.ts';
import type { Logger } from '../log.ts';
import { follow } from './follow.ts';
import { frameQueue } from './frame-queue.ts';
import { acceptVersion, refuseHello, refuseOverLength, storeAndAck } from './handshake.ts';
import { send, sendError, sendRefusal } from './frames.ts';
import { RateLimiter } from './rate-limit.ts';

export interface GatewayDeps {
  config: Config;
  conversations: Conversations;
  bus: Bus;
  log: Logger;
  telemetry: Telemetry;
  desk: Desk;
  presence: Presence;
}

/** Queue and presence changes come in bursts: one wait estimate per burst. */
const WAIT_DEBOUNCE_MS = 100;

function facts(hello: VisitorHelloFrame): VisitorFacts {
  return {
    ...(hello.page !== undefined && { page: hello.page }),
    ...(hello.locale !== undefined && { locale: hello.locale }),
    ...(hello.user !== undefined && { user: hello.user }),
  };
}

export function handleVisitor(ws: WebSocket, site: SiteConfig, deps: GatewayDeps): void {
  const { conversations, bus, log, config, telemetry, desk } = deps;
  const typingLimit = new RateLimiter(config.limits.rateLimitMessages, config.limits.rateLimitWindowMs);
  let lastWait = '';
  /** The conversation's state as this socket last saw it go by. */
  let state: ConversationState = 'bot';
  let waitTimer: NodeJS.Timeout | null = null;
  const limiter = new RateLimiter(config.limits.rateLimitMessages, config.limits.rateLimitWindowMs);
  // Telemetry has its own budget: a chatty page must not use up the visitor's messages, nor flood storage.
  const reports = new RateLimiter(config.limits.frustrationReportsPerWindow, config.limits.rateLimitWindowMs);
  const batches = new RateLimiter(config.limits.frustrationReportsPerWindow, config.limits.rateLimitWindowMs);
  let conversationId: string | null = null;
  let unfollow: (() => void) | null = null;
  const helloTimer = setTimeout(() => ws.close(CLOSE_CODES.helloTimeout, 'hello timeout'), config.limits.helloTimeoutMs);

  ws.on('close', () => {
    clearTimeout(helloTimer);
    if (waitTimer) clearTimeout(waitTimer);
    unfollow?.();
  });

  /** While the conversation waits for a person: its place and estimate, sent when they change. */
  async function sendWait(id: string): Promise<void> {
    waitTimer = null;
    const wait = await desk.waitFor(id);
    if (!wait) {
      lastWait = '';
      return;
    }
    const key = JSON.stringify(wait);
    if (key === lastWait) return;
    lastWait = key;
    send(ws, { type: 'wait', conversationId: id, ...wait });
  }

  async function hello(frame: VisitorHelloFrame): Promise<void> {
    if (!acceptVersion(ws, frame.v)) return;
    let record;
    let token: string;
    if (frame.token !== undefined) {
      record = await conversations.log.byToken(frame.token);
      if (!record || record.site !== site.id) {
        sendError(ws, 'unauthorized', 'unknown conversation token; start a new conversation without one');
        return ws.close(CLOSE_CODES.unauthorized, 'unknown token');
      }
      token = frame.token;
      const known = facts(frame);
      if (Object.keys(known).length > 0) await conversations.log.setVisitor(record.id, { ...record.visitor, ...known });
    } else {
      ({ record, token } = await conversations.log.start(site.id, facts(frame)));
      log.info('conversation started', { conversation: record.id, site: site.id });
    }
    clearTimeout(helloTimer);
    const { offerHumanAt, handoffAt } = conversations.replies.policyOf(site.id).frustration;
    send(ws, {
      type: 'welcome',
      v: PROTOCOL_VERSION,
      conversationId: record.id,
      token,
      state: record.state,
      lastSeq: record.lastSeq,
      frustration: { offerHumanAt, handoffAt },
      contactLeft: record.contact !== null,
      surveyed: record.survey !== null,
    });
    const id = record.id;
    state = record.state;
    let stopLog: () => void;
    try {
      stopLog = await follow(bus, conversations.log, id, frame.lastSeq ?? 0, config.limits.resumeBatch, (entry) => {
        if (entry.kind === 'state') state = entry.to;
        send(ws, { type: 'event', conversationId: id, entry });
      });
    } catch (error) {
      // A socket that cannot follow its log would ack messages and show none: better to close and let it retry.
      log.error('resume failed', { conversation: id, error: String(error) });
      return ws.close(CLOSE_CODES.internal, 'resume failed');
    }
    // A reply being written, live only: pieces are not in the log, so nothing of them is replayed.
    const stopStream = bus.subscribe(topics.conversation(id), (message) => {
      if (message.kind === 'stream') send(ws, message.frame);
      else if (message.kind === 'typing' && message.toVisitor && message.agent) send(ws, { type: 'typing', conversationId: id, on: message.on, name: message.agent.name });
    });
    const waitSoon = () => {
      // Only a waiting conversation has a place (or just lost one: then nothing more is sent).
      if (state !== 'queued' && lastWait === '') return;
      waitTimer ??= setTimeout(() => void sendWait(id).catch((error: unknown) => log.error('wait estimate failed', { conversation: id, error: String(error) })), WAIT_DEBOUNCE_MS);
    };
    const stopQueue = bus.subscribe(topics.queue, waitSoon);
    const stopPresence = bus.subscribe(topics.presence, waitSoon);
    unfollow = () => {
      stopLog();
      stopStream();
      stopQueue();
      stopPresence();
    };
    if (record.state === 'queued') waitSoon();
    if (ws.readyState !== ws.OPEN) return unfollow();
    // Bound only now: frames are handled one at a time, so none arrive between welcome and here.
    conversationId = id;
  }


  /** A once-only action: `saved` when stored; a refusal names the frame's id, so the widget stops resending it. */
  async function saved(clientId: string, what: 'contact' | 'survey', store: () => Promise<void>): Promise<void> {
    if (conversationId === null) return;
    try {
      await store();
      send(ws, { type: 'saved', conversationId, what, id: clientId });
    } catch (error) {
      if (sendRefusal(ws, error, clientId)) return;
      throw error;
    }
  }

  async function handle(frame: VisitorFrame, id: string): Promise<void> {
    switch (frame.type) {
      case 'hello':
        return sendError(ws, 'bad_frame', 'hello was already received on this socket', 'hello');
      case 'ping':
        return send(ws, { type: 'pong' });
      case 'message':
        if (refuseOverLength(ws, frame.text, config.limits.maxMessageChars, frame.id)) return;
        return storeAndAck(ws, log, limiter, id, frame.id, () => conversations.replies.visitorMessage(id, frame.id, frame.text));
      case 'human':
        return conversations.replies.requestPerson(id);
      case 'events':
        // Over budget, a batch is dropped: telemetry is best effort and never worth an error on the visitor's screen.
        if (!batches.take()) return log.debug('events batch dropped (rate limit)', { conversation: id });
        return telemetry.recordEvents(id, frame.events);
      case 'frustration': {
        const report = { score: clampScore(frame.score), signals: frame.signals };
        // Over budget, the report is kept as the latest word but not judged now; the next message is judged with it.
        if (!reports.take()) return conversations.replies.noteFrustration(id, report);
        // Not awaited: the judgement waits behind any reply being written, and this socket's later frames must not.
        void conversations.replies.visitorFrustration(id, report).catch((error: unknown) => log.error('frustration check failed', { conversation: id, error: String(error) }));
        return;
      }
      case 'typing':
        // Only the fact that the visitor types reaches the agents: the draft itself never leaves the widget.
        if (!typingLimit.take()) return;
        return bus.publish(topics.agentSide(id), { kind: 'typing', conversationId: id, who: 'visitor', on: frame.on, toVisitor: false });
      case 'contact':
        if (!limiter.take()) return sendError(ws, 'rate_limited', 'too many messages; wait a moment and resend', frame.id);
        return saved(frame.id, 'contact', () => conversations.extras.leaveContact(id, frame.email));
      case 'survey':
        if (!limiter.take()) return sendError(ws, 'rate_limited', 'too many messages; wait a moment and resend', frame.id);
        return saved(frame.id, 'survey', () => conversations.extras.survey(id, frame.score, frame.comment ?? null));
      case 'identify': {
        const record = await conversations.log.get(id);
        return conversations.log.setVisitor(id, { ...record.visitor, user: frame.user });
      }
    }
  }

  frameQueue(ws, log, async (raw) => {
    const parsed = parseFrame(raw, VISITOR_FRAMES);
    if (conversationId === null) {
      if (!parsed.ok) return refuseHello(ws, parsed.code, parsed.message, parsed.ref);
      if (parsed.frame.type !== 'hello') return refuseHello(ws, 'hello_required', 'send hello first', parsed.frame.type);
      return hello(parsed.frame);
    }
    if (!parsed.ok) return sendError(ws, parsed.code, parsed.message, parsed.ref);
    return handle(parsed.frame, conversationId);
  });
}
