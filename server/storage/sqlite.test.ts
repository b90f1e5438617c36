import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStorage } from './sqlite.ts';

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

  describe('sessions', () => {
    it('returns the agent of a live session and forgets an expired one', async () => {
      await storage.createSession('s1', 'dana', 100);
      expect(await storage.sessionAgent('s1', 50)).toEqual({ agentId: 'dana', expiresAt: 100 });
      expect(await storage.sessionAgent('s1', 100)).toBeNull();
      expect(await storage.sessionAgent('s1', 50)).toBeNull();
    });
  });
});
