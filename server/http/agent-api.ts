/** Agent sign-in over HTTP: the session cookie then authorises the agent socket. */
import { Router, type Request } from 'express';
import * as v from 'valibot';
import { Agents, readCookie, SESSION_COOKIE } from '../auth/agents.ts';
import type { AgentInfo } from '../../shared/http.ts';
import { LoginLimiter } from '../auth/login-limiter.ts';
import { BatonError } from '../../shared/errors.ts';

const Login = v.object({ email: v.pipe(v.string(), v.maxLength(200)), password: v.pipe(v.string(), v.maxLength(200)) });

const token = (req: Request) => readCookie(req.headers.cookie, SESSION_COOKIE);

export function agentApi(agents: Agents, limiter = new LoginLimiter()): Router {
  const router = Router();

  router.post('/login', async (req, res) => {
    const body = v.safeParse(Login, req.body);
    if (!body.success) throw new BatonError('bad_frame', 'send {"email","password"} as JSON');
    const address = req.ip ?? 'unknown';
    const wait = limiter.retryAfter(address, Date.now());
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      throw new BatonError('rate_limited', 'too many failed sign-ins; try again later');
    }
    const session = await agents.signIn(body.output.email, body.output.password, Date.now());
    if (!session) {
      limiter.fail(address, Date.now());
      throw new BatonError('unauthorized', 'wrong e-mail or password');
    }
    limiter.succeed(address);
    res.cookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/',
      maxAge: session.maxAgeMs,
    });
    const signedIn: AgentInfo = { agent: session.agent };
    res.json(signedIn);
  });

  router.post('/logout', async (req, res) => {
    await agents.signOut(token(req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.json({ ok: true });
  });

  router.get('/me', async (req, res) => {
    const agent = await agents.fromSession(token(req), Date.now());
    if (!agent) throw new BatonError('unauthorized', 'not signed in');
    const body: AgentInfo = { agent };
    res.json(body);
  });

  return router;
}
