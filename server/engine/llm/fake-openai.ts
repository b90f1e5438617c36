/**
 * A scripted OpenAI-compatible server for tests: real HTTP on 127.0.0.1, port 0,
 * POST /v1/chat/completions only, JSON or SSE like the real API. Each request
 * takes the next scripted behaviour; every request is recorded for assertions.
 *
 * Wire shapes follow https://platform.openai.com/docs/api-reference/chat (the
 * SDK parses exactly these): chunks as `data: {json}\n\n`, then `data: [DONE]`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeFinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

export type FakeBehaviour =
  /**
   * A normal answer. `text` per choice (cycled when the request asks for more `n`);
   * `logprobs`: true gives every token -0.1, an array gives per-token values (cycled).
   * `finishReason: null` ends the stream cleanly ([DONE]) but without a finish reason.
   * `chunkDelayMs`: before each streamed token; for a non-streaming answer, once before the body.
   */
  | {
      kind: 'reply';
      text: string | readonly string[];
      logprobs?: boolean | readonly number[];
      finishReason?: FakeFinishReason | null;
      chunkDelayMs?: number;
    }
  /** An HTTP error with an OpenAI-style body: `{ error: { message, type, param, code } }`. */
  | { kind: 'error'; status: number; message?: string; type?: string; code?: string | null }
  /** Accept the request and never answer, until the client gives up or the server closes. */
  | { kind: 'hang' }
  /** Stream `afterChunks` content chunks, then destroy the socket mid-body. */
  | { kind: 'cut'; text: string; afterChunks: number }
  /** Stream `afterChunks` content chunks, then go silent with the response still open. */
  | { kind: 'stall'; text: string; afterChunks: number }
  /** Stream `afterChunks` content chunks, then an in-stream `{ error }` event. */
  | { kind: 'stream_error'; text: string; afterChunks: number; message: string };

export interface RecordedMessage {
  role: string;
  /** Text content; array-of-parts content is joined. */
  content: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  /** The parsed body; null when it was not a JSON object. */
  body: RecordedBody | null;
}

export interface RecordedBody {
  model: string;
  stream: boolean;
  n: number;
  logprobs: boolean;
  messages: RecordedMessage[];
  /** The whole JSON body, for fields not lifted above. */
  raw: Readonly<Record<string, unknown>>;
}

export interface FakeOpenAI {
  /** Pass as the SDK's `baseURL`: `http://127.0.0.1:<port>/v1`. */
  readonly baseURL: string;
  readonly requests: readonly RecordedRequest[];
  /** Queue behaviours; each request takes the next one. */
  script(...behaviours: FakeBehaviour[]): void;
  /** Ends every open response (hung ones too) and stops listening. Safe to call twice. */
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  /** What a request gets when the script is empty. Default: a 500 naming the gap. */
  fallback?: FakeBehaviour;
  /**
   * Answers a request by what it asks, before the script: return a behaviour, or
   * undefined to take the script's next. For callers that send requests in
   * parallel (a safety check beside a draft), whose arrival order is not fixed.
   */
  respond?: (body: RecordedBody) => FakeBehaviour | undefined;
}

const UNSCRIPTED: FakeBehaviour = { kind: 'error', status: 500, message: 'fake-openai: no scripted behaviour left', type: 'server_error' };

/** Whitespace stays attached to the word after it, so the tokens join back to the text. */
export function fakeTokens(text: string): string[] {
  return text.match(/^\s+|\s*\S+|\s+$/g) ?? [];
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const queue: FakeBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed: Promise<void> | null = null;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      // A test helper failing must be loud, not a silent hang.
      if (!res.headersSent) sendError(res, 500, `fake-openai: ${String(error)}`, 'server_error', null);
      else res.destroy();
    });
  });

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0] ?? '';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const body = parseBody(raw);
    requests.push({ method: req.method ?? '', path, headers, body });

    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendError(res, 404, `fake-openai: no route ${req.method ?? ''} ${path}`, 'invalid_request_error', 'not_found');
      return;
    }
    if (!body) {
      sendError(res, 400, 'fake-openai: body is not a JSON object', 'invalid_request_error', null);
      return;
    }
    const behaviour = options.respond?.(body) ?? queue.shift() ?? options.fallback ?? UNSCRIPTED;
    if (behaviour.kind === 'error') {
      const type = behaviour.type ?? (behaviour.status === 429 ? 'requests' : behaviour.status >= 500 ? 'server_error' : 'invalid_request_error');
      const code = behaviour.code !== undefined ? behaviour.code : behaviour.status === 429 ? 'rate_limit_exceeded' : null;
      sendError(res, behaviour.status, behaviour.message ?? `fake-openai: scripted ${behaviour.status}`, type, code);
      return;
    }
    if (behaviour.kind === 'hang') return; // the socket stays open until the client or close() ends it
    if (body.stream) await stream(res, body, behaviour);
    else await whole(res, body, behaviour);
  }

  async function whole(res: ServerResponse, body: RecordedBody, b: Exclude<FakeBehaviour, { kind: 'error' | 'hang' }>): Promise<void> {
    if (b.kind === 'stall') return;
    if (b.kind === 'stream_error') {
      sendError(res, 500, b.message, 'server_error', null);
      return;
    }
    if (b.kind === 'reply' && b.chunkDelayMs) await sleep(b.chunkDelayMs);
    if (res.destroyed) return;
    const created = Math.floor(Date.now() / 1000);
    const texts = b.kind === 'reply' ? asArray(b.text) : [b.text];
    const spec = b.kind === 'reply' && b.logprobs ? b.logprobs : null;
    const choices = Array.from({ length: body.n }, (_, index) => {
      const text = texts[index % texts.length] ?? '';
      return {
        index,
        message: { role: 'assistant', content: text, refusal: null },
        logprobs: spec ? { content: fakeTokens(text).map((t, i) => tokenLogprob(t, lp(spec, i))), refusal: null } : null,
        finish_reason: b.kind === 'reply' ? (b.finishReason === undefined ? 'stop' : b.finishReason) : 'stop',
      };
    });
    const json = JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion', created, model: body.model, choices, usage: null });
    if (b.kind === 'cut') {
      // Headers and half the body, then the socket goes.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(json)) });
      res.write(json.slice(0, Math.floor(json.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(json);
  }

  async function stream(res: ServerResponse, body: RecordedBody, b: Exclude<FakeBehaviour, { kind: 'error' | 'hang' }>): Promise<void> {
    const created = Math.floor(Date.now() / 1000);
    const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created, model: body.model };
    const texts = b.kind === 'reply' ? asArray(b.text) : [b.text];
    const tokens = Array.from({ length: body.n }, (_, i) => fakeTokens(texts[i % texts.length] ?? ''));
    const limit = b.kind === 'reply' ? Infinity : b.afterChunks;
    const delay = b.kind === 'reply' ? (b.chunkDelayMs ?? 0) : 0;

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (data: unknown): Promise<void> =>
      new Promise((resolve) => {
        if (res.destroyed) return resolve();
        res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`, () => resolve());
      });

    for (let index = 0; index < body.n; index++) {
      await send({ ...base, choices: [{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] });
    }
    // Choices interleave token by token, as the real API does with n > 1.
    const longest = Math.max(0, ...tokens.map((t) => t.length));
    let sent = 0;
    for (let at = 0; at < longest; at++) {
      for (let index = 0; index < body.n; index++) {
        const token = tokens[index]?.[at];
        if (token === undefined) continue;
        if (sent >= limit) return stop(res, b, send);
        if (delay > 0) await sleep(delay);
        if (res.destroyed) return;
        const logprobs = b.kind === 'reply' && b.logprobs ? { content: [tokenLogprob(token, lp(b.logprobs, at))], refusal: null } : null;
        await send({ ...base, choices: [{ index, delta: { content: token }, logprobs, finish_reason: null }] });
        sent++;
      }
    }
    if (b.kind !== 'reply') return stop(res, b, send);
    const finish = b.finishReason === undefined ? 'stop' : b.finishReason;
    if (finish !== null) {
      for (let index = 0; index < body.n; index++) {
        await send({ ...base, choices: [{ index, delta: {}, logprobs: null, finish_reason: finish }] });
      }
    }
    await send('[DONE]');
    res.end();
  }

  async function stop(res: ServerResponse, b: Exclude<FakeBehaviour, { kind: 'error' | 'hang' }>, send: (data: unknown) => Promise<void>): Promise<void> {
    if (b.kind === 'cut') {
      res.socket?.destroy(); // chunks above were flushed (write callbacks) before this
    } else if (b.kind === 'stream_error') {
      await send({ error: { message: b.message, type: 'server_error', param: null, code: null } });
      res.end();
    }
    // 'stall': leave the response open.
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...behaviours) => void queue.push(...behaviours),
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung and streaming responses would keep close() waiting forever.
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message, type, param: null, code } }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isRecord(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('');
}

function parseBody(raw: string): RecordedBody | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(json)) return null;
  const messages = Array.isArray(json['messages']) ? json['messages'] : [];
  return {
    model: typeof json['model'] === 'string' ? json['model'] : '',
    stream: json['stream'] === true,
    n: typeof json['n'] === 'number' && json['n'] >= 1 ? Math.floor(json['n']) : 1,
    logprobs: json['logprobs'] === true,
    messages: messages.map((m) => ({
      role: isRecord(m) && typeof m['role'] === 'string' ? m['role'] : '',
      content: isRecord(m) ? contentText(m['content']) : '',
    })),
    raw: json,
  };
}

function asArray(text: string | readonly string[]): readonly string[] {
  return typeof text === 'string' ? [text] : text.length > 0 ? text : [''];
}

function lp(spec: true | readonly number[], i: number): number {
  return spec === true ? -0.1 : (spec[i % spec.length] ?? -0.1);
}

function tokenLogprob(token: string, logprob: number): { token: string; logprob: number; bytes: number[]; top_logprobs: never[] } {
  return { token, logprob, bytes: [...Buffer.from(token, 'utf8')], top_logprobs: [] };
}
