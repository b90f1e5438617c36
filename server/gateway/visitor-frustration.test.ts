/**
 * Frustration on the server, over real sockets: the welcome carries the
 * policy's thresholds; angry words hand over with reason `frustration` and the
 * signals in the pack; the widget's own number is clamped, capped by what the
 * server saw itself, and rate-limited; telemetry batches are kept.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/limits.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import { SHOP, startHarness, TestSocket, visitorUrl, type Harness } from '../testing/harness.ts';

describe('visitor frustration', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const hello = async () => {
    const s = new TestSocket(visitorUrl(h.baton), { origin: SHOP });
    sockets.push(s);
    await s.opened;
    s.send({ type: 'hello', v: 1 });
    const welcome = await s.next('welcome');
    return { s, welcome, id: welcome.conversationId as string };
  };
  const entry = (f: Record<string, unknown>) => f.entry as { kind: string; role?: string; to?: string; reason?: string };
  const stateFrame = (f: Record<string, unknown>) => f.type === 'event' && entry(f).kind === 'state';
  const reply = (f: Record<string, unknown>) => f.type === 'event' && entry(f).role === 'assistant';
  const settle = () => new Promise((r) => setTimeout(r, 150));

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await h.close();
  });

  it('tells the widget the policy thresholds at hello', async () => {
    const { welcome } = await hello();
    expect(welcome.frustration).toEqual({ offerHumanAt: 0.5, handoffAt: 0.8 });
  });

  it('hands an angry visitor to a person with reason frustration, the draft and the signals in the pack', async () => {
    const { s, id } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'THIS IS USELESS!!! YOU STUPID BOT, how long does delivery take' });
    expect(entry(await s.next(stateFrame))).toMatchObject({ to: 'queued', reason: 'frustration' });
    expect(s.frames.filter(reply)).toEqual([]);
    const record = await h.baton.conversations.log.get(id);
    expect(record.pack?.reason).toBe('frustration');
    expect(record.pack?.draft).toBeTruthy();
    expect(record.pack?.frustration?.score).toBeGreaterThanOrEqual(0.8);
    expect(record.pack?.frustration?.signals).toEqual(expect.arrayContaining(['anger', 'negative_phrase']));
    expect(record.frustration?.score).toBe(record.pack?.frustration?.score);
  });

  it('puts frustration before the other reasons of the policy: an angry message with a human intent is handed over for frustration', async () => {
    const { s } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'I WAS CHARGED TWICE FOR MY ORDER!!! useless bot' });
    expect(entry(await s.next(stateFrame))).toMatchObject({ to: 'queued', reason: 'frustration' });
  });

  it('keeps a safety flag first even when the visitor is furious', async () => {
    const { s, id } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'SORT THIS OUT OR I AM TAKING YOU TO COURT!!! stupid bot' });
    expect(entry(await s.next(stateFrame))).toMatchObject({ to: 'queued', reason: 'safety:legal_threat' });
    expect((await h.baton.conversations.log.get(id)).pack?.frustration?.signals).toContain('anger');
  });

  it('answers a mildly annoyed visitor and only records the signal', async () => {
    const { s, id } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'ugh this is taking ages, how long does standard delivery take?' });
    await s.next(reply);
    expect((await h.baton.conversations.log.get(id)).frustration).toMatchObject({ signals: ['negative_phrase'] });
  });

  it('does not hand over on the widget number alone: a claimed 1.0 with nothing the server saw stays below handoffAt', async () => {
    const { s, id } = await hello();
    s.send({ type: 'frustration', score: 1, signals: ['rage_click', 'heavy_deleting'] });
    await settle();
    const record = await h.baton.conversations.log.get(id);
    expect(record.state).toBe('bot');
    expect(record.frustration).toMatchObject({ score: 0.5, signals: ['rage_click', 'heavy_deleting'] });
  });

  it('hands over when the widget adds what only it sees to signals the server saw itself', async () => {
    const { s } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'wtf, this is useless, how long does standard delivery take?' });
    await s.next(reply);
    s.send({ type: 'frustration', score: 0.9, signals: ['rage_click', 'anger', 'negative_phrase'] });
    expect(entry(await s.next(stateFrame))).toMatchObject({ to: 'queued', reason: 'frustration' });
  });

  it('does not hand over on one weak signal the server saw plus a widget claiming 1.0', async () => {
    const { s, id } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'this is ridiculous, how long does standard delivery take?' });
    await s.next(reply);
    s.send({ type: 'frustration', score: 1, signals: ['rage_click'] });
    await settle();
    expect((await h.baton.conversations.log.get(id)).state).toBe('bot');
  });

  it('after a person resolves, the earlier anger does not hand the visitor over again', async () => {
    const { s, id } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'THIS IS USELESS!!! YOU STUPID BOT' });
    expect(entry(await s.next(stateFrame))).toMatchObject({ to: 'queued', reason: 'frustration' });
    const agent = { id: 'dana', name: 'Dana' };
    await h.baton.conversations.assignment.claim(id, agent);
    await h.baton.conversations.assignment.agentMessage(id, agent, 'a1', 'Sorry about that, here is the answer.');
    await h.baton.conversations.assignment.resolve(id, agent);
    s.send({ type: 'message', id: 'm2', text: 'thanks! how long does standard delivery take?' });
    await s.next(reply);
    expect((await h.baton.conversations.log.get(id)).state).toBe('bot');
  });

  // The same form about another thing is a new need: no repeat signal, no frustration, no hand-over.
  it.each([
    ['How long does standard delivery take?', 'How long does a refund take?'],
    ['How much does express delivery cost?', 'How long does express delivery take?'],
  ])('answers "%s" then "%s" as two questions, with no repeat', async (first, second) => {
    const { s, id } = await hello();
    s.send({ type: 'message', id: 'm1', text: first });
    await s.next(reply);
    s.send({ type: 'message', id: 'm2', text: second });
    await s.next(reply);
    const record = await h.baton.conversations.log.get(id);
    expect(record.state).toBe('bot');
    expect(record.frustration?.signals ?? []).not.toContain('repeat_question');
    expect(s.frames.filter(stateFrame)).toEqual([]);
  });

  it('hands over the same need asked again after a reply, as repeat_unresolved, with the repeat among the signals', async () => {
    const { s, id } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'how do I pause my subscription?' });
    await s.next(reply);
    s.send({ type: 'message', id: 'm2', text: 'but how do I pause my subscription??' });
    expect(entry(await s.next(stateFrame))).toMatchObject({ to: 'queued', reason: 'repeat_unresolved' });
    expect((await h.baton.conversations.log.get(id)).pack?.frustration?.signals).toContain('repeat_question');
  });

  it('hears "no bot pls" as a request for a person, the same words the widget counts', async () => {
    const { s } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'no bot pls' });
    expect(entry(await s.next(stateFrame))).toMatchObject({ to: 'queued', reason: 'visitor_request' });
  });

  it('clamps a score out of range and refuses a non-number', async () => {
    const { s, id } = await hello();
    s.send({ type: 'frustration', score: 7, signals: [] });
    await settle();
    expect((await h.baton.conversations.log.get(id)).frustration?.score).toBe(0.5);
    s.send({ type: 'frustration', score: 'high', signals: [] });
    expect(await s.next('error')).toMatchObject({ code: 'bad_frame', message: expect.stringContaining('frustration.score') });
  });

  it('over the rate limit, judges no more reports (silently) but keeps the latest for the next message', async () => {
    const { s, id } = await hello();
    s.send({ type: 'message', id: 'm1', text: 'wtf, this is useless, how long does standard delivery take?' });
    await s.next(reply);
    for (let i = 0; i < LIMITS.frustrationReportsPerWindow; i++) s.send({ type: 'frustration', score: 0.1, signals: [] });
    await settle();
    // Over budget: this one would hand over if judged now; it is not.
    s.send({ type: 'frustration', score: 1, signals: ['rage_click'] });
    await settle();
    expect(s.frames.filter((f) => f.type === 'error')).toEqual([]);
    expect((await h.baton.conversations.log.get(id)).state).toBe('bot');
    // The next message is judged with it.
    s.send({ type: 'message', id: 'm2', text: 'how much is express delivery' });
    expect(entry(await s.next(stateFrame))).toMatchObject({ to: 'queued', reason: 'frustration' });
  });


  it('keeps batched widget events with the conversation, without message text', async () => {
    const { s, id } = await hello();
    s.send({ type: 'events', events: [{ t: 1, type: 'open' }, { t: 2, type: 'send', text: 'secret words' }, { t: 3, type: 'click', x: 1, y: 2, target: 'message' }] });
    await settle();
    // A second connection to the server's database file reads what it stored.
    const reader = new SqliteStorage(h.config.dbPath);
    const stored = await reader.widgetEvents(id, 10);
    await reader.close();
    expect(stored).toEqual([{ t: 1, type: 'open' }, { t: 2, type: 'send' }, { t: 3, type: 'click', x: 1, y: 2, target: 'message' }]);
  });
});
