import { LIMITS } from '../../shared/limits.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExitReport, WidgetEvent } from '../../shared/frames/telemetry.ts';
import { createLogger } from '../log.ts';
import { hashSecret } from '../storage/ids.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import { BatonError } from '../../shared/errors.ts';
import { DEFAULT_LIMITS } from '../config.ts';
import { Telemetry } from './telemetry.ts';

const TOKEN = 'visitor-token-0123456789abcdef';
const OTHER_TOKEN = 'other-site-token-0123456789abcdef';

const report = (overrides: Partial<ExitReport> = {}): ExitReport => ({
  token: TOKEN,
  exitId: 'x1',
  abandoned: true,
  rageQuit: true,
  stage: 'waiting_assistant',
  frustration: 0.7,
  maxFrustration: 0.9,
  signals: ['rage_click', 'repeat_question'],
  lastConfidence: 0.2,
  ...overrides,
});

describe('Telemetry', () => {
  let dir: string;
  let storage: SqliteStorage;
  let lines: Record<string, unknown>[];
  let now: number;
  let telemetry: Telemetry;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-telemetry-'));
    storage = new SqliteStorage(join(dir, 'test.db'));
    await storage.createConversation({ id: 'c1', site: 'demo', tokenHash: hashSecret(TOKEN), visitor: {}, at: 1 });
    await storage.createConversation({ id: 'c2', site: 'other', tokenHash: hashSecret(OTHER_TOKEN), visitor: {}, at: 1 });
    lines = [];
    now = 1000;
    const log = createLogger('info', 'test', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    telemetry = new Telemetry({ storage, log, limits: DEFAULT_LIMITS, now: () => now });
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('#recordExit', () => {
    it('finds the conversation by its token and stores the report without the token', async () => {
      expect(await telemetry.recordExit('demo', report())).toEqual({ duplicate: false });
      const { token: _token, ...stored } = report();
      expect(await storage.exitReports('c1')).toEqual([{ ...stored, at: 1000 }]);
      expect(JSON.stringify(await storage.exitReports('c1'))).not.toContain(TOKEN);
    });

    it('logs one info line naming the conversation, abandoned, rageQuit and stage', async () => {
      await telemetry.recordExit('demo', report());
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: 'info', conversation: 'c1', abandoned: true, rageQuit: true, stage: 'waiting_assistant' });
      expect(JSON.stringify(lines)).not.toContain(TOKEN);
    });

    it('stores a repeated exitId once and reports it as a duplicate', async () => {
      await telemetry.recordExit('demo', report());
      now = 2000;
      expect(await telemetry.recordExit('demo', report({ stage: 'idle' }))).toEqual({ duplicate: true });
      expect(await storage.exitReports('c1')).toMatchObject([{ exitId: 'x1', stage: 'waiting_assistant', at: 1000 }]);
      expect(lines.filter((l) => l.level === 'info')).toHaveLength(1);
      now = 3000;
      expect(await telemetry.recordExit('demo', report({ exitId: 'x2' }))).toEqual({ duplicate: false });
      expect((await storage.exitReports('c1')).map((r) => r.exitId)).toEqual(['x1', 'x2']);
    });

    it(`refuses more than ${LIMITS.maxExitReportsPerConversation} reports for one conversation with rate_limited, still taking a repeat`, async () => {
      for (let i = 0; i < LIMITS.maxExitReportsPerConversation; i++) await telemetry.recordExit('demo', report({ exitId: `e${i}` }));
      const error = await telemetry.recordExit('demo', report({ exitId: 'one-more' })).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'rate_limited' });
      expect(await telemetry.recordExit('demo', report({ exitId: 'e0' }))).toEqual({ duplicate: true });
      expect(await storage.exitReports('c1')).toHaveLength(LIMITS.maxExitReportsPerConversation);
    });

    it.each([
      ['an unknown token', 'demo', report({ token: 'never-issued-token-0123456789' })],
      ["another site's token", 'demo', report({ token: OTHER_TOKEN })],
      ['a token used on another site', 'other', report()],
    ])('refuses %s as unauthorized and stores nothing', async (_name, site, exit) => {
      const error = await telemetry.recordExit(site, exit).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BatonError);
      expect(error).toMatchObject({ code: 'unauthorized' });
      expect(await storage.exitReports('c1')).toEqual([]);
      expect(await storage.exitReports('c2')).toEqual([]);
      expect(lines).toEqual([]);
    });
  });

  describe('#recordEvents', () => {
    it('stores the events with the texts left out, everything else kept', async () => {
      const events: WidgetEvent[] = [
        { t: 1, type: 'open' },
        { t: 2, type: 'send', text: 'where is my order?' },
        { t: 3, type: 'reply', from: 'bot', text: 'It ships today.', confidence: 0.4 },
        { t: 4, type: 'reply', from: 'agent', text: 'Hi, Dana here.', confidence: null },
        { t: 5, type: 'reply', from: 'bot' },
        { t: 6, type: 'click', x: 5, y: -3, target: 'button' },
        { t: 7, type: 'typing', chars: 20, deletes: 15 },
      ];
      await telemetry.recordEvents('c1', events);
      const stored = await storage.widgetEvents('c1', 50);
      expect(stored).toEqual([
        { t: 1, type: 'open' },
        { t: 2, type: 'send' },
        { t: 3, type: 'reply', from: 'bot', confidence: 0.4 },
        { t: 4, type: 'reply', from: 'agent', confidence: null },
        { t: 5, type: 'reply', from: 'bot' },
        { t: 6, type: 'click', x: 5, y: -3, target: 'button' },
        { t: 7, type: 'typing', chars: 20, deletes: 15 },
      ]);
      expect(JSON.stringify(stored)).not.toContain('order');
      expect(events[1]).toEqual({ t: 2, type: 'send', text: 'where is my order?' }); // the caller's batch is left as it was
    });

    it('appends batches in order and ignores an empty one', async () => {
      await telemetry.recordEvents('c1', [{ t: 1, type: 'open' }]);
      await telemetry.recordEvents('c1', []);
      await telemetry.recordEvents('c1', [{ t: 2, type: 'hidden' }, { t: 3, type: 'visible' }]);
      expect(await storage.widgetEvents('c1', 2)).toEqual([
        { t: 2, type: 'hidden' },
        { t: 3, type: 'visible' },
      ]);
      expect(await storage.widgetEvents('c1', 10)).toHaveLength(3);
    });
  });
});
