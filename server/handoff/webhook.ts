/**
 * Outbound webhooks: tells a site's own server when a conversation is handed to a
 * person, goes offline or is resolved. Each event is POSTed once-serialised and
 * HMAC-signed, retried with jittered backoff on transient failures, and never
 * holds up the chat that raised it.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookEvent } from '../../shared/webhooks.ts';

export type { WebhookEvent };

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookOptions {
  /** Attempts per delivery, the first included; default 6. */
  maxAttempts?: number;
  /** Default 1000. */
  baseDelayMs?: number;
  /** Default 60000. */
  maxDelayMs?: number;
  /** Per attempt; default 10000. */
  timeoutMs?: number;
  /** Deliveries held at once, default 1000; beyond it the oldest pending delivery is dropped and logged. */
  maxPending?: number;
  fetch?: typeof fetch;
  random?: () => number;
  now?: () => number;
  log: {
    info(msg: string, fields?: Record<string, unknown>): void;
    warn(msg: string, fields?: Record<string, unknown>): void;
    error(msg: string, fields?: Record<string, unknown>): void;
  };
}

/** `sha256=<hex>` over the exact bytes sent, so the receiver can verify before parsing. */
export function signature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

interface Delivery {
  readonly id: string;
  readonly type: WebhookEvent['type'];
  readonly conversationId: string;
  readonly url: string;
  readonly host: string;
  readonly body: string;
  readonly signature: string;
  readonly queuedAt: number;
  /** Aborts the attempt in flight when the delivery is dropped or the sender closes. */
  readonly abort: AbortController;
  attempts: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

function retryable(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status < 600);
}

/** Only the delta-seconds form: an HTTP-date needs a trusted clock on both sides. */
function retryAfterMs(value: string | null): number {
  const trimmed = value?.trim() ?? '';
  return /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : 0;
}

/** A short reason for the log; error messages may carry the URL, so known shapes are reduced to a code. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return 'error';
  if (err.name === 'TimeoutError') return 'timeout';
  if (err.name === 'AbortError') return 'aborted';
  const cause: unknown = err.cause;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  return err.name;
}

export class Webhooks {
  readonly #targetFor: (site: string) => WebhookTarget | null;
  readonly #log: WebhookOptions['log'];
  readonly #fetch: typeof fetch;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #timeoutMs: number;
  readonly #maxPending: number;
  /** Insertion order is age order, which is what dropping the oldest needs. */
  readonly #pending = new Map<string, Delivery>();
  #idle: Array<() => void> = [];
  #closed = false;

  constructor(targetFor: (site: string) => WebhookTarget | null, options: WebhookOptions) {
    this.#targetFor = targetFor;
    this.#log = options.log;
    this.#fetch = options.fetch ?? fetch;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#maxAttempts = Math.max(1, options.maxAttempts ?? 6);
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#maxPending = Math.max(1, options.maxPending ?? 1000);
  }

  /** Queues the event for the site's endpoint, if it has one. Never throws: a webhook must not break the chat. */
  send(site: string, event: WebhookEvent): void {
    const about = { site, type: event.type, conversationId: event.conversationId };
    try {
      if (this.#closed) {
        this.#log.warn('webhook not sent: closed', about);
        return;
      }
      const target = this.#targetFor(site);
      if (!target) return;
      let host: string;
      try {
        const url = new URL(target.url);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
        host = url.host;
      } catch {
        this.#log.error('webhook not sent: target url invalid', about);
        return;
      }
      // Serialised once: every retry must carry the bytes the signature was made over.
      const body = JSON.stringify({ type: event.type, conversationId: event.conversationId, at: event.at, data: event.data });
      const delivery: Delivery = {
        id: randomUUID(),
        type: event.type,
        conversationId: event.conversationId,
        url: target.url,
        host,
        body,
        signature: signature(target.secret, body),
        queuedAt: this.#now(),
        abort: new AbortController(),
        attempts: 0,
        timer: undefined,
      };
      if (this.#pending.size >= this.#maxPending) this.#dropOldest();
      this.#pending.set(delivery.id, delivery);
      this.#run(delivery);
    } catch (err) {
      this.#log.error('webhook not sent', { ...about, error: describe(err) });
    }
  }

  /** Resolves once nothing is pending: delivered, given up, dropped or abandoned. */
  drain(): Promise<void> {
    if (this.#pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** For shutdown: stops every retry and attempt in flight; later sends are refused. */
  close(): void {
    this.#closed = true;
    const abandoned = this.#pending.size;
    for (const delivery of this.#pending.values()) {
      clearTimeout(delivery.timer);
      delivery.abort.abort();
    }
    this.#pending.clear();
    if (abandoned > 0) this.#log.warn('webhooks closed, pending deliveries abandoned', { count: abandoned });
    this.#settleIdle();
  }

  #run(delivery: Delivery): void {
    // Only a throwing logger gets here; the delivery still has to end or drain() would wait forever.
    this.#attempt(delivery).catch(() => this.#finish(delivery));
  }

  async #attempt(d: Delivery): Promise<void> {
    d.attempts++;
    let status: number | undefined;
    let waitMs = 0;
    let error = '';
    try {
      const send = this.#fetch;
      const res = await send(d.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Baton-Webhook/1',
          'X-Baton-Event': d.type,
          'X-Baton-Delivery': d.id,
          'X-Baton-Signature': d.signature,
        },
        body: d.body,
        // A redirect would resend the signed event to wherever it points; treat it as a refusal instead.
        redirect: 'manual',
        signal: AbortSignal.any([d.abort.signal, AbortSignal.timeout(this.#timeoutMs)]),
      });
      status = res.status;
      if (status === 429 || status === 503) waitMs = retryAfterMs(res.headers.get('retry-after'));
      // Nobody reads the reply; cancelling it frees the connection for reuse.
      res.body?.cancel().catch(() => undefined);
    } catch (err) {
      error = describe(err);
    }
    // Dropped or closed while in flight: whoever did that has already logged it.
    if (!this.#pending.has(d.id)) return;

    const fields = { delivery: d.id, type: d.type, conversationId: d.conversationId, host: d.host, attempts: d.attempts };
    if (status !== undefined && status >= 200 && status < 300) {
      this.#finish(d);
      this.#log.info('webhook delivered', { ...fields, status, ms: this.#now() - d.queuedAt });
      return;
    }
    if (status !== undefined && !retryable(status)) {
      this.#finish(d);
      this.#log.warn('webhook refused, not retrying', { ...fields, status });
      return;
    }
    const last = status !== undefined ? { status } : { error };
    if (d.attempts >= this.#maxAttempts) {
      this.#finish(d);
      this.#log.error('webhook delivery failed, giving up', { ...fields, ...last });
      return;
    }
    const delay = Math.min(this.#maxDelayMs, Math.max(waitMs, this.#backoff(d.attempts)));
    d.timer = setTimeout(() => {
      d.timer = undefined;
      this.#run(d);
    }, delay);
    // A retry waiting is no reason to keep a finished process running.
    d.timer.unref();
  }

  /** Full jitter spreads a burst of failures; the floor keeps a retry from landing immediately. */
  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** (attempt - 1));
    return Math.max(this.#baseDelayMs / 2, this.#random() * ceiling);
  }

  #dropOldest(): void {
    const oldest = this.#pending.values().next().value;
    if (!oldest) return;
    clearTimeout(oldest.timer);
    oldest.abort.abort();
    // Not #finish: a new delivery takes its place at once, so drain() must not see an empty queue.
    this.#pending.delete(oldest.id);
    this.#log.warn('webhook queue full, oldest delivery dropped', {
      delivery: oldest.id,
      type: oldest.type,
      conversationId: oldest.conversationId,
      host: oldest.host,
      attempts: oldest.attempts,
      maxPending: this.#maxPending,
    });
  }

  #finish(d: Delivery): void {
    clearTimeout(d.timer);
    d.timer = undefined;
    this.#pending.delete(d.id);
    if (this.#pending.size === 0) this.#settleIdle();
  }

  #settleIdle(): void {
    const waiting = this.#idle;
    this.#idle = [];
    for (const resolve of waiting) resolve();
  }
}
