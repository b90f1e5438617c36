import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExitReport } from '../../shared/frames/telemetry.ts';
import { LIMITS } from '../../shared/limits.ts';
import { DEMO_DIR } from '../paths.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import type { StoredExitReport } from '../storage/types.ts';
import { CONSOLE, SHOP, startHarness, type Harness } from '../testing/harness.ts';

const OTHER = 'http://other.test';
const site = (id: string, origin: string) => ({ id, name: id, allowedOrigins: [origin], kb: join(DEMO_DIR, 'kb'), policy: join(DEMO_DIR, 'policy.json') });

describe('POST /api/sites/:site/exit', () => {
  let h: Harness;
  let token: string;
  let conversationId: string;

  beforeEach(async () => {
    h = await startHarness({ sites: [site('demo', SHOP), site('other', OTHER)] });
    const started = await h.baton.conversations.log.start('demo', {});
    token = started.token;
    conversationId = started.record.id;
  });
  afterEach(async () => {
    await h.close();
  });

  const report = (overrides: Partial<ExitReport> = {}): ExitReport => ({
    token,
    exitId: 'exit_1',
    abandoned: true,
    rageQuit: false,
    stage: 'after_reply',
    frustration: 0.45,
    maxFrustration: 0.8,
    signals: ['repeat_question', 'down_feedback'],
    lastConfidence: 0.3,
    ...overrides,
  });

  /** What navigator.sendBeacon(url, string) sends: a text/plain body, no preflight. */
  const beacon = (body: string | object, { origin = SHOP, siteId = 'demo', type = 'text/plain;charset=UTF-8' } = {}) =>
    fetch(`${h.baton.url}/api/sites/${siteId}/exit`, {
      method: 'POST',
      headers: { origin, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** Read back through a second handle on the same database file. */
  async function stored(id = conversationId): Promise<StoredExitReport[]> {
    const storage = new SqliteStorage(h.config.dbPath);
    try {
      return await storage.exitReports(id);
    } finally {
      await storage.close();
    }
  }

  const withoutToken = ({ token: _token, ...rest }: ExitReport) => rest;

  it('stores a beacon (text/plain) from an allowed origin and answers 204 with a CORS grant for that origin', async () => {
    const before = Date.now();
    const res = await beacon(report());
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    const reports = await stored();
    expect(reports).toEqual([{ ...withoutToken(report()), at: expect.any(Number) }]);
    expect(reports[0]?.at).toBeGreaterThanOrEqual(before);
    expect(JSON.stringify(reports)).not.toContain(token);
  });

  it('accepts application/json (fetch keepalive) and a body with no type at all', async () => {
    expect((await beacon(report({ exitId: 'exit_json' }), { type: 'application/json' })).status).toBe(204);
    const untyped = await fetch(`${h.baton.url}/api/sites/demo/exit`, {
      method: 'POST',
      headers: { origin: SHOP },
      body: new TextEncoder().encode(JSON.stringify(report({ exitId: 'exit_raw', stage: 'queued', lastConfidence: null }))),
    });
    expect(untyped.status).toBe(204);
    expect((await stored()).map((r) => [r.exitId, r.stage, r.lastConfidence])).toEqual([
      ['exit_json', 'after_reply', 0.3],
      ['exit_raw', 'queued', null],
    ]);
  });

  it('stores a repeated exitId once and answers the repeat 204 too', async () => {
    expect((await beacon(report())).status).toBe(204);
    expect((await beacon(report({ rageQuit: true }), { type: 'application/json' })).status).toBe(204);
    expect(await stored()).toEqual([{ ...withoutToken(report()), at: expect.any(Number) }]);
  });

  it('refuses an unknown token with 401 and stores nothing', async () => {
    const res = await beacon(report({ token: 'not-a-token-anybody-was-given' }));
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(await stored()).toEqual([]);
  });

  it("refuses a token of another site's conversation with 401", async () => {
    const res = await beacon(report(), { origin: OTHER, siteId: 'other' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await stored()).toEqual([]);
  });

  it.each([
    ['stage', { stage: 'gone' }],
    ['frustration', { frustration: 1.5 }],
    ['signals', { signals: ['rage_click', 'sulking'] }, /^exit\.signals\.1: /],
    ['exitId', { exitId: 'no spaces allowed' }],
    ['token', { token: 'short' }],
  ])('refuses a bad %s with 400 bad_frame naming it', async (field, overrides, pattern = new RegExp(`^exit\\.${field}: `)) => {
    const res = await beacon({ ...report(), ...overrides });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_frame');
    expect(body.error.message).toMatch(pattern);
    expect(await stored()).toEqual([]);
  });

  it('names a missing field and a body that is not an object', async () => {
    const { abandoned: _abandoned, ...missing } = report();
    const res = await beacon(missing);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_frame', message: expect.stringMatching(/^exit\.abandoned: /) } });
    for (const body of ['[1,2]', 'null', '"exit"', '42']) {
      const res = await beacon(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'bad_frame', message: 'exit: must be a JSON object' } });
    }
  });

  it.each([
    ['text/plain', 'text/plain;charset=UTF-8'],
    ['application/json', 'application/json'],
  ])('refuses malformed JSON sent as %s with 400', async (_name, type) => {
    const res = await beacon('{"token": "abc', { type });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'bad_frame', message: 'body is not valid JSON' } });
    expect(await stored()).toEqual([]);
  });

  it('refuses a charset it cannot decode with 415', async () => {
    const res = await beacon(report(), { type: 'text/plain;charset=x-no-such-charset' });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media' } });
    expect(await stored()).toEqual([]);
  });

  it('refuses an empty body with 400', async () => {
    const res = await fetch(`${h.baton.url}/api/sites/demo/exit`, { method: 'POST', headers: { origin: SHOP } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_frame', message: 'body is not valid JSON' } });
  });

  it(`refuses a body over ${LIMITS.maxExitReportBytes} bytes with 413 too_long`, async () => {
    const big = JSON.stringify({ ...report(), padding: 'x'.repeat(LIMITS.maxExitReportBytes) });
    const res = await beacon(big);
    expect(res.status).toBe(413);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(await res.json()).toMatchObject({ error: { code: 'too_long' } });
    expect(await stored()).toEqual([]);
    // Just under the limit is read (the unknown field is dropped by the schema).
    const fits = JSON.stringify({ ...report(), padding: '' });
    const padded = JSON.stringify({ ...report(), padding: 'x'.repeat(LIMITS.maxExitReportBytes - fits.length) });
    expect(Buffer.byteLength(padded)).toBe(LIMITS.maxExitReportBytes);
    expect((await beacon(padded)).status).toBe(204);
    expect(await stored()).toEqual([{ ...withoutToken(report()), at: expect.any(Number) }]);
  });

  it.each([
    ['a disallowed origin', { origin: 'http://shop.test.evil.com' }],
    ['the console origin', { origin: CONSOLE }],
    ["another site's origin", { origin: OTHER }],
  ])('refuses %s with 403 and no CORS grant', async (_name, options) => {
    const res = await beacon(report(), options);
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect(await stored()).toEqual([]);
  });

  it('refuses no Origin with 403 and an unknown site with 404', async () => {
    const bare = await fetch(`${h.baton.url}/api/sites/demo/exit`, { method: 'POST', body: JSON.stringify(report()) });
    expect(bare.status).toBe(403);
    expect((await beacon(report(), { siteId: 'nope' })).status).toBe(404);
    expect(await stored()).toEqual([]);
  });

  it('loses nothing: a refused report leaves its exitId free for the real one', async () => {
    expect((await beacon(report(), { origin: 'http://evil.test' })).status).toBe(403);
    expect((await beacon(report({ token: 'not-a-token-anybody-was-given' }))).status).toBe(401);
    expect((await beacon({ ...report(), stage: 'gone' })).status).toBe(400);
    expect(await stored()).toEqual([]);
    expect((await beacon(report())).status).toBe(204);
    expect(await stored()).toEqual([{ ...withoutToken(report()), at: expect.any(Number) }]);
    const record = await h.baton.conversations.log.byToken(token);
    expect(record).toMatchObject({ id: conversationId, lastSeq: 0, state: 'bot' }); // no log entry, no state change
  });
});
