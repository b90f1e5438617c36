/**
 * One validated configuration object, from environment variables and an
 * optional JSON file (BATON_CONFIG). Every limit has a stated default
 * (shared/limits.ts); a bad value is refused at start with the field named.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import * as v from 'valibot';
import { BatonError } from '../shared/errors.ts';
import { LIMITS, TIGHTENABLE } from '../shared/limits.ts';
import { isPasswordHash } from './auth/password.ts';
import { DEMO_DIR, ROOT } from './paths.ts';
import type { Level } from './log.ts';

export interface SiteConfig {
  id: string;
  name: string;
  /** Exact origins (scheme://host[:port]) allowed to embed the widget. */
  allowedOrigins: string[];
  /** Folder of Markdown articles. */
  kb: string;
  /** Escalation policy file (FORMAT.md section 2); none: no intents, policy defaults. */
  policy: string | null;
  /** Where handoff, offline-capture and resolve events are POSTed, signed with `secret`; none when absent or null. */
  webhook?: { url: string; secret: string } | null;
}

export interface AgentConfig {
  id: string;
  name: string;
  email: string;
  passwordHash: string;
  /** Conversations this agent may hold at once (default: handoff.maxConversations). */
  maxConversations?: number;
}

/** The human side's timers and switches. */
export interface HandoffConfig {
  /** A conversation queued this long without a person goes offline (the visitor is asked for an e-mail). */
  maxWaitMs: number;
  /** The wait estimate before any claim has been seen (ms per place in the queue, per online agent). */
  waitEstimateMs: number;
  /** Queued conversations go to the least busy online agent with room, without a claim. */
  autoAssign: boolean;
  /** Conversations an agent may hold at once, unless their own entry says otherwise. */
  maxConversations: number;
  /** An agent whose last console closed counts as online this long (a reload is not a departure). */
  presenceGraceMs: number;
  /** The server pings each console this often; one that misses a pong is closed, and so goes offline. */
  agentPingMs: number;
  /** How often queued conversations are checked against the wait limit and for nobody online. */
  sweepMs: number;
  /** With nobody online, a conversation goes offline at once (false: it waits in the queue until maxWaitMs). */
  offlineWhenNobody: boolean;
}

export const DEFAULT_HANDOFF: HandoffConfig = {
  maxWaitMs: 5 * 60_000,
  waitEstimateMs: 2 * 60_000,
  autoAssign: false,
  maxConversations: 3,
  presenceGraceMs: 5_000,
  agentPingMs: 3_000,
  sweepMs: 1_000,
  offlineWhenNobody: true,
};

/**
 * Every limit and timer of the server in one object: the protocol's
 * (shared/limits.ts; a file may lower those TIGHTENABLE lists) and the
 * server's own, each with its default and the range a file may set.
 */
export type Limits = { -readonly [K in keyof typeof LIMITS]: number } & {
  /** Visitor sockets are pinged this often; one that has not answered the last ping is dropped. */
  pingIntervalMs: number;
  /** Open conversations the agents' list shows at most. */
  queueLimit: number;
  /** Assistant conversations active this recently show in the agents' list (an agent may take one over). */
  recentBotMs: number;
  /** Largest JSON body the agent API reads (bytes). */
  httpBodyBytes: number;
  /** Webhook deliveries: attempts (the first included), backoff from base to max, each attempt's limit, deliveries held at once. */
  webhookMaxAttempts: number;
  webhookBaseDelayMs: number;
  webhookMaxDelayMs: number;
  webhookTimeoutMs: number;
  webhookMaxPending: number;
};

/** The server's own limits: default and the range a file may set. */
const SERVER_LIMITS = {
  pingIntervalMs: [30_000, 1_000, 600_000],
  queueLimit: [200, 1, 10_000],
  recentBotMs: [30 * 60_000, 0, 24 * 3600_000],
  httpBodyBytes: [16 * 1024, 1024, 1024 * 1024],
  webhookMaxAttempts: [6, 1, 20],
  webhookBaseDelayMs: [1_000, 10, 600_000],
  webhookMaxDelayMs: [60_000, 10, 3600_000],
  webhookTimeoutMs: [10_000, 100, 120_000],
  webhookMaxPending: [1_000, 1, 1_000_000],
} as const satisfies Record<Exclude<keyof Limits, keyof typeof LIMITS>, readonly [number, number, number]>;

export const DEFAULT_LIMITS: Limits = {
  ...LIMITS,
  ...(Object.fromEntries(Object.entries(SERVER_LIMITS).map(([k, [fallback]]) => [k, fallback])) as Record<keyof typeof SERVER_LIMITS, number>),
};

/** An OpenAI-compatible endpoint for drafting and judging replies; null runs the offline assistant. */
export interface LlmConfig {
  apiKey: string;
  /** e.g. https://api.openai.com/v1, or any OpenAI-compatible server. */
  baseURL: string;
  model: string;
  /** Each model call, request sent to last chunk (ms). */
  timeoutMs: number;
  /** Ask for token logprobs; false for endpoints that refuse the parameter (the judge then samples for agreement). */
  logprobs: boolean;
}

export interface Config {
  port: number;
  host: string | undefined;
  dbPath: string;
  /** Origins the console is served from; checked on the agent socket and the agent API. */
  consoleOrigins: string[];
  sites: SiteConfig[];
  agents: AgentConfig[];
  /** A demo agent whose password is set at start (printed, or BATON_DEMO_PASSWORD). */
  demoAgent: { id: string; name: string; email: string } | null;
  demoPassword: string | null;
  sessionTtlMs: number;
  logLevel: Level;
  limits: Limits;
  llm: LlmConfig | null;
  handoff: HandoffConfig;
}


const origin = v.pipe(
  v.string(),
  v.check((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
    } catch {
      return false;
    }
  }, 'must be an exact origin like https://shop.example.com (scheme, host, optional port; no path or trailing slash)'),
);
const id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1-40 of a-z, 0-9, _ or -'));
const httpUrl = v.pipe(
  v.string(),
  v.check((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL'),
);
/** The key webhooks are signed with: long enough that it cannot be guessed. */
const webhookSecret = v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'), v.maxLength(256));

const count = (min: number, max: number, tightening: boolean) =>
  v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max, tightening ? `may only be lowered: at most ${max} (the protocol's limit)` : `must be at most ${max}`));
const LimitsSchema = v.strictObject({
  ...(Object.fromEntries(TIGHTENABLE.map((k) => [k, v.optional(count(1, LIMITS[k], true))])) as Record<(typeof TIGHTENABLE)[number], v.OptionalSchema<ReturnType<typeof count>, undefined>>),
  ...(Object.fromEntries(Object.entries(SERVER_LIMITS).map(([k, [, min, max]]) => [k, v.optional(count(min, max, false))])) as Record<
    keyof typeof SERVER_LIMITS,
    v.OptionalSchema<ReturnType<typeof count>, undefined>
  >),
});

const FileSchema = v.strictObject({
  consoleOrigins: v.optional(v.array(origin)),
  limits: v.optional(LimitsSchema),
  sites: v.optional(
    v.array(
      v.strictObject({
        id,
        name: v.optional(v.string()),
        allowedOrigins: v.array(origin),
        kb: v.string(),
        policy: v.optional(v.string()),
        webhook: v.optional(v.strictObject({ url: httpUrl, secret: webhookSecret })),
      }),
    ),
  ),
  agents: v.optional(
    v.array(
      v.strictObject({
        id,
        name: v.pipe(v.string(), v.minLength(1)),
        email: v.pipe(v.string(), v.email()),
        passwordHash: v.pipe(v.string(), v.check(isPasswordHash, 'must be a scrypt hash from `npm run hash-password`')),
        maxConversations: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100))),
      }),
    ),
  ),
  demoAgent: v.optional(v.nullable(v.strictObject({ name: v.string(), email: v.pipe(v.string(), v.email()) }))),
});

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new BatonError('bad_config', `${name}: must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function readFile(path: string): v.InferOutput<typeof FileSchema> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new BatonError('bad_config', `BATON_CONFIG ${path}: ${(error as Error).message}`);
  }
  const result = v.safeParse(FileSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    throw new BatonError('bad_config', `BATON_CONFIG ${path}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  return result.output;
}

export const DEFAULT_LLM_BASE_URL = 'https://api.openai.com/v1';
/** Small, cheap, and it returns token logprobs (the judge's first choice); reasoning models do not. */
export const DEFAULT_LLM_MODEL = 'gpt-4.1-mini';
export const DEFAULT_LLM_TIMEOUT_MS = 15_000;

/** A 1/0 switch; anything else is refused rather than guessed (is "false" on? is "no"?). */
function switchEnv(env: NodeJS.ProcessEnv, name: string, fallback: boolean, meaning: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1') return true;
  if (raw === '0') return false;
  throw new BatonError('bad_config', `${name}: must be 1 or 0 (${meaning}), got "${raw}"`);
}

/**
 * The LLM path is on when OPENAI_API_KEY is set. The other OPENAI_* variables
 * without a key are refused rather than ignored: someone meant to turn it on.
 * Exported on its own for the eval's `--llm`, which needs the endpoint and
 * nothing else of the server's settings (no BATON_CONFIG, no PORT).
 */
export function loadLlmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const apiKey = env.OPENAI_API_KEY ?? '';
  if (apiKey === '') {
    const stray = ['OPENAI_BASE_URL', 'OPENAI_MODEL', 'OPENAI_TIMEOUT_MS', 'OPENAI_LOGPROBS'].find((name) => (env[name] ?? '') !== '');
    if (stray) throw new BatonError('bad_config', `${stray}: set OPENAI_API_KEY too (any value for a local endpoint that needs none), or unset ${stray}`);
    return null;
  }
  if (apiKey.trim() !== apiKey || /\s/.test(apiKey)) throw new BatonError('bad_config', 'OPENAI_API_KEY: must not contain spaces or line breaks');
  const baseURL = env.OPENAI_BASE_URL || DEFAULT_LLM_BASE_URL;
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    throw new BatonError('bad_config', `OPENAI_BASE_URL: must be an http(s) URL like ${DEFAULT_LLM_BASE_URL}, got "${baseURL}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BatonError('bad_config', `OPENAI_BASE_URL: must be an http(s) URL like ${DEFAULT_LLM_BASE_URL}, got "${baseURL}"`);
  const model = env.OPENAI_MODEL || DEFAULT_LLM_MODEL;
  if (model.trim() !== model || model.length > 200) throw new BatonError('bad_config', `OPENAI_MODEL: must be a model name without surrounding spaces, got "${model.slice(0, 200)}"`);
  return {
    apiKey,
    baseURL: baseURL.replace(/\/+$/, ''),
    model,
    timeoutMs: intEnv(env, 'OPENAI_TIMEOUT_MS', DEFAULT_LLM_TIMEOUT_MS, 100, 600_000),
    logprobs: switchEnv(env, 'OPENAI_LOGPROBS', true, '0 for an endpoint that refuses the logprobs parameter'),
  };
}

const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = intEnv(env, 'PORT', 8787, 0, 65535);
  const local = [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
  const file = env.BATON_CONFIG ? readFile(resolve(env.BATON_CONFIG)) : null;
  const base = env.BATON_CONFIG ? dirname(resolve(env.BATON_CONFIG)) : ROOT;
  const at = (p: string) => (isAbsolute(p) ? p : join(base, p));

  const sites: SiteConfig[] = file?.sites?.map((s) => ({
    id: s.id,
    name: s.name ?? s.id,
    allowedOrigins: s.allowedOrigins,
    kb: at(s.kb),
    policy: s.policy === undefined ? null : at(s.policy),
    webhook: s.webhook ?? null,
  })) ?? [
    { id: 'demo', name: 'Harbor Lane Coffee', allowedOrigins: local, kb: join(DEMO_DIR, 'kb'), policy: join(DEMO_DIR, 'policy.json'), webhook: demoWebhook(env) },
  ];
  const ids = new Set<string>();
  for (const site of sites) {
    if (ids.has(site.id)) throw new BatonError('bad_config', `BATON_CONFIG: sites: duplicate id "${site.id}"`);
    ids.add(site.id);
  }
  const demo = file ? (file.demoAgent ?? null) : { name: 'Demo Agent', email: 'agent@demo.baton' };
  const logLevel = (env.BATON_LOG_LEVEL ?? 'info') as Level;
  if (!LEVELS.includes(logLevel)) throw new BatonError('bad_config', `BATON_LOG_LEVEL: must be one of ${LEVELS.join(', ')}`);

  return {
    port,
    host: env.HOST || undefined,
    dbPath: env.BATON_DB ?? join(ROOT, 'data', 'baton.db'),
    consoleOrigins: file?.consoleOrigins ?? local,
    sites,
    agents: (file?.agents ?? []).map(({ maxConversations, ...agent }) => ({ ...agent, ...(maxConversations !== undefined && { maxConversations }) })),
    demoAgent: demo && { id: 'demo', ...demo },
    demoPassword: demo ? (env.BATON_DEMO_PASSWORD ?? null) : null,
    sessionTtlMs: intEnv(env, 'BATON_SESSION_TTL_MS', 12 * 3600_000, 60_000, 30 * 24 * 3600_000),
    logLevel,
    limits: { ...DEFAULT_LIMITS, ...definedOnly(file?.limits ?? {}) },
    llm: loadLlmConfig(env),
    handoff: {
      maxWaitMs: intEnv(env, 'BATON_MAX_WAIT_MS', DEFAULT_HANDOFF.maxWaitMs, 1_000, 24 * 3600_000),
      waitEstimateMs: intEnv(env, 'BATON_WAIT_ESTIMATE_MS', DEFAULT_HANDOFF.waitEstimateMs, 1_000, 3600_000),
      autoAssign: switchEnv(env, 'BATON_AUTO_ASSIGN', DEFAULT_HANDOFF.autoAssign, '1 gives queued conversations to the least busy online agent'),
      maxConversations: intEnv(env, 'BATON_AGENT_MAX_CONVERSATIONS', DEFAULT_HANDOFF.maxConversations, 1, 100),
      presenceGraceMs: intEnv(env, 'BATON_PRESENCE_GRACE_MS', DEFAULT_HANDOFF.presenceGraceMs, 0, 60_000),
      agentPingMs: intEnv(env, 'BATON_AGENT_PING_MS', DEFAULT_HANDOFF.agentPingMs, 200, 60_000),
      sweepMs: intEnv(env, 'BATON_QUEUE_SWEEP_MS', DEFAULT_HANDOFF.sweepMs, 50, 60_000),
      offlineWhenNobody: switchEnv(env, 'BATON_OFFLINE_WHEN_NOBODY', DEFAULT_HANDOFF.offlineWhenNobody, '0 keeps conversations queued while nobody is online, until BATON_MAX_WAIT_MS'),
    },
  };
}

/** The fields a file set (valibot gives the others as undefined, which must not overwrite a default). */
function definedOnly<T extends object>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

/** The demo site's webhook, from BATON_WEBHOOK_URL and BATON_WEBHOOK_SECRET (both, or neither). */
function demoWebhook(env: NodeJS.ProcessEnv): { url: string; secret: string } | null {
  const url = env.BATON_WEBHOOK_URL ?? '';
  const secret = env.BATON_WEBHOOK_SECRET ?? '';
  if (url === '' && secret === '') return null;
  const result = v.safeParse(v.object({ url: httpUrl, secret: webhookSecret }), { url, secret });
  if (!result.success) {
    const issue = result.issues[0];
    const field = v.getDotPath(issue) === 'url' ? 'BATON_WEBHOOK_URL' : 'BATON_WEBHOOK_SECRET';
    throw new BatonError('bad_config', `${field}: ${issue.message} (set both BATON_WEBHOOK_URL and BATON_WEBHOOK_SECRET, or neither)`);
  }
  return result.output;
}
