/**
 * The reply orchestrator over real SQLite storage, with a scripted assistant:
 * the safety floor on messages the assistant no longer reads (queued,
 * offline, human), and a request for a person that overtakes a reply being
 * written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Decision, Entry } from '../../shared/model.ts';
import type { WebhookEvent } from '../../shared/webhooks.ts';
import { MemoryBus } from '../bus/memory.ts';
import { topics, type BusMessage } from '../bus/types.ts';
import { DEFAULT_LIMITS } from '../config.ts';
import type { Assistant, AssistantInput, ReplyStream } from '../engine/assistant.ts';
import { parsePolicy } from '../engine/policy.ts';
import { createLogger } from '../log.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import { Conversations } from './conversations.ts';
import { queueOrder } from './queue-order.ts';
import { evidenceOf } from './safety-floor.ts';

const POLICY = parsePolicy({
  version: 1,
  intents: [
    { name: 'shipping', mode: 'auto', examples: ['how long does delivery take'] },
    // The site's own wording of a legal threat, which no built-in rule knows.
    { name: 'legal_threat', mode: 'urgent', examples: ['filing a claim with the narnia small debts panel'] },
  ],
});
const DANA = { id: 'dana', name: 'Dana' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const answer = (text: string): Decision => ({
  route: 'answer',
  reason: null,
  reply: text,
  draft: text,
  passages: [],
  confidence: 0.9,
  intent: { name: 'shipping', score: 0.9 },
  flags: [],
  unsupportedClaims: [],
});

/**
 * An assistant that streams a first piece, then answers after `ms`. `honoursAbort`:
 * it stops when told (a model call would); otherwise it finishes its reply regardless.
 */
class ScriptedAssistant implements Assistant {
  readonly policy = POLICY;
  readonly asked: string[] = [];
  readonly aborted: string[] = [];
  ms = 0;
  honoursAbort = true;
  /** A decision other than an answer, for the messages it returns one for. */
  route: (text: string) => Decision | null = () => null;

  async decide(input: AssistantInput, stream?: ReplyStream, signal?: AbortSignal): Promise<Decision> {
    const text = input.turns.at(-1)?.text ?? '';
    this.asked.push(text);
    stream?.onToken('Standard delivery');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, this.ms);
      if (!this.honoursAbort) return;
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        this.aborted.push(text);
        reject(signal.reason as Error);
      });
    });
    if (signal?.aborted && !this.aborted.includes(text)) this.aborted.push(text);
    return this.route(text) ?? answer(`Standard delivery takes 2 to 4 working days. (${text})`);
  }
}

describe('Replies', () => {
  let dir: string;
  let storage: SqliteStorage;
  let bus: MemoryBus;
  let assistant: ScriptedAssistant;
  let webhooks: WebhookEvent[];
  let service: Conversations;
  let now: number;
  let queueNotices: number;
  let streamEnds: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-replies-'));
    storage = new SqliteStorage(join(dir, 'test.db'));
    const log = createLogger('error', 'test', () => undefined);
    bus = new MemoryBus(log);
    assistant = new ScriptedAssistant();
    webhooks = [];
    now = 1_000;
    queueNotices = 0;
    streamEnds = [];
    bus.subscribe(topics.queue, () => queueNotices++);
    service = new Conversations({
      storage,
      bus,
      assistantFor: () => assistant,
      log,
      limits: DEFAULT_LIMITS,
      now: () => (now += 10),
      webhooks: { send: (_site, event) => webhooks.push(event) },
      waitEstimateMs: 60_000,
    });
  });
  afterEach(async () => {
    await service.drain();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => (await service.log.start('demo', {})).record.id;
  /** A visitor message, and everything it set off. */
  const say = async (id: string, clientId: string, text: string) => {
    await service.replies.visitorMessage(id, clientId, text);
    await service.drain();
  };
  const record = (id: string) => service.log.get(id);
  const entries = (id: string): Promise<Entry[]> => service.log.entriesAfter(id, 0, 100);
  const shape = (log: Entry[]) => log.map((e) => (e.kind === 'message' ? e.role : `state:${e.to}:${e.reason}`));
  const urgentHooks = () => webhooks.filter((e) => e.type === 'conversation.urgent');
  const watchStreams = (id: string) =>
    bus.subscribe(topics.conversation(id), (m: BusMessage) => {
      if (m.kind === 'stream' && m.frame.type === 'reply_end') streamEnds.push(m.frame.outcome);
    });

  /** A conversation the visitor asked a person for, in `state`. */
  async function inState(state: 'queued' | 'offline' | 'human'): Promise<string> {
    const id = await start();
    await say(id, 'm0', 'how long does delivery take?');
    await service.replies.requestPerson(id);
    if (state === 'offline') await service.assignment.goOffline(id, 'no_agent_online');
    if (state === 'human') await service.assignment.claim(id, DANA);
    expect((await record(id)).state).toBe(state);
    return id;
  }

  describe('the safety floor after the assistant', () => {
    it.each(['queued', 'offline', 'human'] as const)('in %s: a legal threat makes it urgent, with its flag and evidence in the pack and one webhook', async (state) => {
      const id = await inState(state);
      const before = await record(id);
      expect(before.urgent).toBe(false);
      const notices = queueNotices;
      await say(id, 'm1', 'If this is not sorted today I will take you to court over this.');

      const after = await record(id);
      expect(after.state).toBe(state);
      expect(after.urgent).toBe(true);
      expect(after.pack).toMatchObject({ reason: 'visitor_request', route: 'urgent', flags: ['legal_threat'] });
      expect(evidenceOf(after.pack)).toEqual([{ category: 'legal_threat', evidence: 'take you to court', score: 0.9, seq: after.lastSeq, at: expect.any(Number) }]);
      // The consoles rebuild their list (and the open conversation's summary) from the queue notice.
      expect(queueNotices).toBeGreaterThan(notices);
      expect(urgentHooks()).toEqual([
        {
          type: 'conversation.urgent',
          conversationId: id,
          at: expect.any(Number),
          data: { state, raised: ['legal_threat'], flags: ['legal_threat'], reason: 'visitor_request', assignee: state === 'human' ? DANA : null, visitor: {} },
        },
      ]);
      // The assistant read neither message sent after the hand-over; the log shows only what was said.
      expect(assistant.asked).toEqual(['how long does delivery take?']);
      expect(shape(await entries(id)).slice(-1)).toEqual(['visitor']);
    });

    it.each(['queued', 'offline', 'human'] as const)('in %s: a second hit of the same category adds its evidence but no second webhook; a new category fires one more', async (state) => {
      const id = await inState(state);
      await say(id, 'm1', 'I will take you to court over this.');
      await say(id, 'm2', "I'm going to sue you, my solicitor has the papers.");
      const { pack: twice, lastSeq } = await record(id);
      expect(twice?.flags).toEqual(['legal_threat']);
      expect(evidenceOf(twice).map((e) => [e.category, e.seq])).toEqual([
        ['legal_threat', lastSeq - 1],
        ['legal_threat', lastSeq],
      ]);
      expect(urgentHooks()).toHaveLength(1);

      await say(id, 'm3', "honestly I want to kill myself, I can't do this anymore");
      const pack = (await record(id)).pack;
      expect(pack?.flags).toEqual(['legal_threat', 'self_harm']);
      expect(evidenceOf(pack).map((e) => e.category)).toEqual(['legal_threat', 'legal_threat', 'self_harm']);
      expect(urgentHooks().map((e) => e.data)).toMatchObject([{ raised: ['legal_threat'] }, { raised: ['self_harm'], flags: ['legal_threat', 'self_harm'] }]);
    });

    it('moves the flagged conversation to the head of the queue, ahead of one waiting longer', async () => {
      const calm = await inState('queued');
      const flagged = await inState('queued');
      const order = async () => queueOrder(await service.log.open(), () => 0.5);
      expect((await order()).map((r) => r.id)).toEqual([calm, flagged]);
      await say(flagged, 'm1', "I'm reporting you to the ombudsman");
      expect((await order()).map((r) => r.id)).toEqual([flagged, calm]);
      expect((await record(flagged)).pack?.flags).toEqual(['regulatory_complaint']);
    });

    it("reads the site policy's own examples of an urgent intent, as the router does", async () => {
      const id = await inState('human');
      await say(id, 'm1', 'I am filing a claim with the Narnia small debts panel tomorrow');
      const after = await record(id);
      expect(after.urgent).toBe(true);
      expect(evidenceOf(after.pack)[0]?.evidence).toContain('policy example');
      expect(urgentHooks()).toHaveLength(1);
    });

    it('keeps the flags the hand-over already had, and tells the site nothing new for a category it was told of', async () => {
      // The assistant's own safety check handed it over, urgent, for a legal threat.
      assistant.route = (text) =>
        text.includes('court') ? { ...answer(''), route: 'urgent', reason: 'safety:legal_threat', reply: null, flags: ['legal_threat'] } : null;
      const id = await start();
      await say(id, 'm0', 'see you in court');
      expect(await record(id)).toMatchObject({ state: 'queued', urgent: true, pack: { flags: ['legal_threat'] } });
      await service.assignment.claim(id, DANA);
      await say(id, 'm1', 'I will take you to court over this.');
      const after = await record(id);
      expect(after.pack?.flags).toEqual(['legal_threat']);
      expect(evidenceOf(after.pack)).toMatchObject([{ category: 'legal_threat', seq: after.lastSeq }]);
      expect(urgentHooks()).toEqual([]);
      expect(webhooks.map((e) => e.type)).toEqual(['conversation.handoff']);
    });

    it('leaves a message with no flag alone: not urgent, the pack unchanged, no webhook', async () => {
      const id = await inState('queued');
      const before = await record(id);
      await say(id, 'm1', 'still waiting for someone, any news?');
      const after = await record(id);
      expect(after.urgent).toBe(false);
      expect(after.pack).toEqual(before.pack);
      expect(urgentHooks()).toEqual([]);
    });

    it('adds nothing when a retry of the same message arrives', async () => {
      const id = await inState('queued');
      await say(id, 'm1', 'I will take you to court over this.');
      const once = await record(id);
      await say(id, 'm1', 'I will take you to court over this.');
      expect((await record(id)).pack).toEqual(once.pack);
      expect(urgentHooks()).toHaveLength(1);
    });

    it("leaves a resolved conversation's next message to the assistant", async () => {
      const id = await inState('human');
      await service.assignment.resolve(id, DANA);
      await say(id, 'm1', 'how long does delivery take?');
      expect((await record(id)).state).toBe('bot');
      expect(assistant.asked).toHaveLength(2);
      expect(urgentHooks()).toEqual([]);
    });
  });

  describe('a request for a person', () => {
    it('stops the reply being written and hands over at once with reason visitor_request', async () => {
      assistant.ms = 5_000;
      const id = await start();
      const stop = watchStreams(id);
      await service.replies.visitorMessage(id, 'm1', 'how long does delivery take?');
      while (!service.replies.writing(id)) await sleep(5);
      const asked = Date.now();
      await service.replies.visitorMessage(id, 'm2', 'can I talk to a person please');
      await service.drain();
      stop();

      expect(Date.now() - asked).toBeLessThan(1_000); // not behind the 5 s reply
      expect(assistant.aborted).toEqual(['how long does delivery take?']);
      expect(assistant.asked).toEqual(['how long does delivery take?']); // the request went to no assistant
      expect(streamEnds).toEqual(['withdrawn']);
      const after = await record(id);
      expect(after).toMatchObject({ state: 'queued', reason: 'visitor_request', urgent: false });
      expect(shape(await entries(id))).toEqual(['visitor', 'visitor', 'state:queued:visitor_request']);
      expect(webhooks.map((e) => e.type)).toEqual(['conversation.handoff']);
    });

    it("puts the stopped reply's draft in the pack when the assistant finishes it anyway", async () => {
      assistant.ms = 300;
      assistant.honoursAbort = false;
      const id = await start();
      await service.replies.visitorMessage(id, 'm1', 'how long does delivery take?');
      while (!service.replies.writing(id)) await sleep(5);
      await service.replies.visitorMessage(id, 'm2', 'can I talk to a person please');
      await service.drain();

      const after = await record(id);
      expect(after.state).toBe('queued');
      expect(after.pack).toMatchObject({ reason: 'visitor_request', route: 'escalate', intent: { name: 'shipping' } });
      expect(after.pack?.draft).toContain('2 to 4 working days');
      expect(shape(await entries(id))).toEqual(['visitor', 'visitor', 'state:queued:visitor_request']);
    });

    // Two tabs on one conversation: the second message waits behind the reply, and the request from the other tab overtakes both.
    it('answers none of the messages that waited behind the stopped reply', async () => {
      assistant.ms = 5_000;
      const id = await start();
      await service.replies.visitorMessage(id, 'm1', 'how long does delivery take?');
      while (!service.replies.writing(id)) await sleep(5);
      const waiting = service.replies.visitorMessage(id, 'm2', 'and do you ship to PO boxes?');
      await service.replies.visitorMessage(id, 'm3', 'can I talk to a person please');
      await waiting;
      await service.drain();
      expect(assistant.asked).toEqual(['how long does delivery take?']);
      expect(shape(await entries(id))).toEqual(['visitor', 'visitor', 'visitor', 'state:queued:visitor_request']);
    });

    it('still puts a safety flag in the same words first: urgent, with its evidence', async () => {
      assistant.ms = 5_000;
      const id = await start();
      await service.replies.visitorMessage(id, 'm1', 'how long does delivery take?');
      while (!service.replies.writing(id)) await sleep(5);
      await service.replies.visitorMessage(id, 'm2', 'I want a real person now or I will see you in court');
      await service.drain();
      const after = await record(id);
      expect(after).toMatchObject({ state: 'queued', reason: 'safety:legal_threat', urgent: true });
      expect(after.pack).toMatchObject({ route: 'urgent', flags: ['legal_threat'] });
      expect(evidenceOf(after.pack)).toMatchObject([{ category: 'legal_threat', evidence: 'see you in court', seq: 2 }]);
      expect(webhooks).toMatchObject([{ type: 'conversation.handoff', data: { urgent: true, flags: ['legal_threat'] } }]);
    });

    it('leaves an ordinary message mid-reply to wait for the reply, as before', async () => {
      assistant.ms = 200;
      const id = await start();
      await service.replies.visitorMessage(id, 'm1', 'how long does delivery take?');
      while (!service.replies.writing(id)) await sleep(5);
      await service.replies.visitorMessage(id, 'm2', 'and do you ship to PO boxes?');
      await service.drain();
      expect(assistant.aborted).toEqual([]);
      expect(shape(await entries(id))).toEqual(['visitor', 'assistant', 'visitor', 'assistant']);
    });

    it.each(['queued', 'offline'] as const)('in %s: stays there, unanswered by the assistant, with no second hand-over', async (state) => {
      const id = await inState(state);
      const before = await entries(id);
      await say(id, 'm1', 'can I talk to a person please');
      await say(id, 'm2', 'hello? I want a human');
      const after = await record(id);
      expect(after.state).toBe(state);
      expect(assistant.asked).toEqual(['how long does delivery take?']);
      expect(shape(await entries(id))).toEqual([...shape(before), 'visitor', 'visitor']);
      expect(webhooks.filter((e) => e.type === 'conversation.handoff')).toHaveLength(1);
    });

    it('from the button, mid-reply, answers nothing that waited behind the stopped reply', async () => {
      assistant.ms = 5_000;
      const id = await start();
      await service.replies.visitorMessage(id, 'm1', 'how long does delivery take?');
      while (!service.replies.writing(id)) await sleep(5);
      const waiting = service.replies.visitorMessage(id, 'm2', 'and do you ship to PO boxes?');
      await service.replies.requestPerson(id);
      await waiting;
      await service.drain();
      expect(assistant.asked).toEqual(['how long does delivery take?']);
      expect(shape(await entries(id))).toEqual(['visitor', 'visitor', 'state:queued:visitor_request']);
    });
  });
});
