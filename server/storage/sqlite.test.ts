import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExitReport, WidgetEvent } from '../../shared/frames/telemetry.ts';
import type { Decision } from '../../shared/model.ts';
import { SqliteStorage } from './sqlite.ts';

/** The schema as it shipped before frustration, exit reports and widget events. */
const OLD_SCHEMA = `
CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  urgent INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  assignee_id TEXT,
  assignee_name TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0,
  preview TEXT NOT NULL DEFAULT '',
  visitor TEXT NOT NULL DEFAULT '{}',
  pack TEXT,
  last_decision TEXT,
  queued_at INTEGER
);
CREATE INDEX conversations_open ON conversations (state, updated_at);
CREATE TABLE entries (
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  client_key TEXT,
  body TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, client_key)
);
CREATE TABLE agent_sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`;

const report = (exitId: string, overrides: Partial<Omit<ExitReport, 'token'>> = {}): Omit<ExitReport, 'token'> => ({
  exitId,
  abandoned: true,
  rageQuit: false,
  stage: 'after_reply',
  frustration: 0.4,
  maxFrustration: 0.7,
  signals: ['rage_click', 'down_feedback'],
  lastConfidence: 0.35,
  ...overrides,
});

function columns(path: string, table: string): string[] {
  const db = new DatabaseSync(path);
  try {
    return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  } finally {
    db.close();
  }
}

describe('SqliteStorage', () => {
  let dir: string;
  let storage: SqliteStorage;
  const path = () => join(dir, 'test.db');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-storage-'));
    storage = new SqliteStorage(path());
    await storage.createConversation({ id: 'c1', site: 'demo', tokenHash: 'h1', visitor: { page: 'https://shop/' }, at: 1 });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('#appendMessage', () => {
    it('assigns a monotonic seq from 1 per conversation', async () => {
      await storage.createConversation({ id: 'c2', site: 'demo', tokenHash: 'h2', visitor: {}, at: 1 });
      const a = await storage.appendMessage('c1', { role: 'visitor', text: 'one' }, 2);
      const b = await storage.appendMessage('c1', { role: 'assistant', text: 'two' }, 3);
      const c = await storage.appendMessage('c2', { role: 'visitor', text: 'other' }, 3);
      expect([a.entry.seq, b.entry.seq, c.entry.seq]).toEqual([1, 2, 1]);
      expect((await storage.conversation('c1'))?.lastSeq).toBe(2);
    });

    it('stores the decision behind a reply with the reply, in one call', async () => {
      const decision: Decision = { route: 'answer', reason: null, reply: 'two', draft: null, passages: [], confidence: 0.9, intent: null, flags: [], unsupportedClaims: [] };
      await storage.appendMessage('c1', { role: 'assistant', text: 'two' }, 3, { lastDecision: decision });
      expect((await storage.conversation('c1'))?.lastDecision).toEqual(decision);
    });

    it('stores a client id once and returns the same entry for a repeat', async () => {
      const first = await storage.appendMessage('c1', { role: 'visitor', text: 'hi', clientKey: 'v:x1', clientId: 'x1' }, 2);
      const again = await storage.appendMessage('c1', { role: 'visitor', text: 'hi', clientKey: 'v:x1', clientId: 'x1' }, 3);
      expect(first.duplicate).toBe(false);
      expect(again.duplicate).toBe(true);
      expect(again.entry).toEqual(first.entry);
      expect(await storage.entriesAfter('c1', 0, 10)).toHaveLength(1);
    });

    it('keeps the dedupe across a restart (the unique key is in the database)', async () => {
      const first = await storage.appendMessage('c1', { role: 'visitor', text: 'hi', clientKey: 'v:x1', clientId: 'x1' }, 2);
      await storage.close();
      storage = new SqliteStorage(path());
      const again = await storage.appendMessage('c1', { role: 'visitor', text: 'hi', clientKey: 'v:x1', clientId: 'x1' }, 3);
      expect(again).toEqual({ entry: first.entry, duplicate: true });
    });

    it('keeps the confidence on the entry when given, and leaves it out when not', async () => {
      const sure = await storage.appendMessage('c1', { role: 'assistant', text: 'It ships today.', confidence: 0.82 }, 2);
      const zero = await storage.appendMessage('c1', { role: 'assistant', text: 'Maybe.', confidence: 0 }, 3);
      const none = await storage.appendMessage('c1', { role: 'visitor', text: 'ok' }, 4);
      expect(sure.entry.confidence).toBe(0.82);
      expect(zero.entry.confidence).toBe(0);
      expect('confidence' in none.entry).toBe(false);
      const stored = await storage.entriesAfter('c1', 0, 10);
      expect(stored.map((e) => (e.kind === 'message' ? e.confidence : 'state'))).toEqual([0.82, 0, undefined]);
    });

    it('updates the preview from visitor messages only', async () => {
      await storage.appendMessage('c1', { role: 'visitor', text: 'where is my order' }, 2);
      await storage.appendMessage('c1', { role: 'assistant', text: 'It ships today.' }, 3);
      expect((await storage.conversation('c1'))?.preview).toBe('where is my order');
    });
  });

  describe('#changeState', () => {
    it('moves state with compare-and-set and logs the change with its reason', async () => {
      const queued = await storage.changeState('c1', { from: ['bot'], to: 'queued', reason: 'visitor_request', urgent: true }, 5);
      expect(queued.ok).toBe(true);
      if (!queued.ok) return;
      expect(queued.entry).toMatchObject({ kind: 'state', seq: 1, from: 'bot', to: 'queued', reason: 'visitor_request' });
      expect(queued.record).toMatchObject({ state: 'queued', urgent: true, reason: 'visitor_request' });
      const again = await storage.changeState('c1', { from: ['bot'], to: 'queued', reason: 'visitor_request' }, 6);
      expect(again).toMatchObject({ ok: false, error: 'invalid_state' });
    });

    it('refuses a claim over another agent', async () => {
      await storage.changeState('c1', { from: ['bot'], to: 'human', reason: 'agent_takeover', agent: { id: 'a', name: 'A' } }, 5);
      const result = await storage.changeState('c1', { from: ['human'], to: 'resolved', reason: 'agent_resolved', requireAssignee: 'b' }, 6);
      expect(result).toMatchObject({ ok: false, error: 'conflict' });
    });

    it('reports an unknown conversation', async () => {
      expect(await storage.changeState('nope', { from: ['bot'], to: 'queued', reason: 'low_confidence' }, 1)).toMatchObject({ ok: false, error: 'not_found' });
    });
  });

  describe('#markUrgent', () => {
    const pack = {
      reason: 'visitor_request' as const,
      at: 5,
      route: 'urgent' as const,
      intent: null,
      confidence: null,
      draft: null,
      passages: [],
      unsupportedClaims: [],
      flags: ['legal_threat' as const],
      visitor: {},
      frustration: null,
      earlierConversations: 0,
    };

    it('marks it urgent with the new pack, keeping state, queue time and log as they were', async () => {
      await storage.changeState('c1', { from: ['bot'], to: 'queued', reason: 'visitor_request' }, 5);
      const before = await storage.conversation('c1');
      const flagged = await storage.markUrgent('c1', { from: ['queued'], pack: { ...pack, evidence: [{ category: 'legal_threat', evidence: 'sue' }] } as typeof pack });
      expect(flagged).toMatchObject({ state: 'queued', urgent: true, queuedAt: before?.queuedAt, lastSeq: before?.lastSeq, updatedAt: before?.updatedAt });
      // Fields the shared pack does not list yet (the floor's evidence) are kept as they were given.
      expect(flagged?.pack).toEqual({ ...pack, evidence: [{ category: 'legal_threat', evidence: 'sue' }] });
      expect(await storage.conversation('c1')).toEqual(flagged);
    });

    it('changes nothing in a state it was not asked for, nor for an unknown conversation', async () => {
      expect(await storage.markUrgent('c1', { from: ['queued', 'human'], pack })).toBeNull();
      expect(await storage.conversation('c1')).toMatchObject({ state: 'bot', urgent: false, pack: null });
      expect(await storage.markUrgent('nope', { from: ['bot'], pack })).toBeNull();
    });
  });

  describe('#listOpen', () => {
    it('puts urgent queued conversations first, then older queued, then human', async () => {
      for (const id of ['c2', 'c3', 'c4']) await storage.createConversation({ id, site: 'demo', tokenHash: id, visitor: {}, at: 1 });
      await storage.changeState('c1', { from: ['bot'], to: 'queued', reason: 'low_confidence' }, 10);
      await storage.changeState('c2', { from: ['bot'], to: 'queued', reason: 'low_confidence' }, 20);
      await storage.changeState('c3', { from: ['bot'], to: 'queued', reason: 'safety:self_harm', urgent: true }, 30);
      await storage.changeState('c4', { from: ['bot'], to: 'human', reason: 'agent_takeover', agent: { id: 'a', name: 'A' } }, 5);
      expect((await storage.listOpen(0, 10)).map((r) => r.id)).toEqual(['c3', 'c1', 'c2', 'c4']);
    });
  });

  describe('#setFrustration', () => {
    it('is null before any signal, then what was set, across a restart', async () => {
      expect((await storage.conversation('c1'))?.frustration).toBeNull();
      await storage.setFrustration('c1', { score: 0.6, signals: ['rage_click', 'anger'], at: 7 });
      await storage.setFrustration('c1', { score: 0.8, signals: ['rage_click', 'anger', 'long_wait'], at: 9 });
      await storage.close();
      storage = new SqliteStorage(path());
      const record = await storage.conversation('c1');
      expect(record?.frustration).toEqual({ score: 0.8, signals: ['rage_click', 'anger', 'long_wait'], at: 9 });
      expect(record?.updatedAt).toBe(1); // a score is not activity: the agents' list order stays
      expect((await storage.conversationByToken('h1'))?.frustration).toEqual(record?.frustration);
    });
  });

  describe('exit reports', () => {
    it('stores one per exit id, oldest first, with when it arrived', async () => {
      expect(await storage.addExitReport('c1', report('x1'), 10)).toEqual({ duplicate: false });
      expect(await storage.addExitReport('c1', report('x2', { stage: 'queued', lastConfidence: null }), 20)).toEqual({ duplicate: false });
      expect(await storage.exitReports('c1')).toEqual([
        { ...report('x1'), at: 10 },
        { ...report('x2', { stage: 'queued', lastConfidence: null }), at: 20 },
      ]);
    });

    it('answers a repeated exit id with duplicate=true and keeps the first, even across a restart', async () => {
      await storage.addExitReport('c1', report('x1'), 10);
      await storage.close();
      storage = new SqliteStorage(path());
      expect(await storage.addExitReport('c1', report('x1', { rageQuit: true }), 11)).toEqual({ duplicate: true });
      expect(await storage.exitReports('c1')).toEqual([{ ...report('x1'), at: 10 }]);
    });

    it('keeps exit ids per conversation, and never stores a token handed in with the report', async () => {
      await storage.createConversation({ id: 'c2', site: 'demo', tokenHash: 'h2', visitor: {}, at: 1 });
      const withToken = { ...report('x1'), token: 'secret-token-0123456789', extra: 'nope' };
      expect(await storage.addExitReport('c1', withToken, 10)).toEqual({ duplicate: false });
      expect(await storage.addExitReport('c2', report('x1'), 12)).toEqual({ duplicate: false });
      expect(await storage.exitReports('c1')).toEqual([{ ...report('x1'), at: 10 }]);
      expect(await storage.exitReports('c2')).toHaveLength(1);
      expect(await storage.exitReports('nope')).toEqual([]);
    });

    it('refuses a report for a conversation that does not exist', async () => {
      await expect(storage.addExitReport('nope', report('x1'), 10)).rejects.toThrow();
    });
  });

  describe('widget events', () => {
    const click = (t: number): WidgetEvent => ({ t, type: 'click', x: 10, y: 20, target: 'message' });

    it('stores each event of a batch and returns the newest `limit` oldest first', async () => {
      const first: WidgetEvent[] = [{ t: 1, type: 'open' }, { t: 2, type: 'send' }, { t: 3, type: 'reply', from: 'bot', confidence: 0.4 }];
      await storage.addWidgetEvents('c1', first, 100, 1000);
      await storage.addWidgetEvents('c1', [click(4), { t: 5, type: 'typing', chars: 12, deletes: 7 }], 200, 1000);
      await storage.addWidgetEvents('c1', [], 300, 1000);
      expect(await storage.widgetEvents('c1', 10)).toEqual([...first, click(4), { t: 5, type: 'typing', chars: 12, deletes: 7 }]);
      expect(await storage.widgetEvents('c1', 2)).toEqual([click(4), { t: 5, type: 'typing', chars: 12, deletes: 7 }]);
      expect(await storage.widgetEvents('c2', 10)).toEqual([]);
    });

    it('keeps events per conversation, across a restart', async () => {
      await storage.createConversation({ id: 'c2', site: 'demo', tokenHash: 'h2', visitor: {}, at: 1 });
      await storage.addWidgetEvents('c1', [click(1)], 10, 1000);
      await storage.addWidgetEvents('c2', [{ t: 2, type: 'feedback', value: 'down' }], 10, 1000);
      await storage.close();
      storage = new SqliteStorage(path());
      expect(await storage.widgetEvents('c1', 10)).toEqual([click(1)]);
      expect(await storage.widgetEvents('c2', 10)).toEqual([{ t: 2, type: 'feedback', value: 'down' }]);
    });

    it('keeps only the newest `keep` events of a conversation, and leaves the others alone', async () => {
      await storage.createConversation({ id: 'c2', site: 'demo', tokenHash: 'h2', visitor: {}, at: 1 });
      await storage.addWidgetEvents('c2', [click(0)], 5, 3);
      await storage.addWidgetEvents('c1', [click(1), click(2)], 10, 3);
      await storage.addWidgetEvents('c1', [click(3), click(4), click(5)], 20, 3);
      expect(await storage.widgetEvents('c1', 10)).toEqual([click(3), click(4), click(5)]);
      await storage.addWidgetEvents('c1', [click(6)], 30, 3);
      expect(await storage.widgetEvents('c1', 10)).toEqual([click(4), click(5), click(6)]);
      expect(await storage.widgetEvents('c2', 10)).toEqual([click(0)]);
    });

    it('stores a batch all or nothing', async () => {
      // The second batch names no conversation that exists: the foreign key refuses it, and none of it stays.
      await storage.addWidgetEvents('c1', [click(1)], 10, 1000);
      await expect(storage.addWidgetEvents('nope', [click(2), click(3)], 20, 1000)).rejects.toThrow();
      expect(await storage.widgetEvents('c1', 10)).toEqual([click(1)]);
      expect(await storage.widgetEvents('nope', 10)).toEqual([]);
    });
  });

  describe('an existing database from before frustration', () => {
    it('gains the frustration column and the new tables, keeping what it had', async () => {
      const old = join(dir, 'old.db');
      const raw = new DatabaseSync(old);
      raw.exec(OLD_SCHEMA);
      raw
        .prepare('INSERT INTO conversations (id, site, token_hash, state, created_at, updated_at, last_seq, preview, visitor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run('old1', 'demo', 'oldhash', 'queued', 5, 6, 1, 'hello there', '{"locale":"en"}');
      raw
        .prepare('INSERT INTO entries (conversation_id, seq, id, client_key, body) VALUES (?, ?, ?, ?, ?)')
        .run('old1', 1, 'e_old', 'v:m1', JSON.stringify({ kind: 'message', id: 'e_old', seq: 1, at: 6, role: 'visitor', text: 'hello there', clientId: 'm1' }));
      raw.close();
      expect(columns(old, 'conversations')).not.toContain('frustration');

      const migrated = new SqliteStorage(old);
      try {
        const record = await migrated.conversationByToken('oldhash');
        expect(record).toMatchObject({ id: 'old1', state: 'queued', lastSeq: 1, preview: 'hello there', visitor: { locale: 'en' }, frustration: null });
        expect(await migrated.entriesAfter('old1', 0, 10)).toHaveLength(1);
        await migrated.setFrustration('old1', { score: 0.5, signals: ['repeat_question'], at: 8 });
        expect(await migrated.addExitReport('old1', report('x1'), 9)).toEqual({ duplicate: false });
        await migrated.addWidgetEvents('old1', [{ t: 1, type: 'leave' }], 9, 1000);
        const next = await migrated.appendMessage('old1', { role: 'visitor', text: 'again', clientKey: 'v:m2', clientId: 'm2' }, 10);
        expect(next.entry.seq).toBe(2);
      } finally {
        await migrated.close();
      }
      expect(columns(old, 'conversations')).toContain('frustration');
      expect(columns(old, 'exit_reports')).toEqual(['conversation_id', 'exit_id', 'at', 'body']);

      // Opening it again finds the column there and adds nothing twice.
      const again = new SqliteStorage(old);
      try {
        expect((await again.conversation('old1'))?.frustration).toEqual({ score: 0.5, signals: ['repeat_question'], at: 8 });
        expect(await again.exitReports('old1')).toEqual([{ ...report('x1'), at: 9 }]);
        expect(await again.widgetEvents('old1', 5)).toEqual([{ t: 1, type: 'leave' }]);
      } finally {
        await again.close();
      }
      expect(columns(old, 'conversations').filter((c) => c === 'frustration')).toHaveLength(1);
    });

    it('has the column in a new database too', () => {
      expect(columns(path(), 'conversations')).toContain('frustration');
    });
  });

  describe('sessions', () => {
    it('returns the agent of a live session and forgets an expired one', async () => {
      await storage.createSession('s1', 'dana', 100);
      expect(await storage.sessionAgent('s1', 50)).toEqual({ agentId: 'dana', expiresAt: 100 });
      expect(await storage.sessionAgent('s1', 100)).toBeNull();
      expect(await storage.sessionAgent('s1', 50)).toBeNull();
    });
  });
});
