import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeTokens, startFakeOpenAI, type FakeOpenAI } from './fake-openai.ts';

const BOUND = 5_000;

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

const post = (body: unknown, signal?: AbortSignal): Promise<Response> =>
  fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

describe('fakeTokens', () => {
  it('splits into tokens that join back to the text', () => {
    for (const text of ['Hello world.', '  lead and trail  ', 'one', '', 'a\n\nb']) expect(fakeTokens(text).join('')).toBe(text);
    expect(fakeTokens('Hello big world')).toEqual(['Hello', ' big', ' world']);
  });
});

describe('startFakeOpenAI', () => {
  it('listens on 127.0.0.1 with a /v1 base URL', () => {
    expect(fake.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('answers a non-streaming request with n choices and logprobs', { timeout: BOUND }, async () => {
    fake.script({ kind: 'reply', text: ['a b', 'c'], logprobs: true });
    const res = await post({ model: 'm', messages: [{ role: 'user', content: 'hi' }], n: 3 });
    expect(res.status).toBe(200);
    const json: unknown = await res.json();
    expect(json).toMatchObject({
      object: 'chat.completion',
      choices: [
        { index: 0, message: { content: 'a b' }, finish_reason: 'stop', logprobs: { content: [{ token: 'a', logprob: -0.1 }, { token: ' b', logprob: -0.1 }] } },
        { index: 1, message: { content: 'c' } },
        { index: 2, message: { content: 'a b' } },
      ],
    });
  });

  it('waits chunkDelayMs once before a non-streaming answer', { timeout: BOUND }, async () => {
    fake.script({ kind: 'reply', text: 'late', chunkDelayMs: 120 });
    const started = Date.now();
    const res = await post({ model: 'm', messages: [] });
    expect(await res.json()).toMatchObject({ choices: [{ message: { content: 'late' } }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('streams SSE chunks ending in [DONE]', { timeout: BOUND }, async () => {
    fake.script({ kind: 'reply', text: 'a b' });
    const res = await post({ model: 'm', messages: [], stream: true });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((e): unknown => JSON.parse(e.slice(6)));
    expect(chunks).toHaveLength(4); // role, 'a', ' b', finish
    expect(chunks[1]).toMatchObject({ choices: [{ delta: { content: 'a' }, finish_reason: null }] });
    expect(chunks[3]).toMatchObject({ choices: [{ delta: {}, finish_reason: 'stop' }] });
  });

  it('sends OpenAI-style error bodies', { timeout: BOUND }, async () => {
    fake.script({ kind: 'error', status: 429 }, { kind: 'error', status: 500, message: 'boom' });
    const limited = await post({ model: 'm', messages: [] });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: { message: 'fake-openai: scripted 429', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
    const failed = await post({ model: 'm', messages: [] });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: { message: 'boom', type: 'server_error', param: null, code: null } });
  });

  it('answers 500 when the script has run out', { timeout: BOUND }, async () => {
    const res = await post({ model: 'm', messages: [] });
    expect(res.status).toBe(500);
  });

  it('answers by request before the script when told to, and falls back to the script', { timeout: BOUND }, async () => {
    const picky = await startFakeOpenAI({ respond: (body) => (body.stream ? undefined : { kind: 'reply', text: 'chosen' }) });
    try {
      picky.script({ kind: 'reply', text: 'scripted' });
      const call = (stream: boolean) =>
        fetch(`${picky.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'm', messages: [], stream }) });
      expect(await (await call(false)).json()).toMatchObject({ choices: [{ message: { content: 'chosen' } }] });
      expect(await (await call(true)).text()).toContain('scripted');
    } finally {
      await picky.close();
    }
  });

  it('records each request with its parsed body and headers', { timeout: BOUND }, async () => {
    fake.script({ kind: 'reply', text: 'ok' });
    await (await post({ model: 'm', messages: [{ role: 'system', content: [{ type: 'text', text: 'rules' }] }], logprobs: true })).text();
    expect(fake.requests).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/v1/chat/completions',
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
        body: expect.objectContaining({ model: 'm', stream: false, n: 1, logprobs: true, messages: [{ role: 'system', content: 'rules' }] }),
      }),
    ]);
  });

  it('closes cleanly while a request hangs, and twice', { timeout: BOUND }, async () => {
    fake.script({ kind: 'hang' });
    const pending = post({ model: 'm', messages: [] }).then(
      () => 'answered',
      () => 'failed',
    );
    // Wait until the server has the request, then close under it.
    while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await fake.close();
    await fake.close();
    expect(await pending).toBe('failed');
  });

  it('closes cleanly while a stream stalls', { timeout: BOUND }, async () => {
    fake.script({ kind: 'stall', text: 'a b c', afterChunks: 1 });
    const res = await post({ model: 'm', messages: [], stream: true });
    const body = res.text().then(
      () => 'ended',
      () => 'failed',
    );
    await fake.close();
    expect(await body).toBe('failed');
  });
});
