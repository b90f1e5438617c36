/** Frames the agent console sends to /ws/agent (after sign-in). One schema per frame. */
import * as v from 'valibot';
import { clientId, conversationId, messageText, protocolVersion, seq } from './fields.ts';
import { Ping } from './visitor.ts';

export const AgentHello = v.object({ type: v.literal('hello'), v: protocolVersion });

/** Watch a conversation: the server sends its summary and pack, then every entry after lastSeq. */
export const AgentOpen = v.object({ type: v.literal('open'), conversationId, lastSeq: v.optional(seq) });

export const AgentClaim = v.object({ type: v.literal('claim'), conversationId });

export const AgentMessage = v.object({ type: v.literal('message'), conversationId, id: clientId, text: messageText });

export const AgentResolve = v.object({ type: v.literal('resolve'), conversationId });

/** Give the conversation back to the assistant. */
export const AgentHandback = v.object({ type: v.literal('handback'), conversationId });

export const AGENT_FRAMES = {
  hello: AgentHello,
  open: AgentOpen,
  claim: AgentClaim,
  message: AgentMessage,
  resolve: AgentResolve,
  handback: AgentHandback,
  ping: Ping,
} as const;

export type AgentFrame = { [K in keyof typeof AGENT_FRAMES]: v.InferOutput<(typeof AGENT_FRAMES)[K]> }[keyof typeof AGENT_FRAMES];
