/** Frames the agent console sends to /ws/agent (after sign-in). One schema per frame. */
import * as v from 'valibot';
import { AGENT_STATUSES } from '../codes.ts';
import { agentId, clientId, conversationId, messageText, protocolVersion, seq } from './fields.ts';
import { Ping } from './visitor.ts';

export const AgentHello = v.object({ type: v.literal('hello'), v: protocolVersion });

/** Watch a conversation: the server sends its summary and pack, then every entry after lastSeq. */
export const AgentOpen = v.object({ type: v.literal('open'), conversationId, lastSeq: v.optional(seq) });

export const AgentClaim = v.object({ type: v.literal('claim'), conversationId });

export const AgentMessage = v.object({ type: v.literal('message'), conversationId, id: clientId, text: messageText });

export const AgentResolve = v.object({ type: v.literal('resolve'), conversationId });

/** Give the conversation back to the assistant. */
export const AgentHandback = v.object({ type: v.literal('handback'), conversationId });

/** Online takes new conversations; away keeps the ones held and takes none. Offline is a closed console. */
export const AgentPresence = v.object({ type: v.literal('presence'), status: v.picklist(AGENT_STATUSES.filter((s) => s !== 'offline')) });

/** The agent started or stopped typing a reply in this conversation (the visitor sees it once the agent holds it). */
export const AgentTyping = v.object({ type: v.literal('typing'), conversationId, on: v.boolean() });

/** An internal note: agents see it with the conversation; the visitor never receives it. */
export const AgentNote = v.object({ type: v.literal('note'), conversationId, id: clientId, text: messageText });

/** Pass a conversation this agent holds to another online agent. */
export const AgentTransfer = v.object({ type: v.literal('transfer'), conversationId, to: agentId });

export const AGENT_FRAMES = {
  hello: AgentHello,
  open: AgentOpen,
  claim: AgentClaim,
  message: AgentMessage,
  resolve: AgentResolve,
  handback: AgentHandback,
  ping: Ping,
  presence: AgentPresence,
  typing: AgentTyping,
  note: AgentNote,
  transfer: AgentTransfer,
} as const;

export type AgentFrame = { [K in keyof typeof AGENT_FRAMES]: v.InferOutput<(typeof AGENT_FRAMES)[K]> }[keyof typeof AGENT_FRAMES];
