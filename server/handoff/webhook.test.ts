import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HandoffData } from '../../shared/webhooks.ts';
import { type WebhookEvent, type WebhookOptions, Webhooks, signature } from './webhook.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  at: number;
}

type Respond = (res: ServerResponse, index: number, req: Received) => void;

interface LogLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

const SECRET = 'whsec-test-3f9a7c';

// Non-ASCII so that signing characters instead of utf8 bytes would show.
const DATA: HandoffData = {
  reason: 'visitor_request',
  urgent: false,
  intent: { name: 'café_order', score: 0.5 },
  confidence: 0.4,
  flags: [],
  frustration: null,
  visitor: { page: 'https://shop.test/café ☕', user: { id: 'u1', name: 'Zoë' } },
};

const event = (conversationId = 'c1'): WebhookEvent => ({ type: 'conversation.handoff', conversationId, at: 1_700_000_000_000, data: DATA });

const hmac = (secret: string, raw: Buffer) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(2);
  }
}

describe('Webhooks', () => {
  let server: Server;
  let url: string;
  let host: string;
  let received: Received[];
  let respond: Respond;
  let logs: LogLine[];
  let webhooks: Webhooks | undefined;

  const log: WebhookOptions['log'] = {
    info: (msg, fields = {}) => logs.push({ level: 'info', msg, fields }),
    warn: (msg, fields = {}) => logs.push({ level: 'warn', msg, fields }),
    error: (msg, fields = {}) => logs.push({ level: 'error', msg, fields }),
  };
  const at = (level: LogLine['level']) => logs.filter((l) => l.level === level);

  const make = (options: Partial<WebhookOptions> = {}, targetFor = (site: string) => (site === 'demo' ? { url, secret: SECRET } : null)) => {
    webhooks = new Webhooks(targetFor, { baseDelayMs: 5, maxDelayMs: 50, timeoutMs: 1000, log, ...options });
    return webhooks;
  };

  beforeEach(async () => {
    received = [];
    logs = [];
    respond = (res) => res.writeHead(200).end();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const r: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks), at: Date.now() };
        received.push(r);
        respond(res, received.length - 1, r);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    host = `127.0.0.1:${port}`;
    url = `http://${host}/hooks/baton?site=demo`;
  });

  afterEach(async () => {
    webhooks?.close();
    webhooks = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('posts exactly the event JSON, signed over the raw bytes received', async () => {
    const wh = make();
    // A field beyond the envelope (a caller's mistake) is not sent.
    wh.send('demo', { ...event(), extra: 'not sent' } as unknown as WebhookEvent);
    await wh.drain();

    expect(received).toHaveLength(1);
    const [req] = received;
    if (!req) throw new Error('no request');
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hooks/baton?site=demo');
    expect(JSON.parse(req.raw.toString('utf8'))).toStrictEqual({
      type: 'conversation.handoff',
      conversationId: 'c1',
      at: 1_700_000_000_000,
      data: DATA,
    });
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['user-agent']).toBe('Baton-Webhook/1');
    expect(req.headers['x-baton-event']).toBe('conversation.handoff');
    expect(req.headers['x-baton-delivery']).toMatch(/^[\w-]{16,}$/);

    const sig = req.headers['x-baton-signature'];
    expect(sig).toBe(hmac(SECRET, req.raw));
    expect(sig).not.toBe(hmac('wrong-secret', req.raw));
    expect(signature(SECRET, req.raw.toString('utf8'))).toBe(sig);

    expect(at('info').map((l) => l.fields.conversationId)).toEqual(['c1']);
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('Zoë');
  });

  it('retries 500, 500 then delivers on the third attempt with the same body, signature and delivery id', async () => {
    respond = (res, i) => res.writeHead(i < 2 ? 500 : 200).end();
    const wh = make();
    wh.send('demo', event());
    await wh.drain();

    expect(received).toHaveLength(3);
    const [first, ...rest] = received;
    if (!first) throw new Error('no request');
    for (const r of rest) {
      expect(r.raw.equals(first.raw)).toBe(true);
      expect(r.headers['x-baton-signature']).toBe(first.headers['x-baton-signature']);
      expect(r.headers['x-baton-delivery']).toBe(first.headers['x-baton-delivery']);
    }
    expect(first.headers['x-baton-signature']).toBe(hmac(SECRET, first.raw));
    expect(at('error')).toHaveLength(0);
    expect(at('info')).toMatchObject([{ msg: 'webhook delivered', fields: { attempts: 3, status: 200 } }]);
  });

  it('does not retry a 400', async () => {
    respond = (res) => res.writeHead(400).end();
    const wh = make();
    wh.send('demo', event());
    await wh.drain();
    await sleep(60); // longer than any retry could wait

    expect(received).toHaveLength(1);
    expect(at('warn')).toMatchObject([{ fields: { conversationId: 'c1', status: 400, host } }]);
    expect(at('error')).toHaveLength(0);
    expect(at('info')).toHaveLength(0);
  });

  it('does not follow a redirect or count it as delivered', async () => {
    respond = (res) => res.writeHead(302, { Location: '/elsewhere' }).end();
    const wh = make();
    wh.send('demo', event());
    await wh.drain();
    await sleep(60);

    expect(received.map((r) => r.url)).toEqual(['/hooks/baton?site=demo']);
    expect(at('warn')).toMatchObject([{ fields: { status: 302 } }]);
    expect(at('info')).toHaveLength(0);
  });

  it('times out an endpoint that never answers, retries, then gives up with one error log', async () => {
    respond = () => {}; // hold every request open
    const wh = make({ timeoutMs: 100, maxAttempts: 3 });
    wh.send('demo', {
      type: 'conversation.offline',
      conversationId: 'c9',
      at: 1_700_000_000_000,
      data: { email: 'a@b.test', state: 'offline', reason: null, visitor: {}, transcript: [] },
    });
    await wh.drain();

    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.headers['x-baton-delivery'])).size).toBe(1);
    // Each attempt waited for its own timeout rather than failing at once.
    const second = received[1];
    const third = received[2];
    if (!second || !third) throw new Error('missing requests');
    expect(third.at - second.at).toBeGreaterThanOrEqual(90);
    expect(at('error')).toHaveLength(1);
    expect(at('error')[0]?.fields).toMatchObject({
      type: 'conversation.offline',
      conversationId: 'c9',
      host,
      attempts: 3,
      error: 'timeout',
    });
  });

  it('retries a 429 with Retry-After: 0', async () => {
    respond = (res, i) => (i === 0 ? res.writeHead(429, { 'Retry-After': '0' }).end() : res.writeHead(204).end());
    const wh = make();
    wh.send('demo', event());
    await wh.drain();

    expect(received).toHaveLength(2);
    expect(at('info')).toMatchObject([{ fields: { attempts: 2, status: 204 } }]);
  });

  it('waits for Retry-After on a 503, capped at maxDelayMs', async () => {
    respond = (res, i) => (i === 0 ? res.writeHead(503, { 'Retry-After': '30' }).end() : res.writeHead(200).end());
    // random 0 makes the backoff its floor (2.5ms), so any longer wait comes from Retry-After.
    const wh = make({ random: () => 0 });
    wh.send('demo', event());
    await wh.drain();

    expect(received).toHaveLength(2);
    const [a, b] = received;
    if (!a || !b) throw new Error('missing requests');
    expect(b.at - a.at).toBeGreaterThanOrEqual(40);
    expect(b.at - a.at).toBeLessThan(1000);
  });

  it('sends nothing for a site without a target', async () => {
    const asked: string[] = [];
    const wh = make({}, (site) => {
      asked.push(site);
      return site === 'demo' ? { url, secret: SECRET } : null;
    });
    wh.send('elsewhere', event());
    await wh.drain();
    await sleep(30);

    expect(asked).toEqual(['elsewhere']);
    expect(received).toHaveLength(0);
    expect(logs).toHaveLength(0);
  });

  it('never throws from send, even when the target lookup does', async () => {
    const wh = make({}, () => {
      throw new Error('config broken');
    });
    expect(() => wh.send('demo', event())).not.toThrow();
    await wh.drain();
    expect(received).toHaveLength(0);
    expect(at('error')).toMatchObject([{ fields: { site: 'demo', conversationId: 'c1' } }]);
  });

  it('drops the oldest pending delivery beyond maxPending', async () => {
    const held: ServerResponse[] = [];
    respond = (res) => held.push(res);
    const wh = make({ maxPending: 2, timeoutMs: 5000 });
    wh.send('demo', event('c1'));
    wh.send('demo', event('c2'));
    await until(() => received.length === 2);
    wh.send('demo', event('c3'));
    await until(() => received.length === 3);

    expect(at('warn')).toMatchObject([{ fields: { conversationId: 'c1', maxPending: 2 } }]);
    for (const res of held) res.writeHead(200).end();
    await wh.drain();
    await sleep(60);

    const ids = received.map((r) => (JSON.parse(r.raw.toString('utf8')) as { conversationId: string }).conversationId);
    expect(ids.sort()).toEqual(['c1', 'c2', 'c3']); // c1 was not retried
    expect(at('info').map((l) => l.fields.conversationId).sort()).toEqual(['c2', 'c3']);
    expect(at('warn')).toHaveLength(1);
  });

  it('close() stops further retries', async () => {
    respond = (res) => res.writeHead(500).end();
    // random 1 makes every retry wait exactly 40ms, so a close 15ms after a request lands mid-wait.
    const wh = make({ maxAttempts: 50, baseDelayMs: 40, maxDelayMs: 40, random: () => 1 });
    wh.send('demo', event());
    await until(() => received.length >= 2);
    await sleep(15);
    wh.close();
    const seen = received.length;
    await wh.drain();
    await sleep(150); // several retry delays

    expect(received).toHaveLength(seen);
    expect(logs.filter((l) => l.msg.includes('abandoned'))).toMatchObject([{ level: 'warn', fields: { count: 1 } }]);
    expect(at('error')).toHaveLength(0);

    wh.send('demo', event('c2'));
    await sleep(30);
    expect(received).toHaveLength(seen);
  });
});
