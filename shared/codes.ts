/**
 * Stable codes shared by server, widget and console. Documented in docs/PROTOCOL.md;
 * adding one means adding it there too.
 */

/** Codes carried by an `error` frame. */
export const ERROR_CODES = [
  'bad_frame', // not JSON, or fails its schema (the message names the field)
  'unknown_type', // a `type` this endpoint does not know
  'unsupported_version', // hello with a protocol version the server does not speak
  'hello_required', // a frame other than hello before the handshake
  'unauthorized', // no or bad credentials (visitor token, agent session)
  'forbidden', // authenticated but not allowed (origin, another conversation)
  'not_found', // the conversation does not exist
  'too_long', // message text over the length limit
  'rate_limited', // too many messages in the window
  'conflict', // e.g. claiming a conversation another agent holds
  'invalid_state', // the action does not fit the conversation's state
  'at_capacity', // the agent already holds as many conversations as they may
  'agent_unavailable', // a transfer to an agent who is not online
  'already_done', // a once-only action done before (the effort survey)
  'unsupported_media', // an HTTP body in a charset or encoding the server cannot read
  'unavailable', // the server cannot do this now (the widget is not built, the server cannot be reached)
  'internal', // the server failed; the text never carries upstream details
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses (4xxx mirror HTTP statuses). */
export const CLOSE_CODES = {
  normal: 1000,
  goingAway: 1001, // server shutting down: reconnect
  tooLarge: 1009, // frame over maxPayloadBytes (sent by ws itself)
  internal: 1011,
  badHello: 4400, // first frame was not a valid hello
  unauthorized: 4401, // token or session refused: do not retry with the same credentials
  forbidden: 4403,
  helloTimeout: 4408,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/**
 * Each error code's HTTP status, and the close code when the refusal ends a
 * socket (null: the error frame is sent and the socket stays open).
 */
export const ERRORS: Record<ErrorCode, { status: number; close: CloseCode | null }> = {
  bad_frame: { status: 400, close: CLOSE_CODES.badHello }, // closes only when it is the hello
  unknown_type: { status: 400, close: null },
  unsupported_version: { status: 400, close: CLOSE_CODES.badHello },
  hello_required: { status: 400, close: CLOSE_CODES.badHello },
  unauthorized: { status: 401, close: CLOSE_CODES.unauthorized },
  forbidden: { status: 403, close: CLOSE_CODES.forbidden },
  not_found: { status: 404, close: null },
  too_long: { status: 413, close: null },
  rate_limited: { status: 429, close: null },
  conflict: { status: 409, close: null },
  invalid_state: { status: 409, close: null },
  at_capacity: { status: 409, close: null },
  agent_unavailable: { status: 409, close: null },
  already_done: { status: 409, close: null },
  unsupported_media: { status: 415, close: null },
  unavailable: { status: 503, close: null },
  internal: { status: 500, close: CLOSE_CODES.internal },
};

/**
 * Codes of errors that never travel: a setting, a policy file or an eval
 * input refused (start-up and tools print the message, which names the field).
 */
export const SETUP_CODES = ['bad_config', 'bad_policy', 'bad_input'] as const;
export type SetupCode = (typeof SETUP_CODES)[number];

/** Close codes after which a client must not reconnect with the same credentials. */
export const FATAL_CLOSE_CODES: readonly number[] = [CLOSE_CODES.unauthorized, CLOSE_CODES.forbidden];

/** Conversation states (ARCHITECTURE.md). `offline`: a person was needed and none was there; the visitor may leave an e-mail. */
export const STATES = ['bot', 'queued', 'human', 'resolved', 'offline'] as const;
export type ConversationState = (typeof STATES)[number];

/** Safety categories of the floor that no policy can lower. */
export const SAFETY_CATEGORIES = ['legal_threat', 'self_harm', 'regulatory_complaint'] as const;
export type SafetyCategory = (typeof SAFETY_CATEGORIES)[number];

/** Why a conversation left the assistant: the one list (ARCHITECTURE.md). */
export const TRIGGER_REASONS = [
  'visitor_request',
  'low_confidence',
  'unsupported_claims',
  'repeat_unresolved',
  'human_intent',
  'urgent_intent',
  'amount',
  'frustration',
  'safety:legal_threat',
  'safety:self_harm',
  'safety:regulatory_complaint',
  'upstream_error',
  'agent_takeover',
] as const;
export type TriggerReason = (typeof TRIGGER_REASONS)[number];

/** Reasons for the other state changes, recorded the same way. */
export const TRANSITION_REASONS = [
  'agent_claimed', // queued -> human
  'agent_resolved', // human -> resolved
  'handed_back', // queued|human -> bot
  'visitor_returned', // resolved -> bot: a visitor message reopens it
  'auto_assigned', // queued -> human: the server gave it to the least busy agent
  'agent_transferred', // human -> human: one agent passed it to another
  'no_agent_online', // queued -> offline: nobody was online to take it
  'wait_timeout', // queued -> offline: nobody took it within the configured wait
  'agent_offline', // human -> queued: the agent who held it went offline
] as const;
export type TransitionReason = (typeof TRANSITION_REASONS)[number];

export type StateReason = TriggerReason | TransitionReason;

/** An agent's presence: `offline` is no console connected; `away` is connected but taking no new conversations. */
export const AGENT_STATUSES = ['online', 'away', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export const ROUTES = ['answer', 'escalate', 'urgent'] as const;
export type Route = (typeof ROUTES)[number];
