/**
 * One agent socket (authenticated at the upgrade): the live queue, the
 * conversations the agent opens, and the agent's actions on them.
 */
import type WebSocket from 'ws';
import { CLOSE_CODES } from '../../shared/codes.ts';
import { AGENT_FRAMES, type AgentFrame } from '../../shared/frames/agent.ts';
import { parseFrame } from '../../shared/frames/parse.ts';
import { PROTOCOL_VERSION } from '../../shared/limits.ts';
import { topics } from '../bus/types.ts';
import { toSummary, type AgentRef } from '../handoff/conversations.ts';
import { follow } from './follow.ts';
import { frameQueue } from './frame-queue.ts';
import { acceptVersion, refuseHello, storeAndAck } from './handshake.ts';
import { send, sendError } from './frames.ts';
import { RateLimiter } from './rate-limit.ts';
import type { GatewayDeps } from './visitor.ts';

/** Queue changes come in bursts (a message, then a state change): one snapshot per burst. */
const QUEUE_DEBOUNCE_MS = 50;

export function handleAgent(ws: WebSocket, agent: AgentRef, deps: GatewayDeps): void {
  const { conversations, bus, log, config } = deps;
  const limiter = new RateLimiter(config.limits.rateLimitMessages, config.limits.rateLimitWindowMs);
  const following = new Map<string, () => void>();
  let greeted = false;
  let unsubscribeQueue: (() => void) | null = null;
  let queueTimer: NodeJS.Timeout | null = null;
  const helloTimer = setTimeout(() => ws.close(CLOSE_CODES.helloTimeout, 'hello timeout'), config.limits.helloTimeoutMs);

  const sendQueue = async () => {
    queueTimer = null;
    try {
      send(ws, { type: 'queue', conversations: await conversations.queue() });
    } catch (error) {
      log.error('queue snapshot failed', { error: String(error) });
    }
  };

  ws.on('close', () => {
    clearTimeout(helloTimer);
    if (queueTimer) clearTimeout(queueTimer);
    unsubscribeQueue?.();
    for (const stop of following.values()) stop();
    following.clear();
  });

  async function open(conversationId: string, lastSeq: number): Promise<void> {
    const record = await conversations.get(conversationId);
    // One conversation at a time per socket: opening another stops following the last.
    for (const stop of following.values()) stop();
    following.clear();
    send(ws, { type: 'conversation', summary: toSummary(record), pack: record.pack });
    const stop = await follow(bus, conversations, conversationId, lastSeq, (entry) => send(ws, { type: 'event', conversationId, entry }));
    if (ws.readyState !== ws.OPEN) return stop();
    following.set(conversationId, stop);
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
        await conversations.claim(frame.conversationId, agent);
        return;
      case 'resolve':
        await conversations.resolve(frame.conversationId, agent);
        return;
      case 'handback':
        await conversations.handBack(frame.conversationId, agent);
        return;
      case 'message':
        return storeAndAck(ws, log, limiter, frame.conversationId, frame.id, () =>
          conversations.agentMessage(frame.conversationId, agent, frame.id, frame.text),
        );
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
      unsubscribeQueue = bus.subscribe(topics.queue, () => {
        queueTimer ??= setTimeout(() => void sendQueue(), QUEUE_DEBOUNCE_MS);
      });
      return sendQueue();
    }
    if (!parsed.ok) return sendError(ws, parsed.code, parsed.message, parsed.ref);
    return handle(parsed.frame);
  });
}
