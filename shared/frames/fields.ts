/** Field schemas reused by several frames, so a limit is written once. */
import * as v from 'valibot';
import { LIMITS } from '../limits.ts';
import { STATES } from '../codes.ts';

export const clientId = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(LIMITS.maxClientIdChars),
  v.regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -'),
);

/** Message text: trimmed, non-empty, at most maxMessageChars. */
export const messageText = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(LIMITS.maxMessageChars));

export const seq = v.pipe(v.number(), v.integer(), v.minValue(0));

export const conversationId = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));

/** Names one streamed reply; the server makes them, so only the shape is checked. */
export const streamId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

export const protocolVersion = v.pipe(v.number(), v.integer());

const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));

/** What a host page may tell about its visitor: untrusted, only bounded strings. */
export const visitorUser = v.object({
  id: v.optional(shortText(LIMITS.maxIdentifyFieldChars)),
  name: v.optional(shortText(LIMITS.maxIdentifyFieldChars)),
  email: v.optional(shortText(LIMITS.maxIdentifyFieldChars)),
});

export const page = shortText(LIMITS.maxPageChars);
export const locale = shortText(LIMITS.maxLocaleChars);

export const state = v.picklist(STATES);

/** An e-mail a visitor leaves to be answered later: trimmed, a plausible address, bounded. */
export const email = v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.maxEmailChars), v.email('must be an e-mail address like name@example.com'));

export const agentId = v.pipe(v.string(), v.minLength(1), v.maxLength(40), v.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be an agent id'));
