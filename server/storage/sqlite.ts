/**
 * SQLite storage through Node's built-in node:sqlite (no native build). The
 * driver is synchronous, so each method's read-modify-write runs without
 * interleaving; explicit transactions still make multi-row writes all-or-nothing.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConversationState, StateReason } from '../../shared/codes.ts';
import type { ExitReport, WidgetEvent } from '../../shared/frames/telemetry.ts';
import type { Decision, Entry, Frustration, HandoffPack, MessageEntry, Note, StateEntry, VisitorFacts } from '../../shared/model.ts';
import { newId } from './ids.ts';
import type { ConversationRecord, NewMessage, StateChange, StateChangeResult, Storage, StoredExitReport, Survey } from './types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (
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
CREATE INDEX IF NOT EXISTS conversations_open ON conversations (state, updated_at);
CREATE TABLE IF NOT EXISTS entries (
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  seq INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  client_key TEXT,
  body TEXT NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, client_key)
);
CREATE TABLE IF NOT EXISTS agent_sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS exit_reports (
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  exit_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (conversation_id, exit_id)
);
CREATE TABLE IF NOT EXISTS widget_events (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS widget_events_conversation ON widget_events (conversation_id, id);
CREATE TABLE IF NOT EXISTS notes (
  id TEXT PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  client_key TEXT NOT NULL,
  at INTEGER NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (conversation_id, client_key)
);
`;

/**
 * Columns added after a table first shipped. CREATE TABLE IF NOT EXISTS leaves an
 * existing table as it is, so each is added with ALTER TABLE when missing.
 */
const ADDED_COLUMNS: readonly { table: string; column: string; type: string }[] = [
  { table: 'conversations', column: 'frustration', type: 'TEXT' }, // JSON Frustration, NULL before any signal
  { table: 'conversations', column: 'contact', type: 'TEXT' }, // an e-mail left while nobody was there
  { table: 'conversations', column: 'survey', type: 'TEXT' }, // JSON Survey, once per conversation
];

interface ConversationRow {
  id: string;
  site: string;
  state: string;
  urgent: number;
  reason: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  created_at: number;
  updated_at: number;
  last_seq: number;
  preview: string;
  visitor: string;
  pack: string | null;
  last_decision: string | null;
  queued_at: number | null;
  frustration: string | null;
  contact: string | null;
  survey: string | null;
}

const PREVIEW_CHARS = 140;

function toRecord(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    site: row.site,
    state: row.state as ConversationState,
    urgent: row.urgent === 1,
    reason: row.reason as StateReason | null,
    assignee: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name ?? '' } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    queuedAt: row.queued_at,
    lastSeq: row.last_seq,
    preview: row.preview,
    visitor: JSON.parse(row.visitor) as VisitorFacts,
    pack: row.pack ? (JSON.parse(row.pack) as HandoffPack) : null,
    lastDecision: row.last_decision ? (JSON.parse(row.last_decision) as Decision) : null,
    frustration: row.frustration ? (JSON.parse(row.frustration) as Frustration) : null,
    contact: row.contact,
    survey: row.survey ? (JSON.parse(row.survey) as Survey) : null,
  };
}

/** The stored body of an exit report: its fields by name, so the token (or anything else) never lands on disk. */
function exitBody(report: Omit<ExitReport, 'token'>): Omit<ExitReport, 'token'> {
  return {
    exitId: report.exitId,
    abandoned: report.abandoned,
    rageQuit: report.rageQuit,
    stage: report.stage,
    frustration: report.frustration,
    maxFrustration: report.maxFrustration,
    signals: [...report.signals],
    lastConfidence: report.lastConfidence,
  };
}

export class SqliteStorage implements Storage {
  readonly #db: DatabaseSync;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    // FULL: an acked message survives a power cut, not only a process crash (clients drop acked messages).
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    this.#db.exec(SCHEMA);
    this.#migrate();
  }

  /** Adds the columns an older database lacks; inside a write transaction, so two processes opening it do not both add one. */
  #migrate(): void {
    const missing = () =>
      ADDED_COLUMNS.filter(({ table, column }) => {
        const columns = this.#statement(`PRAGMA table_info(${table})`).all() as { name: string }[];
        return !columns.some((c) => c.name === column);
      });
    if (missing().length === 0) return;
    this.#tx(() => {
      for (const { table, column, type } of missing()) this.#db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    });
  }

  /** Statements prepared once and reused: preparing costs more than running most of them. */
  readonly #statements = new Map<string, StatementSync>();

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }

  #row(sql: string, ...params: SQLInputValue[]): ConversationRow | undefined {
    return this.#statement(sql).get(...params) as ConversationRow | undefined;
  }

  #tx<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Takes the next seq of a conversation and stores the entry body under it. */
  #append<E extends Entry>(conversationId: string, build: (seq: number, id: string) => E, clientKey: string | null, at: number): E {
    const updated = this
      .#statement('UPDATE conversations SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? RETURNING last_seq')
      .get(at, conversationId) as { last_seq: number } | undefined;
    if (!updated) throw new Error(`conversation ${conversationId} not found`);
    const entry = build(updated.last_seq, newId('e'));
    this
      .#statement('INSERT INTO entries (conversation_id, seq, id, client_key, body) VALUES (?, ?, ?, ?, ?)')
      .run(conversationId, entry.seq, entry.id, clientKey, JSON.stringify(entry));
    return entry;
  }

  async createConversation(input: { id: string; site: string; tokenHash: string; visitor: VisitorFacts; at: number }): Promise<ConversationRecord> {
    this
      .#statement('INSERT INTO conversations (id, site, token_hash, state, created_at, updated_at, visitor) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.id, input.site, input.tokenHash, 'bot', input.at, input.at, JSON.stringify(input.visitor));
    const row = this.#row('SELECT * FROM conversations WHERE id = ?', input.id);
    if (!row) throw new Error('conversation insert lost');
    return toRecord(row);
  }

  async conversation(id: string): Promise<ConversationRecord | null> {
    const row = this.#row('SELECT * FROM conversations WHERE id = ?', id);
    return row ? toRecord(row) : null;
  }

  async conversationByToken(tokenHash: string): Promise<ConversationRecord | null> {
    const row = this.#row('SELECT * FROM conversations WHERE token_hash = ?', tokenHash);
    return row ? toRecord(row) : null;
  }

  async setVisitor(id: string, visitor: VisitorFacts): Promise<void> {
    this.#statement('UPDATE conversations SET visitor = ? WHERE id = ?').run(JSON.stringify(visitor), id);
  }

  async setLastDecision(id: string, decision: Decision): Promise<void> {
    this.#statement('UPDATE conversations SET last_decision = ? WHERE id = ?').run(JSON.stringify(decision), id);
  }

  async messageByClientKey(conversationId: string, clientKey: string): Promise<MessageEntry | null> {
    const row = this.#statement('SELECT body FROM entries WHERE conversation_id = ? AND client_key = ?').get(conversationId, clientKey) as
      | { body: string }
      | undefined;
    return row ? (JSON.parse(row.body) as MessageEntry) : null;
  }

  async appendMessage(conversationId: string, message: NewMessage, at: number, options: { lastDecision?: Decision } = {}): Promise<{ entry: MessageEntry; duplicate: boolean }> {
    return this.#tx(() => {
      if (message.clientKey !== undefined) {
        const existing = this
          .#statement('SELECT body FROM entries WHERE conversation_id = ? AND client_key = ?')
          .get(conversationId, message.clientKey) as { body: string } | undefined;
        // The unique key below is the guarantee; this read only avoids burning a seq on a repeat.
        if (existing) return { entry: JSON.parse(existing.body) as MessageEntry, duplicate: true };
      }
      const entry = this.#append<MessageEntry>(
        conversationId,
        (seq, id) => ({
          kind: 'message',
          id,
          seq,
          at,
          role: message.role,
          text: message.text,
          ...(message.clientId !== undefined && { clientId: message.clientId }),
          ...(message.author !== undefined && { author: message.author }),
          ...(message.sources !== undefined && { sources: message.sources }),
          ...(message.confidence !== undefined && { confidence: message.confidence }),
        }),
        message.clientKey ?? null,
        at,
      );
      if (message.role === 'visitor') {
        this.#statement('UPDATE conversations SET preview = ? WHERE id = ?').run(message.text.slice(0, PREVIEW_CHARS), conversationId);
      }
      // One commit (one fsync) for the reply and the decision behind it, not two.
      if (options.lastDecision) this.#statement('UPDATE conversations SET last_decision = ? WHERE id = ?').run(JSON.stringify(options.lastDecision), conversationId);
      return { entry, duplicate: false };
    });
  }

  async changeState(conversationId: string, change: StateChange, at: number): Promise<StateChangeResult> {
    return this.#tx((): StateChangeResult => {
      const row = this.#row('SELECT * FROM conversations WHERE id = ?', conversationId);
      if (!row) return { ok: false, error: 'not_found', record: null };
      const current = toRecord(row);
      if (!change.from.includes(current.state)) return { ok: false, error: 'invalid_state', record: current };
      if (change.requireAssignee !== undefined && current.assignee && current.assignee.id !== change.requireAssignee) {
        return { ok: false, error: 'conflict', record: current };
      }
      // Nobody holds a conversation the assistant has, that waits in the queue or for a follow-up:
      // whoever resolved it last must not block the next agent when the visitor comes back.
      const unheld = change.to === 'bot' || change.to === 'queued' || change.to === 'offline';
      const agent = unheld ? null : change.agent === undefined ? current.assignee : change.agent;
      const entry = this.#append<StateEntry>(
        conversationId,
        (seq, id) => ({
          kind: 'state',
          id,
          seq,
          at,
          from: current.state,
          to: change.to,
          reason: change.reason,
          ...(agent && { agent }),
        }),
        null,
        at,
      );
      const pack = change.pack === undefined ? row.pack : change.pack === null ? null : JSON.stringify(change.pack);
      const urgent = change.urgent === undefined ? row.urgent : change.urgent ? 1 : 0;
      this
        .#statement(
          'UPDATE conversations SET state = ?, reason = ?, assignee_id = ?, assignee_name = ?, pack = ?, urgent = ?, queued_at = ? WHERE id = ?',
        )
        .run(change.to, change.reason, agent?.id ?? null, agent?.name ?? null, pack, urgent, change.to === 'queued' ? at : row.queued_at, conversationId);
      const updated = this.#row('SELECT * FROM conversations WHERE id = ?', conversationId);
      if (!updated) throw new Error('conversation vanished inside a transaction');
      return { ok: true, entry, record: toRecord(updated) };
    });
  }

  async markUrgent(conversationId: string, change: { from: readonly ConversationState[]; pack: HandoffPack }): Promise<ConversationRecord | null> {
    const states = change.from.map(() => '?').join(', ');
    const row = this
      .#statement(`UPDATE conversations SET urgent = 1, pack = ? WHERE id = ? AND state IN (${states}) RETURNING *`)
      .get(JSON.stringify(change.pack), conversationId, ...change.from) as ConversationRow | undefined;
    return row ? toRecord(row) : null;
  }

  async entriesAfter(conversationId: string, afterSeq: number, limit: number): Promise<Entry[]> {
    const rows = this
      .#statement('SELECT body FROM entries WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(conversationId, afterSeq, limit) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as Entry);
  }

  async listOpen(botSince: number, limit: number): Promise<ConversationRecord[]> {
    const rows = this
      .#statement(
        `SELECT * FROM conversations
         WHERE state IN ('queued', 'human', 'offline') OR (state = 'bot' AND updated_at >= ? AND last_seq > 0)
         ORDER BY CASE state WHEN 'queued' THEN 0 WHEN 'human' THEN 1 WHEN 'offline' THEN 2 ELSE 3 END,
                  CASE WHEN state = 'queued' THEN -urgent ELSE 0 END,
                  CASE WHEN state = 'queued' THEN queued_at ELSE -updated_at END
         LIMIT ?`,
      )
      .all(botSince, limit) as unknown as ConversationRow[];
    return rows.map(toRecord);
  }

  async setFrustration(conversationId: string, frustration: Frustration): Promise<void> {
    this.#statement('UPDATE conversations SET frustration = ? WHERE id = ?').run(JSON.stringify(frustration), conversationId);
  }

  async queuedSince(queuedBefore: number, limit: number): Promise<ConversationRecord[]> {
    const rows = this
      .#statement("SELECT * FROM conversations WHERE state = 'queued' AND queued_at < ? ORDER BY queued_at LIMIT ?")
      .all(queuedBefore, limit) as unknown as ConversationRow[];
    return rows.map(toRecord);
  }

  async heldCounts(): Promise<Map<string, number>> {
    const rows = this
      .#statement("SELECT assignee_id, COUNT(*) AS n FROM conversations WHERE state = 'human' AND assignee_id IS NOT NULL GROUP BY assignee_id")
      .all() as { assignee_id: string; n: number }[];
    return new Map(rows.map((r) => [r.assignee_id, Number(r.n)]));
  }

  async earlierConversations(c: Pick<ConversationRecord, 'id' | 'site' | 'createdAt' | 'visitor'>): Promise<number> {
    // Only an identified visitor has a history: the host page's user id, else the e-mail it gave.
    const key = c.visitor.user?.id ? ['$.user.id', c.visitor.user.id] : c.visitor.user?.email ? ['$.user.email', c.visitor.user.email] : null;
    if (!key) return 0;
    const row = this
      .#statement('SELECT COUNT(*) AS n FROM conversations WHERE site = ? AND id != ? AND created_at <= ? AND json_extract(visitor, ?) = ?')
      .get(c.site, c.id, c.createdAt, key[0]!, key[1]!) as { n: number };
    return Number(row.n);
  }

  async setContact(conversationId: string, email: string): Promise<void> {
    this.#statement('UPDATE conversations SET contact = ? WHERE id = ?').run(email, conversationId);
  }

  async setSurvey(conversationId: string, survey: Survey): Promise<{ ok: boolean }> {
    const result = this.#statement('UPDATE conversations SET survey = ? WHERE id = ? AND survey IS NULL').run(JSON.stringify(survey), conversationId);
    return { ok: Number(result.changes) === 1 };
  }

  async addNote(
    conversationId: string,
    input: { agent: { id: string; name: string }; text: string; clientId: string; clientKey: string },
    at: number,
  ): Promise<{ note: Note; duplicate: boolean }> {
    const note: Note = { id: newId('n'), at, agent: input.agent, text: input.text, clientId: input.clientId };
    const result = this
      .#statement('INSERT INTO notes (id, conversation_id, client_key, at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT (conversation_id, client_key) DO NOTHING')
      .run(note.id, conversationId, input.clientKey, at, JSON.stringify(note));
    if (Number(result.changes) === 1) return { note, duplicate: false };
    const row = this.#statement('SELECT body FROM notes WHERE conversation_id = ? AND client_key = ?').get(conversationId, input.clientKey) as { body: string };
    return { note: JSON.parse(row.body) as Note, duplicate: true };
  }

  async notes(conversationId: string, limit: number): Promise<Note[]> {
    const rows = this
      .#statement('SELECT body FROM (SELECT rowid, body FROM notes WHERE conversation_id = ? ORDER BY rowid DESC LIMIT ?) ORDER BY rowid')
      .all(conversationId, limit) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as Note);
  }

  async addExitReport(conversationId: string, report: Omit<ExitReport, 'token'>, at: number): Promise<{ duplicate: boolean }> {
    const result = this
      .#statement('INSERT INTO exit_reports (conversation_id, exit_id, at, body) VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, exit_id) DO NOTHING')
      .run(conversationId, report.exitId, at, JSON.stringify(exitBody(report)));
    return { duplicate: Number(result.changes) === 0 };
  }

  async exitReports(conversationId: string): Promise<StoredExitReport[]> {
    const rows = this.#statement('SELECT at, body FROM exit_reports WHERE conversation_id = ? ORDER BY at, rowid').all(conversationId) as {
      at: number;
      body: string;
    }[];
    return rows.map((r) => ({ ...(JSON.parse(r.body) as Omit<ExitReport, 'token'>), at: r.at }));
  }

  async addWidgetEvents(conversationId: string, events: readonly WidgetEvent[], at: number, keep: number): Promise<void> {
    if (events.length === 0) return;
    this.#tx(() => {
      const insert = this.#statement('INSERT INTO widget_events (conversation_id, at, body) VALUES (?, ?, ?)');
      for (const event of events) insert.run(conversationId, at, JSON.stringify(event));
      // Retention: the newest `keep` per conversation, so a chatty page cannot grow the database without bound.
      this
        .#statement('DELETE FROM widget_events WHERE conversation_id = ? AND id <= (SELECT id FROM widget_events WHERE conversation_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)')
        .run(conversationId, conversationId, keep);
    });
  }

  async widgetEvents(conversationId: string, limit: number): Promise<WidgetEvent[]> {
    const rows = this
      .#statement('SELECT body FROM (SELECT id, body FROM widget_events WHERE conversation_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id')
      .all(conversationId, limit) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as WidgetEvent);
  }

  async createSession(tokenHash: string, agentId: string, expiresAt: number): Promise<void> {
    this.#statement('INSERT INTO agent_sessions (token_hash, agent_id, expires_at) VALUES (?, ?, ?)').run(tokenHash, agentId, expiresAt);
  }

  async sessionAgent(tokenHash: string, now: number): Promise<{ agentId: string; expiresAt: number } | null> {
    const row = this.#statement('SELECT agent_id, expires_at FROM agent_sessions WHERE token_hash = ?').get(tokenHash) as
      | { agent_id: string; expires_at: number }
      | undefined;
    if (!row) return null;
    if (row.expires_at <= now) {
      await this.deleteSession(tokenHash);
      return null;
    }
    return { agentId: row.agent_id, expiresAt: row.expires_at };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.#statement('DELETE FROM agent_sessions WHERE token_hash = ?').run(tokenHash);
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}
