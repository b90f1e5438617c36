/** Bodies of the HTTP endpoints the clients read, checked with these schemas on both ends. */
import * as v from 'valibot';
import { ERROR_CODES } from './codes.ts';
import { LIMITS } from './limits.ts';

/** GET /api/sites/ID: what the widget shows about the site. */
export const SiteInfoBody = v.object({
  site: v.object({ id: v.string(), name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.maxSiteNameChars)) }),
});
export type SiteInfo = v.InferOutput<typeof SiteInfoBody>;

/** POST /api/agent/login and GET /api/agent/me: the signed-in agent. */
export const AgentBody = v.object({ agent: v.object({ id: v.string(), name: v.string(), email: v.string() }) });
export type AgentInfo = v.InferOutput<typeof AgentBody>;

/** Every HTTP error: the same codes as error frames. */
export const ErrorBody = v.object({ error: v.object({ code: v.picklist(ERROR_CODES), message: v.string() }) });
export type ErrorBodyT = v.InferOutput<typeof ErrorBody>;
