import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/password.ts';
import { agentUrl, AGENT, CONSOLE, SHOP, signIn, startHarness, TestSocket, visitorUrl, type Harness } from '../testing/harness.ts';

type E = { seq: number; kind: string; role?: string; text?: string; to?: string; reason?: string; agent?: { name: string }; author?: string };
const entry = (f: Record<string, unknown>) => f.entry as E;
const isState = (to: string) => (f: Record<string, unknown>) => f.type === 'event' && entry(f).kind === 'state' && entry(f).to === to;

describe('agent gateway', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const track = (s: TestSocket) => (sockets.push(s), s);

  const visitor = async () => {
    const s = track(new TestSocket(visitorUrl(h.baton), { origin: SHOP }));
    await s.opened;
    s.send({ type: 'hello', v: 1, page: 'https://shop.test/cart', user: { name: 'Sam' } });
    const welcome = await s.next('welcome');
    return { s, id: welcome.conversationId as string };
  };
  const agent = async (credentials = AGENT) => {
    const cookie = await signIn(h.baton, credentials);
    const s = track(new TestSocket(agentUrl(h.baton), { origin: CONSOLE, cookie }));
    await s.opened;
    s.send({ type: 'hello', v: 1 });
    const welcome = await s.next('agent_welcome');
    return { s, agent: welcome.agent as { id: string; name: string } };
  };

  beforeEach(async () => {
    h = await startHarness({
      agents: [{ id: 'lee', name: 'Lee', email: 'lee@baton.test', passwordHash: await hashPassword('second agent pw') }],
    });
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await h.close();
  });

  describe('at the door', () => {
    it('refuses a socket without sign-in with HTTP 401', async () => {
      await expect(new TestSocket(agentUrl(h.baton), { origin: CONSOLE }).opened).rejects.toThrow('HTTP 401');
    });

    it('refuses a forged session cookie with HTTP 401', async () => {
      await expect(new TestSocket(agentUrl(h.baton), { origin: CONSOLE, cookie: 'baton_agent=forged' }).opened).rejects.toThrow('HTTP 401');
    });

    it('refuses a signed-in agent from a foreign origin with HTTP 403', async () => {
      const cookie = await signIn(h.baton);
      await expect(new TestSocket(agentUrl(h.baton), { origin: SHOP, cookie }).opened).rejects.toThrow('HTTP 403');
    });
  });

  describe('session end', () => {
    it('closes the agent socket with 4401 when the agent signs out', async () => {
      const cookie = await signIn(h.baton);
      const s = track(new TestSocket(agentUrl(h.baton), { origin: CONSOLE, cookie }));
      await s.opened;
      s.send({ type: 'hello', v: 1 });
      await s.next('agent_welcome');
      await fetch(`${h.baton.url}/api/agent/logout`, { method: 'POST', headers: { cookie, origin: CONSOLE } });
      expect((await s.closed).code).toBe(4401);
    });
  });

  describe('sign-in API', () => {
    const login = (body: unknown, origin = CONSOLE) =>
      fetch(`${h.baton.url}/api/agent/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify(body) });

    it('refuses a wrong password with 401 unauthorized', async () => {
      const res = await login({ email: AGENT.email, password: 'wrong' });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'wrong e-mail or password' } });
    });

    it('refuses a foreign origin with 403 and a malformed body with 400', async () => {
      expect((await login({ email: AGENT.email, password: AGENT.password }, 'http://evil.test')).status).toBe(403);
      expect((await login({ email: 1 })).status).toBe(400);
    });

    it('sets an HttpOnly SameSite=Strict cookie and reports the agent on /me; logout ends it', async () => {
      const res = await login({ email: AGENT.email, password: AGENT.password });
      const cookie = res.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      const session = cookie.split(';')[0] ?? '';
      const me = await fetch(`${h.baton.url}/api/agent/me`, { headers: { cookie: session } });
      expect(await me.json()).toEqual({ agent: { id: 'dana', name: 'Dana', email: AGENT.email } });
      await fetch(`${h.baton.url}/api/agent/logout`, { method: 'POST', headers: { cookie: session, origin: CONSOLE } });
      expect((await fetch(`${h.baton.url}/api/agent/me`, { headers: { cookie: session } })).status).toBe(401);
    });
  });

  describe('handoff', () => {
    it('carries a conversation from the queue to a person and back to the assistant after resolve', async () => {
      const v = await visitor();
      const a = await agent();
      await a.s.next('queue');
      v.s.send({ type: 'message', id: 'q1', text: 'I want to speak to a human' });
      await v.s.next(isState('queued'));
      const queue = await a.s.next((f) => f.type === 'queue' && (f.conversations as { id: string }[]).some((c) => c.id === v.id));
      const summary = (queue.conversations as { id: string; state: string; reason: string; visitor: object }[]).find((c) => c.id === v.id);
      expect(summary).toMatchObject({ state: 'queued', reason: 'visitor_request', visitor: { page: 'https://shop.test/cart', user: { name: 'Sam' } } });

      a.s.send({ type: 'open', conversationId: v.id });
      const opened = await a.s.next('conversation');
      expect(opened.pack).toMatchObject({ reason: 'visitor_request', visitor: { page: 'https://shop.test/cart' } });
      expect(entry(await a.s.next('event'))).toMatchObject({ seq: 1, role: 'visitor', text: 'I want to speak to a human' });
      expect(entry(await a.s.next('event'))).toMatchObject({ seq: 2, to: 'queued' });

      a.s.send({ type: 'claim', conversationId: v.id });
      expect(entry(await v.s.next(isState('human')))).toMatchObject({ reason: 'agent_claimed', agent: { name: 'Dana' } });
      a.s.send({ type: 'message', conversationId: v.id, id: 'r1', text: 'Hi Sam, Dana here.' });
      expect(await a.s.next('ack')).toMatchObject({ clientId: 'r1', seq: 4 });
      expect(entry(await v.s.next((f) => f.type === 'event' && entry(f).role === 'agent'))).toMatchObject({ text: 'Hi Sam, Dana here.', author: 'Dana' });

      v.s.send({ type: 'message', id: 'q2', text: 'how many working days does standard delivery take?' });
      expect(entry(await a.s.next((f) => f.type === 'event' && entry(f).seq === 5))).toMatchObject({ role: 'visitor' });
      await new Promise((r) => setTimeout(r, 100));
      expect(v.s.frames.some((f) => f.type === 'event' && entry(f).role === 'assistant')).toBe(false);

      a.s.send({ type: 'resolve', conversationId: v.id });
      expect(entry(await v.s.next(isState('resolved')))).toMatchObject({ reason: 'agent_resolved' });
      v.s.send({ type: 'message', id: 'q3', text: 'how many working days does standard delivery take?' });
      expect(entry(await v.s.next(isState('bot')))).toMatchObject({ from: 'resolved', reason: 'visitor_returned' });
      expect(entry(await v.s.next((f) => f.type === 'event' && entry(f).role === 'assistant')).text).toContain('working days');
    });

    it('refuses a second agent with conflict while the first holds it', async () => {
      const v = await visitor();
      const dana = await agent();
      const lee = await agent({ email: 'lee@baton.test', password: 'second agent pw' });
      dana.s.send({ type: 'claim', conversationId: v.id });
      expect(entry(await v.s.next(isState('human')))).toMatchObject({ reason: 'agent_takeover' });
      lee.s.send({ type: 'claim', conversationId: v.id });
      expect(await lee.s.next('error')).toMatchObject({ code: 'conflict' });
      lee.s.send({ type: 'message', conversationId: v.id, id: 'x', text: 'me too' });
      expect(await lee.s.next('error')).toMatchObject({ code: 'conflict', ref: 'x' });
    });

    it('lets any agent take a conversation back from the queue after another agent resolved it', async () => {
      const v = await visitor();
      const dana = await agent();
      const lee = await agent({ email: 'lee@baton.test', password: 'second agent pw' });
      dana.s.send({ type: 'claim', conversationId: v.id });
      await v.s.next(isState('human'));
      dana.s.send({ type: 'resolve', conversationId: v.id });
      await v.s.next(isState('resolved'));
      v.s.send({ type: 'message', id: 'back', text: 'let me talk to a human again' });
      const queued = entry(await v.s.next(isState('queued')));
      expect(queued).toMatchObject({ reason: 'visitor_request' });
      expect(queued.agent).toBeUndefined();
      lee.s.send({ type: 'claim', conversationId: v.id });
      expect(entry(await v.s.next(isState('human')))).toMatchObject({ reason: 'agent_claimed', agent: { name: 'Lee' } });
    });

    it('acks a repeated agent message with the same id once, even after the state moved on', async () => {
      const v = await visitor();
      const a = await agent();
      a.s.send({ type: 'message', conversationId: v.id, id: 'r1', text: 'hello there' });
      const first = await a.s.next('ack');
      a.s.send({ type: 'resolve', conversationId: v.id });
      await v.s.next(isState('resolved'));
      a.s.send({ type: 'message', conversationId: v.id, id: 'r1', text: 'hello there' });
      expect(await a.s.next('ack')).toEqual(first);
    });

    it('answers unknown conversations with not_found and bad frames with codes', async () => {
      const a = await agent();
      a.s.send({ type: 'open', conversationId: 'c_missing' });
      expect(await a.s.next('error')).toMatchObject({ code: 'not_found' });
      a.s.send('[]');
      expect(await a.s.next('error')).toMatchObject({ code: 'bad_frame' });
      a.s.send({ type: 'resolve' });
      expect(await a.s.next('error')).toMatchObject({ code: 'bad_frame', message: expect.stringContaining('conversationId') });
    });
  });
});
