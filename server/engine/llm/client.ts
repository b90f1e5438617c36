/**
 * The one door to an OpenAI-compatible chat endpoint. It owns the time limits
 * and turns every upstream failure into one of four stable codes; the upstream's
 * own words go to the `log` hook only, never into a result a visitor could see.
 *
 * Time limits. The SDK's `timeout` stops at the response headers (its
 * fetchWithTimeout clears the timer once fetch resolves), so a stream that
 * starts and then goes quiet would wait forever. Hence our own AbortController:
 * a deadline for the whole call, and a stall timer re-armed by every chunk.
 * Note that the SDK ends a stream silently when its signal aborts (no throw),
 * so the reason is kept here, not read from an error.
 *
 * Retries are off (`maxRetries: 0`): the caller decides between retrying,
 * answering from the knowledge base, or handing over.
 */
import OpenAI, { APIConnectionTimeoutError, APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';

export type LlmError = 'timeout' | 'rate_limited' | 'upstream' | 'cut';

export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One failed call, for the server log. `detail` is upstream text: log it, never show it. */
export type LlmLogEvent = {
  op: string;
  error: LlmError;
  /** HTTP status when there was one. */
  status: number | null;
  detail: string;
  elapsedMs: number;
};

/** Structurally the SDK's own `Fetch`; `globalThis.fetch` fits. */
export type LlmFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface LlmClientOptions {
  /** e.g. `https://api.openai.com/v1`, or any OpenAI-compatible server. */
  baseURL: string;
  apiKey: string;
  model: string;
  /** The whole call, request sent to last chunk, in ms. */
  timeoutMs: number;
  /** Longest silence between two stream chunks, in ms. Default: min(timeoutMs, 10 000). */
  stallMs?: number;
  fetch?: LlmFetch;
  /** Called once per failed call. Wire it to the server logger. */
  log?: (event: LlmLogEvent) => void;
}

export interface StreamRequest {
  /** Names the call in logs: 'draft', 'safety', ... */
  op: string;
  messages: readonly LlmMessage[];
  logprobs: boolean;
  temperature?: number;
  maxTokens?: number;
}

export interface CompleteRequest {
  op: string;
  messages: readonly LlmMessage[];
  /** How many samples (choices) to ask for. Default 1. */
  n?: number;
  temperature?: number;
  maxTokens?: number;
}

export type StreamResult = { ok: true; text: string; logprobs: number[] | null } | { ok: false; error: LlmError };
export type CompleteResult = { ok: true; texts: string[] } | { ok: false; error: LlmError };

export interface LlmClient {
  readonly model: string;
  /** Streams choice 0 token by token to `onToken`; ok only when the model says it stopped. */
  stream(request: StreamRequest, onToken?: (token: string) => void, signal?: AbortSignal): Promise<StreamResult>;
  /** One non-streaming call; ok with the text of every choice that stopped normally. */
  complete(request: CompleteRequest, signal?: AbortSignal): Promise<CompleteResult>;
  /** Report a failure found above this layer (e.g. unusable model output). */
  log(event: LlmLogEvent): void;
}

type StopCause = 'deadline' | 'stall' | 'caller';

/** Deadline, stall timer and caller signal folded into one AbortSignal that remembers why it fired. */
interface Guard {
  readonly signal: AbortSignal;
  readonly cause: StopCause | null;
  armStall(): void;
  dispose(): void;
}

function guard(timeoutMs: number, stallMs: number, caller: AbortSignal | undefined): Guard {
  const controller = new AbortController();
  let cause: StopCause | null = null;
  let stall: NodeJS.Timeout | undefined;
  const stop = (why: StopCause): void => {
    if (cause) return;
    cause = why;
    controller.abort();
  };
  const onCaller = (): void => stop('caller');
  const deadline = setTimeout(() => stop('deadline'), timeoutMs);
  if (caller?.aborted) stop('caller');
  else caller?.addEventListener('abort', onCaller, { once: true });
  return {
    signal: controller.signal,
    get cause() {
      return cause;
    },
    armStall() {
      clearTimeout(stall);
      stall = setTimeout(() => stop('stall'), stallMs);
    },
    dispose() {
      clearTimeout(deadline);
      clearTimeout(stall);
      caller?.removeEventListener('abort', onCaller);
    },
  };
}

/**
 * The stable code for a failure. Our own stop wins over whatever the SDK threw
 * for it (an abort surfaces as APIUserAbortError or not at all). A caller abort
 * is `cut`: the answer was interrupted and must not be used.
 */
export function classifyFailure(error: unknown, cause: StopCause | null, phase: 'request' | 'stream'): LlmError {
  if (cause === 'deadline' || cause === 'stall') return 'timeout';
  if (cause === 'caller') return 'cut';
  if (error instanceof APIConnectionTimeoutError) return 'timeout';
  if (error instanceof APIError) return error.status === 429 ? 'rate_limited' : 'upstream';
  if (error instanceof SyntaxError) return 'upstream'; // a malformed event: the server broke the protocol
  // Anything else mid-stream is the transport failing under us (undici: TypeError "terminated").
  return phase === 'stream' ? 'cut' : 'upstream';
}

function describe(error: unknown): { status: number | null; detail: string } {
  const status = error instanceof APIError && typeof error.status === 'number' ? error.status : null;
  if (!(error instanceof Error)) return { status, detail: String(error) };
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return { status, detail: `${error.name}: ${error.message}${cause}` };
}

const STOP_DETAIL: Record<StopCause, string> = {
  deadline: 'overall timeout reached',
  stall: 'no chunk within the stall timeout',
  caller: 'aborted by the caller',
};

export function createLlmClient(options: LlmClientOptions): LlmClient {
  const { model, timeoutMs, log: sink } = options;
  const stallMs = options.stallMs ?? Math.min(timeoutMs, 10_000);
  const openai = new OpenAI({
    baseURL: options.baseURL,
    apiKey: options.apiKey,
    // Nothing from the environment: the server config is the one source.
    organization: null,
    project: null,
    timeout: timeoutMs,
    maxRetries: 0,
    fetch: options.fetch,
    // Failures reach the log hook as structured events; the SDK prints nothing itself.
    logLevel: 'off',
  });

  const log = (event: LlmLogEvent): void => sink?.(event);

  const fail = (op: string, started: number, error: LlmError, status: number | null, detail: string): { ok: false; error: LlmError } => {
    log({ op, error, status, detail, elapsedMs: Date.now() - started });
    return { ok: false, error };
  };

  async function stream(request: StreamRequest, onToken?: (token: string) => void, signal?: AbortSignal): Promise<StreamResult> {
    const started = Date.now();
    const g = guard(timeoutMs, stallMs, signal);
    let phase: 'request' | 'stream' = 'request';
    let text = '';
    const logprobs: number[] = [];
    let finish: string | null = null;
    let callbackFailed = false;
    let callbackError: unknown;
    try {
      const chunks = await openai.chat.completions.create(
        {
          model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          stream: true,
          ...(request.logprobs ? { logprobs: true } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxTokens !== undefined ? { max_completion_tokens: request.maxTokens } : {}),
        },
        { signal: g.signal, timeout: timeoutMs, maxRetries: 0 },
      );
      phase = 'stream';
      g.armStall();
      for await (const chunk of chunks) {
        g.armStall();
        const choice = firstChoice(chunk);
        if (!choice) continue;
        const piece = choice.delta?.content;
        if (typeof piece === 'string' && piece !== '') {
          text += piece;
          try {
            onToken?.(piece);
          } catch (error) {
            callbackFailed = true;
            callbackError = error;
            break; // leaving the loop aborts the request
          }
        }
        const content: unknown = choice.logprobs?.content;
        if (Array.isArray(content)) for (const t of content as unknown[]) if (isRecord(t) && typeof t['logprob'] === 'number') logprobs.push(t['logprob']);
        if (choice.finish_reason) finish = choice.finish_reason;
      }
    } catch (error) {
      const { status, detail } = g.cause ? { status: null, detail: STOP_DETAIL[g.cause] } : describe(error);
      return fail(request.op, started, classifyFailure(error, g.cause, phase), status, detail);
    } finally {
      g.dispose();
    }
    // The caller's own bug is not an upstream failure: hand it back as thrown.
    if (callbackFailed) throw callbackError;
    if (g.cause) return fail(request.op, started, classifyFailure(undefined, g.cause, phase), null, STOP_DETAIL[g.cause]);
    // No finish reason means the stream stopped early, whatever the transport said.
    if (finish === null) return fail(request.op, started, 'cut', null, 'stream ended without finish_reason');
    // A length stop is an answer cut off mid-sentence.
    if (finish === 'length') return fail(request.op, started, 'cut', null, 'finish_reason length');
    if (finish !== 'stop') return fail(request.op, started, 'upstream', null, `finish_reason ${finish}`);
    if (text.trim() === '') return fail(request.op, started, 'upstream', null, 'empty answer');
    return { ok: true, text, logprobs: logprobs.length > 0 ? logprobs : null };
  }

  async function complete(request: CompleteRequest, signal?: AbortSignal): Promise<CompleteResult> {
    const started = Date.now();
    const g = guard(timeoutMs, stallMs, signal);
    try {
      const completion = await openai.chat.completions.create(
        {
          model,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          stream: false,
          ...(request.n !== undefined && request.n !== 1 ? { n: request.n } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxTokens !== undefined ? { max_completion_tokens: request.maxTokens } : {}),
        },
        { signal: g.signal, timeout: timeoutMs, maxRetries: 0 },
      );
      if (g.cause) return fail(request.op, started, classifyFailure(undefined, g.cause, 'request'), null, STOP_DETAIL[g.cause]);
      // The SDK does not validate bodies; a compatible server may send anything.
      const choices: unknown = completion.choices;
      const texts: string[] = [];
      if (Array.isArray(choices)) {
        for (const c of choices as unknown[]) {
          if (!isRecord(c) || c['finish_reason'] !== 'stop' || !isRecord(c['message'])) continue;
          const content = c['message']['content'];
          if (typeof content === 'string' && content.trim() !== '') texts.push(content);
        }
      }
      if (texts.length === 0) return fail(request.op, started, 'upstream', null, 'no usable choice');
      return { ok: true, texts };
    } catch (error) {
      const { status, detail } = g.cause ? { status: null, detail: STOP_DETAIL[g.cause] } : describe(error);
      return fail(request.op, started, classifyFailure(error, g.cause, 'request'), status, detail);
    } finally {
      g.dispose();
    }
  }

  return { model, stream, complete, log };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Choice 0 of a chunk, if the chunk has one (usage-only and odd chunks do not). */
function firstChoice(chunk: ChatCompletionChunk): ChatCompletionChunk.Choice | undefined {
  const choices: unknown = chunk.choices;
  if (!Array.isArray(choices)) return undefined;
  return (choices as ChatCompletionChunk.Choice[]).find((c) => isRecord(c) && (c.index ?? 0) === 0);
}
