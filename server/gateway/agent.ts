/**
 * One agent socket (authenticated at the upgrade): the agent's presence, the
 * live queue and who else is there, the conversation the agent opens (its log,
 * notes and typing), and the agent's actions on it.
 */
import type WebSocket from 'ws';
import { CLOSE_CODES } from '../../shared/codes.ts';
import { AGENT_FRAMES, type AgentFrame } from '../../shared/frames/agent.ts';
import { newId } from '../storage/ids.ts';
import { parseFrame } from '../../shared/frames/parse.ts';
import { PROTOCOL_VERSION } from '../../shared/limits.ts';
import { topics } from '../bus/types.ts';
import { toSummary, type AgentRef } from '../handoff/conversations.ts';
import { BatonError } from '../../shared/errors.ts';
import { follow } from './follow.ts';
import { frameQueue } from './frame-queue.ts';
import { acceptVersion, refuseHello, refuseOverLength, storeAndAck } from './handshake.ts';
import { send, sendError, sendRefusal } from './frames.ts';
import { RateLimiter } from './rate-limit.ts';
import type { GatewayDeps } from './visitor.ts';

/** Queue changes come in bursts (a message, then a state change): one snapshot per burst. */
const QUEUE_DEBOUNCE_MS = 50;

export function handleAgent(ws: WebSocket, agent: AgentRef, deps: GatewayDeps): void {
  const { conversations, bus, log, config, desk, presence } = deps;
  const consoleKey = newId('k');
  /** Conversations this console said it is typing in, to say "stopped" if it closes mid-sentence. */
  const typingIn = new Set<string>();
  const limiter = new RateLimiter(config.limits.rateLimitMessages, config.limits.rateLimitWindowMs);
  // A typing indicator is refreshed every few seconds; more than this is noise, dropped without an error.
  const typingLimit = new RateLimiter(config.limits.rateLimitMessages, config.limits.rateLimitWindowMs);
  const following = new Map<string, () => void>();
  let greeted = false;
  let unsubscribeQueue: (() => void) | null = null;
  let queueTimer: NodeJS.Timeout | null = null;
  const helloTimer = setTimeout(() => ws.close(CLOSE_CODES.helloTimeout, 'hello timeout'), config.limits.helloTimeoutMs);

  // The queue and everyone's load change together (a claim is both): one snapshot of each per burst.
  const sendQueue = async () => {
    queueTimer = null;
    try {
      send(ws, { type: 'queue', conversations: (await desk.list()).map(toSummary) });
      send(ws, { type: 'presence', agents: await desk.presenceList() });
    } catch (error) {
      log.error('queue snapshot failed', { error: String(error) });
    }
  };
  const soon = () => {
    queueTimer ??= setTimeout(() => void sendQueue(), QUEUE_DEBOUNCE_MS);
  };

  ws.on('close', (code) => {
    clearTimeout(helloTimer);
    if (queueTimer) clearTimeout(queueTimer);
    unsubscribeQueue?.();
    for (const stop of following.values()) stop();
    following.clear();
    // A clean close (a reload, a closed tab) gets the presence grace; a console that stopped answering pings does not.
    if (greeted) presence.disconnect(agent.id, consoleKey, code === 1000 || code === 1001);
    // Whoever saw this agent typing must not wait for an indicator to time out.
    for (const conversationId of typingIn) void typing(conversationId, false).catch(() => undefined);
    typingIn.clear();
  });

  async function open(conversationId: string, lastSeq: number): Promise<void> {
    const record = await conversations.log.get(conversationId);
    // One conversation at a time per socket: opening another stops following the last.
    for (const stop of following.values()) stop();
    following.clear();
    send(ws, { type: 'conversation', summary: toSummary(record), pack: record.pack, notes: await conversations.extras.notes(conversationId) });
    const stopLog = await follow(bus, conversations.log, conversationId, lastSeq, config.limits.resumeBatch, (entry) => send(ws, { type: 'event', conversationId, entry }));
    // Notes and the visitor typing come on the agents' side; another agent typing comes with the log.
    const stopSide = bus.subscribe(topics.agentSide(conversationId), (message) => {
      if (message.kind === 'note') send(ws, { type: 'note', conversationId, note: message.note });
      else if (message.kind === 'typing' && message.agent?.id !== agent.id) send(ws, { type: 'typing', conversationId, on: message.on, who: message.who, ...(message.agent && { name: message.agent.name }) });
    });
    const stop = () => {
      stopLog();
      stopSide();
    };
    if (ws.readyState !== ws.OPEN) return stop();
    following.set(conversationId, stop);
  }

  /** Typing reaches the other agents on the conversation, and the visitor only from the agent who holds it. */
  async function typing(conversationId: string, on: boolean): Promise<void> {
    if (on) typingIn.add(conversationId);
    else typingIn.delete(conversationId);
    const record = await conversations.log.get(conversationId);
    const holds = record.state === 'human' && record.assignee?.id === agent.id;
    const message = { kind: 'typing', conversationId, who: 'agent', on, agent, toVisitor: holds } as const;
    await bus.publish(topics.agentSide(conversationId), message);
    if (holds) await bus.publish(topics.conversation(conversationId), message);
  }

  async function transfer(conversationId: string, to: string): Promise<void> {
    const seat = presence.seat(to);
    if (!seat) throw new BatonError('not_found', `no agent ${to}`);
    await conversations.assignment.transfer(conversationId, agent, { id: seat.id, name: seat.name }, presence.status(seat.id) === 'online');
  }

  async function handle(frame: AgentFrame): Promise<void> {
    switch (frame.type) {
      case 'hello':
        return sendError(ws, 'bad_frame', 'hello was already received on this socket', 'hello');
      case 'ping':
        return send(ws, { type: 'pong' });
      case 'open':
        return open(frame.conversationId, frame.lastSeq ?? 0);
      case 'claim':
        await conversations.assignment.claim(frame.conversationId, agent);
        return;
      case 'resolve':
        await conversations.assignment.resolve(frame.conversationId, agent);
        return;
      case 'handback':
        await conversations.assignment.handBack(frame.conversationId, agent);
        return;
      case 'message':
        if (refuseOverLength(ws, frame.text, config.limits.maxMessageChars, frame.id)) return;
        return storeAndAck(ws, log, limiter, frame.conversationId, frame.id, () =>
          conversations.assignment.agentMessage(frame.conversationId, agent, frame.id, frame.text),
        );
      case 'presence':
        return presence.setStatus(agent.id, consoleKey, frame.status);
      case 'typing':
        if (!typingLimit.take()) return;
        return typing(frame.conversationId, frame.on);
      case 'note': {
        if (refuseOverLength(ws, frame.text, config.limits.maxMessageChars, frame.id)) return;
        if (!limiter.take()) return sendError(ws, 'rate_limited', 'too many messages; wait a moment and resend', frame.id);
        // Sent straight back too: the note acks by its client id even when this console follows another conversation.
        try {
          const { note } = await conversations.extras.addNote(frame.conversationId, agent, frame.id, frame.text);
          return send(ws, { type: 'note', conversationId: frame.conversationId, note });
        } catch (error) {
          // A refusal names the note, so the console can stop resending it.
          if (sendRefusal(ws, error, frame.id)) return;
          throw error;
        }
      }
      case 'transfer':
        return transfer(frame.conversationId, frame.to);
    }
  }

  frameQueue(ws, log, async (raw) => {
    const parsed = parseFrame(raw, AGENT_FRAMES);
    if (!greeted) {
      if (!parsed.ok) return refuseHello(ws, parsed.code, parsed.message, parsed.ref);
      if (parsed.frame.type !== 'hello') return refuseHello(ws, 'hello_required', 'send hello first', parsed.frame.type);
      if (!acceptVersion(ws, parsed.frame.v)) return;
      greeted = true;
      clearTimeout(helloTimer);
      send(ws, { type: 'agent_welcome', v: PROTOCOL_VERSION, agent });
      const stopQueue = bus.subscribe(topics.queue, soon);
      const stopPresence = bus.subscribe(topics.presence, soon);
      unsubscribeQueue = () => {
        stopQueue();
        stopPresence();
      };
      presence.connect(agent.id, consoleKey);
      return sendQueue();
    }
    if (!parsed.ok) return sendError(ws, parsed.code, parsed.message, parsed.ref);
    return handle(parsed.frame);
  });
}
