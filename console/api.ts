/**
 * The console's HTTP calls (sign-in, sign-out, who am I). Same origin as the
 * server, so the HttpOnly session cookie travels by itself.
 */
import * as v from 'valibot';
import { BatonError } from '../shared/errors.ts';
import { AgentBody as AgentBodySchema, ErrorBody as ErrorBodySchema, type AgentInfo } from '../shared/http.ts';

export type SignedInAgent = AgentInfo['agent'];

async function request(method: 'GET' | 'POST', path: string, body?: object): Promise<Response> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  try {
    return await fetch(path, init);
  } catch (err) {
    // fetch rejects only when the request never completed (server down, network gone).
    throw new BatonError('unavailable', `Cannot reach the server (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Body as JSON, or undefined when there is none or it is not JSON (a proxy's HTML error page). */
async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** An HTTP call that failed, as the one error type: the server's code and message, fit to show to the agent. */
async function failure(res: Response): Promise<BatonError> {
  const parsed = v.safeParse(ErrorBodySchema, await readJson(res));
  if (parsed.success) return new BatonError(parsed.output.error.code, parsed.output.error.message);
  // Not our body (a proxy's error page): the status is all there is to say.
  return new BatonError(res.status >= 500 ? 'unavailable' : 'internal', `The server answered ${res.status} ${res.statusText}`.trim());
}

function agentFrom(body: unknown): SignedInAgent | null {
  const parsed = v.safeParse(AgentBodySchema, body);
  return parsed.success ? parsed.output.agent : null;
}

/** The signed-in agent, or null when there is no valid session (401). */
export async function me(): Promise<SignedInAgent | null> {
  const res = await request('GET', '/api/agent/me');
  if (res.status === 401) return null;
  if (!res.ok) throw await failure(res);
  const agent = agentFrom(await readJson(res));
  if (!agent) throw new BatonError('internal', 'The server sent an unexpected answer to /api/agent/me');
  return agent;
}

export async function login(email: string, password: string): Promise<SignedInAgent> {
  const res = await request('POST', '/api/agent/login', { email, password });
  if (!res.ok) throw await failure(res);
  // PROTOCOL.md does not fix the login body; use it when it names the agent, else ask.
  const agent = agentFrom(await readJson(res)) ?? (await me());
  if (!agent) throw new BatonError('unauthorized', 'Signed in, but the session was not kept (are cookies blocked?)');
  return agent;
}

export async function logout(): Promise<void> {
  const res = await request('POST', '/api/agent/logout');
  if (!res.ok) throw await failure(res);
}
