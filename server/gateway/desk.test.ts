/**
 * The human side over real sockets: presence, the priority queue, atomic
 * claims and capacity, transfer, auto-assignment, the waiting visitor's place,
 * nobody online (offline, e-mail, signed webhook), typing, notes, ownership,
 * and the effort survey.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hashPassword } from '../auth/password.ts';
import { DEFAULT_HANDOFF, type Config, type HandoffConfig } from '../config.ts';
import { agentUrl, AGENT, CONSOLE, SHOP, signIn, startHarness, TestSocket, visitorUrl, type Harness } from '../testing/harness.ts';

type Frame = Record<string, unknown>;
type E = { seq: number; kind: string; role?: string; to?: string; reason?: string; agent?: { id: string; name: string } };
const entry = (f: Frame) => f.entry as E;
const isState = (to: string) => (f: Frame) => f.type === 'event' && entry(f).kind === 'state' && entry(f).to === to;
const LEE = { email: 'lee@baton.test', password: 'second agent pw' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let h: Harness;
const sockets: TestSocket[] = [];
const servers: Server[] = [];
const track = (s: TestSocket) => (sockets.push(s), s);

async function start(handoff: Partial<HandoffConfig> = {}, over: Partial<Config> = {}, leeMax?: number): Promise<void> {
  h = await startHarness({
    agents: [{ id: 'lee', name: 'Lee', email: LEE.email, passwordHash: await hashPassword(LEE.password), ...(leeMax !== undefined && { maxConversations: leeMax }) }],
    handoff: { ...DEFAULT_HANDOFF, offlineWhenNobody: false, presenceGraceMs: 0, sweepMs: 50, ...handoff },
    ...over,
  });
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const server of servers.splice(0)) server.close();
  await h?.close();
});

async function visitor(token?: string) {
  const s = track(new TestSocket(visitorUrl(h.baton), { origin: SHOP }));
  await s.opened;
  s.send({ type: 'hello', v: 1, ...(token !== undefined && { token }), user: { id: 'u-77', name: 'Sam' } });
  const welcome = await s.next('welcome');
  return { s, id: welcome.conversationId as string, token: welcome.token as string, welcome };
}

async function askPerson(v: { s: TestSocket }) {
  v.s.send({ type: 'human', id: 'ask' });
  await v.s.next(isState('queued'));
}

async function agent(credentials = AGENT) {
  const cookie = await signIn(h.baton, credentials);
  const s = track(new TestSocket(agentUrl(h.baton), { origin: CONSOLE, cookie }));
  await s.opened;
  s.send({ type: 'hello', v: 1 });
  await s.next('agent_welcome');
  return s;
}

/** A visitor who asked for a person, and the agent who claimed them. */
async function heldBy(credentials = AGENT) {
  const v = await visitor();
  await askPerson(v);
  const s = await agent(credentials);
  s.send({ type: 'claim', conversationId: v.id });
  await v.s.next(isState('human'));
  return { v, agent: s };
}

/** Makes the site's assistant take `ms` longer over each answer (a slow model), so a person can step in mid-reply. */
function slowAssistant(ms: number): void {
  const real = h.baton.assistants.get('demo');
  if (!real) throw new Error('no demo assistant');
  const decide = real.decide.bind(real);
  real.decide = async (...args: Parameters<typeof decide>) => {
    await sleep(ms);
    return decide(...args);
  };
}

/** The presence frames until one says `agentId` has `status`. */
const presenceOf = (agentId: string, status: string) => (f: Frame) =>
  f.type === 'presence' && (f.agents as { id: string; status: string }[]).some((a) => a.id === agentId && a.status === status);

describe('presence', () => {
  it('shows an agent online when their console opens, away when they say so, offline when it closes', async () => {
    await start();
    const lee = await agent(LEE);
    const dana = await agent();
    await lee.next(presenceOf('dana', 'online'));
    dana.send({ type: 'presence', status: 'away' });
    await lee.next(presenceOf('dana', 'away'));
    dana.close();
    await lee.next(presenceOf('dana', 'offline'));
  });

  it('reports each agent with their load and capacity', async () => {
    await start({}, {}, 1);
    const v = await visitor();
    await askPerson(v);
    const lee = await agent(LEE);
    lee.send({ type: 'claim', conversationId: v.id });
    const frame = await lee.next((f) => f.type === 'presence' && (f.agents as { id: string; active: number }[]).some((a) => a.id === 'lee' && a.active === 1));
    expect(frame.agents).toContainEqual({ id: 'lee', name: 'Lee', status: 'online', active: 1, max: 1 });
  });
});

describe('the queue', () => {
  it('lets exactly one of two agents claiming at once win; the other is told', async () => {
    await start();
    const v = await visitor();
    await askPerson(v);
    const [dana, lee] = [await agent(), await agent(LEE)];
    dana.send({ type: 'claim', conversationId: v.id });
    lee.send({ type: 'claim', conversationId: v.id });
    const joined = entry(await v.s.next(isState('human')));
    const loser = joined.agent?.id === 'dana' ? lee : dana;
    expect(await loser.next('error')).toMatchObject({ code: 'conflict', message: `conversation is held by ${joined.agent?.name}` });
    await sleep(50);
    expect(v.s.frames.filter(isState('human'))).toEqual([]); // one claim, one state change
    expect((await h.baton.conversations.log.get(v.id)).assignee?.id).toBe(joined.agent?.id);
  });

  it('refuses a claim past the agent capacity with at_capacity', async () => {
    await start({}, {}, 1);
    const [a, b] = [await visitor(), await visitor()];
    await askPerson(a);
    await askPerson(b);
    const lee = await agent(LEE);
    lee.send({ type: 'claim', conversationId: a.id });
    await a.s.next(isState('human'));
    lee.send({ type: 'claim', conversationId: b.id });
    expect(await lee.next('error')).toMatchObject({ code: 'at_capacity' });
    expect((await h.baton.conversations.log.get(b.id)).state).toBe('queued');
  });

  it('orders the queue urgent first, then the longest wait, and tells each waiting visitor their place', async () => {
    await start();
    await agent(); // someone online, so there is an estimate
    const first = await visitor();
    await askPerson(first);
    expect(await first.s.next('wait')).toMatchObject({ position: 1, agentsOnline: 1, etaMs: DEFAULT_HANDOFF.waitEstimateMs });
    const second = await visitor();
    await askPerson(second);
    expect(await second.s.next('wait')).toMatchObject({ position: 2, etaMs: 2 * DEFAULT_HANDOFF.waitEstimateMs });
    const urgent = await visitor();
    urgent.s.send({ type: 'message', id: 'lt', text: 'sort this out or I am taking you to small claims court' });
    await urgent.s.next(isState('queued'));
    expect(await urgent.s.next('wait')).toMatchObject({ position: 1 });
    expect(await first.s.next('wait')).toMatchObject({ position: 2 });
    expect(await second.s.next('wait')).toMatchObject({ position: 3 });
    const list = (await h.baton.desk.list()).filter((c) => c.state === 'queued').map((c) => c.id);
    expect(list).toEqual([urgent.id, first.id, second.id]);
  });

  it('gives a queued conversation to the least busy online agent when auto-assignment is on', async () => {
    await start({ autoAssign: true });
    const dana = await agent();
    const busy = await visitor();
    await askPerson(busy);
    await busy.s.next(isState('human')); // the only agent online takes the first
    await agent(LEE);
    const next = await visitor();
    next.s.send({ type: 'human', id: 'ask' });
    expect(entry(await next.s.next(isState('human')))).toMatchObject({ reason: 'auto_assigned', agent: { id: 'lee' } });
    expect(dana.frames.filter((f) => f.type === 'error')).toEqual([]);
  });

  it('gives a waiting conversation to nobody whose console has gone, and requeues what an agent who left was holding', async () => {
    await start({ autoAssign: true, presenceGraceMs: 300 });
    const dana = await agent();
    await sleep(650); // past the start-up window, when presence is known
    const held = await visitor();
    await askPerson(held);
    expect(entry(await held.s.next(isState('human')))).toMatchObject({ reason: 'auto_assigned', agent: { id: 'dana' } });
    dana.ws.close(1001, 'going away'); // a tab closed: Dana counts as online through the grace, but gets nothing new
    await sleep(50);
    const next = await visitor();
    await askPerson(next);
    await sleep(150);
    expect((await h.baton.conversations.log.get(next.id)).state).toBe('queued');
    // After the grace Dana is offline: the visitor she held goes back to the queue.
    expect(entry(await held.s.next(isState('queued'), 2_000))).toMatchObject({ reason: 'agent_offline' });
  });

  it('shows a console that stopped answering pings as offline within seconds, with no grace', async () => {
    await start({ presenceGraceMs: 5_000, agentPingMs: 200 });
    const lee = await agent(LEE);
    const cookie = await signIn(h.baton);
    const silent = new WebSocket(agentUrl(h.baton), { origin: CONSOLE, headers: { cookie }, autoPong: false });
    await new Promise((r) => silent.once('open', r));
    silent.send(JSON.stringify({ type: 'hello', v: 1 }));
    await lee.next(presenceOf('dana', 'online'));
    const since = Date.now();
    await lee.next(presenceOf('dana', 'offline'), 3_000);
    expect(Date.now() - since).toBeLessThan(1_500); // two ping intervals, not the 5 s reload grace
    silent.terminate();
  });

  it('transfers to an online agent with room, and refuses one who is not online', async () => {
    await start();
    const { v, agent: dana } = await heldBy();
    dana.send({ type: 'transfer', conversationId: v.id, to: 'lee' });
    expect(await dana.next('error')).toMatchObject({ code: 'agent_unavailable' });
    await agent(LEE);
    dana.send({ type: 'transfer', conversationId: v.id, to: 'lee' });
    expect(entry(await v.s.next(isState('human')))).toMatchObject({ reason: 'agent_transferred', agent: { id: 'lee', name: 'Lee' } });
  });
});

describe('nobody there', () => {
  async function hook() {
    const received: { headers: Record<string, string | string[] | undefined>; raw: string }[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, raw });
        res.end('ok');
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
  }
  const SECRET = 'a-site-secret-of-some-length';

  it('goes offline at once with nobody online, takes an e-mail, and the signed webhooks arrive', async () => {
    const { url, received } = await hook();
    await start({ offlineWhenNobody: true }, {});
    h.config.sites[0]!.webhook = { url, secret: SECRET };
    await h.restart();
    const v = await visitor();
    await askPerson(v);
    expect(entry(await v.s.next(isState('offline')))).toMatchObject({ reason: 'no_agent_online' });
    v.s.send({ type: 'contact', id: 'c1', email: ' sam@example.com ' });
    expect(await v.s.next('saved')).toMatchObject({ what: 'contact', id: 'c1' });
    expect((await h.baton.conversations.log.get(v.id)).contact).toBe('sam@example.com');
    await h.baton.webhooks.drain();
    const types = received.map((r) => JSON.parse(r.raw) as { type: string; conversationId: string; data: Record<string, unknown> });
    expect(types.map((t) => t.type)).toEqual(['conversation.handoff', 'conversation.offline']);
    expect(types[1]).toMatchObject({ conversationId: v.id, data: { email: 'sam@example.com', state: 'offline', reason: 'visitor_request' } });
    for (const r of received) {
      expect(r.headers['x-baton-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`);
    }
    // A reload knows the e-mail was left.
    const again = await visitor(v.token);
    expect(again.welcome).toMatchObject({ state: 'offline', contactLeft: true });
  });

  it('after a start, gives consoles time to come back before saying nobody is there', async () => {
    await start({ offlineWhenNobody: true, presenceGraceMs: 400 });
    const v = await visitor();
    await askPerson(v);
    await sleep(300);
    expect((await h.baton.conversations.log.get(v.id)).state).toBe('queued'); // a restart is not an empty office
    await agent(); // a console came back in time: the conversation stays in the queue
    await sleep(700);
    expect((await h.baton.conversations.log.get(v.id)).state).toBe('queued');
  });

  it('takes an e-mail only while waiting, once per address, within the rate limit', async () => {
    const { url, received } = await hook();
    await start();
    h.config.sites[0]!.webhook = { url, secret: SECRET };
    await h.restart();
    const v = await visitor();
    v.s.send({ type: 'contact', id: 'c0', email: 'sam@example.com' });
    expect(await v.s.next('error')).toMatchObject({ code: 'invalid_state', ref: 'c0' }); // still with the assistant
    await askPerson(v);
    for (let i = 0; i < 30; i++) v.s.send({ type: 'contact', id: 'c1', email: 'sam@example.com' });
    await v.s.next('saved');
    await sleep(200);
    expect(v.s.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited').length).toBeGreaterThan(0);
    await h.baton.webhooks.drain();
    expect(received.filter((r) => r.raw.includes('conversation.offline'))).toHaveLength(1);
  });

  it('refuses an e-mail that is not one, naming the field', async () => {
    await start();
    const v = await visitor();
    v.s.send({ type: 'contact', id: 'c1', email: 'not an address' });
    expect(await v.s.next('error')).toMatchObject({ code: 'bad_frame' });
    expect((await h.baton.conversations.log.get(v.id)).contact).toBeNull();
  });

  it('sends a conversation that waited past the limit offline', async () => {
    await start({ maxWaitMs: 1_000 });
    await agent(); // online, but nobody claims
    const v = await visitor();
    await askPerson(v);
    expect(entry(await v.s.next(isState('offline'), 4_000))).toMatchObject({ reason: 'wait_timeout' });
  });

  it('lets an agent follow an offline conversation up', async () => {
    await start({ offlineWhenNobody: true });
    const v = await visitor();
    await askPerson(v);
    await v.s.next(isState('offline'));
    const dana = await agent();
    dana.send({ type: 'message', conversationId: v.id, id: 'm1', text: 'Sorry we missed you. Still need help?' });
    expect(entry(await v.s.next(isState('human')))).toMatchObject({ reason: 'agent_claimed' });
  });
});

describe('live both ways', () => {
  it('relays typing as a fact only, and only from the agent who holds the conversation', async () => {
    await start();
    const v = await visitor();
    await askPerson(v);
    const [dana, lee] = [await agent(), await agent(LEE)];
    dana.send({ type: 'open', conversationId: v.id });
    await dana.next('conversation');
    v.s.send({ type: 'typing', on: true });
    expect(await dana.next('typing')).toEqual({ type: 'typing', conversationId: v.id, on: true, who: 'visitor' });
    lee.send({ type: 'typing', conversationId: v.id, on: true }); // not the holder: the visitor does not see it
    expect(await dana.next('typing')).toMatchObject({ who: 'agent', name: 'Lee', on: true });
    dana.send({ type: 'claim', conversationId: v.id });
    await v.s.next(isState('human'));
    dana.send({ type: 'typing', conversationId: v.id, on: true });
    expect(await v.s.next('typing')).toEqual({ type: 'typing', conversationId: v.id, on: true, name: 'Dana' });
    expect(v.s.frames.filter((f) => f.type === 'typing')).toEqual([]);
  });

  it('keeps internal notes among agents: never sent to the visitor, never in the log', async () => {
    await start();
    const v = await visitor();
    await askPerson(v);
    const [dana, lee] = [await agent(), await agent(LEE)];
    lee.send({ type: 'open', conversationId: v.id });
    await lee.next('conversation');
    dana.send({ type: 'note', conversationId: v.id, id: 'n1', text: 'Customer was overcharged last month too' });
    expect(await dana.next('note')).toMatchObject({ note: { clientId: 'n1', agent: { id: 'dana' }, text: 'Customer was overcharged last month too' } });
    expect(await lee.next('note')).toMatchObject({ note: { clientId: 'n1' } });
    dana.send({ type: 'note', conversationId: v.id, id: 'n1', text: 'Customer was overcharged last month too' }); // a resend
    await dana.next('note');
    lee.send({ type: 'open', conversationId: v.id });
    expect((await lee.next('conversation')).notes).toHaveLength(1);
    dana.send({ type: 'note', conversationId: 'c_nope', id: 'n2', text: 'lost' });
    expect(await dana.next('error')).toMatchObject({ code: 'not_found', ref: 'n2' });
    await sleep(50);
    expect(v.s.frames.some((f) => JSON.stringify(f).includes('overcharged'))).toBe(false);
    const log = await h.baton.conversations.log.entriesAfter(v.id, 0, 100);
    expect(JSON.stringify(log)).not.toContain('overcharged');
  });

  it('stops the reply being written when a person steps in by replying, so it never lands after them', async () => {
    await start();
    const dana = await agent();
    slowAssistant(400);
    const v = await visitor();
    v.s.send({ type: 'message', id: 'q1', text: 'how many working days does standard delivery take?' });
    await v.s.next('ack');
    await sleep(100);
    dana.send({ type: 'message', conversationId: v.id, id: 'm1', text: 'Hi, Dana here' });
    await dana.next('ack');
    await sleep(600);
    const log = await h.baton.conversations.log.entriesAfter(v.id, 0, 100);
    expect(log.map((e) => (e.kind === 'message' ? e.role : `state:${e.to}`))).toEqual(['visitor', 'state:human', 'agent']);
  });

  it('still answers the visitor when a take-over is refused (agent at capacity)', async () => {
    await start({}, {}, 1);
    const { agent: lee } = await heldBy(LEE);
    slowAssistant(400);
    const v = await visitor();
    v.s.send({ type: 'message', id: 'q1', text: 'how many working days does standard delivery take?' });
    await v.s.next('ack');
    await sleep(100);
    lee.send({ type: 'claim', conversationId: v.id });
    expect(await lee.next('error')).toMatchObject({ code: 'at_capacity' });
    await v.s.next((f) => f.type === 'event' && entry(f).role === 'assistant', 3_000);
    expect((await h.baton.conversations.log.get(v.id)).state).toBe('bot');
  });

  it('never lets the assistant answer while a person owns the conversation; handing back gives it back, recorded', async () => {
    await start();
    const { v, agent: dana } = await heldBy();
    v.s.send({ type: 'message', id: 'q1', text: 'how many working days does standard delivery take?' });
    await v.s.next('ack');
    v.s.send({ type: 'frustration', score: 1, signals: ['anger'] });
    v.s.send({ type: 'human', id: 'again' });
    await sleep(300);
    expect(v.s.frames.filter((f) => f.type === 'event' && entry(f).role === 'assistant')).toEqual([]);
    dana.send({ type: 'handback', conversationId: v.id });
    expect(entry(await v.s.next(isState('bot')))).toMatchObject({ reason: 'handed_back' });
    v.s.send({ type: 'message', id: 'q2', text: 'how many working days does standard delivery take?' });
    await v.s.next((f) => f.type === 'event' && entry(f).role === 'assistant');
  });
});

describe('the effort survey', () => {
  it('is taken once, after the resolve, and a reload knows it was answered', async () => {
    await start();
    const v = await visitor();
    v.s.send({ type: 'survey', id: 's0', score: 5 });
    expect(await v.s.next('error')).toMatchObject({ code: 'invalid_state', ref: 's0' });
    await askPerson(v);
    const dana = await agent();
    dana.send({ type: 'claim', conversationId: v.id });
    await v.s.next(isState('human'));
    dana.send({ type: 'resolve', conversationId: v.id });
    await v.s.next(isState('resolved'));
    v.s.send({ type: 'survey', id: 's1', score: 8 });
    expect(await v.s.next('error')).toMatchObject({ code: 'bad_frame' });
    v.s.send({ type: 'survey', id: 's1', score: 6, comment: 'quick, thanks' });
    expect(await v.s.next('saved')).toMatchObject({ what: 'survey', id: 's1' });
    v.s.send({ type: 'survey', id: 's2', score: 1 });
    expect(await v.s.next('error')).toMatchObject({ code: 'already_done', ref: 's2' });
    expect((await h.baton.conversations.log.get(v.id)).survey).toMatchObject({ score: 6, comment: 'quick, thanks' });
    expect((await visitor(v.token)).welcome).toMatchObject({ state: 'resolved', surveyed: true });
  });
});

describe('the warm-handoff pack', () => {
  it('shows no draft "not sent" for a reply the visitor already has', async () => {
    await start();
    const v = await visitor();
    v.s.send({ type: 'message', id: 'q1', text: 'how many working days does standard delivery take?' });
    await v.s.next((f) => f.type === 'event' && entry(f).role === 'assistant');
    await askPerson(v);
    const pack = (await h.baton.conversations.log.get(v.id)).pack;
    expect(pack).toMatchObject({ reason: 'visitor_request', draft: null });
    expect(pack?.passages.length).toBeGreaterThan(0);
  });

  it('counts the identified visitor’s earlier conversations', async () => {
    await start();
    await visitor(); // an earlier conversation of user u-77
    const v = await visitor();
    await askPerson(v);
    expect((await h.baton.conversations.log.get(v.id)).pack).toMatchObject({ reason: 'visitor_request', earlierConversations: 1, visitor: { user: { id: 'u-77' } } });
  });
});
