/**
 * Test harness: a real Baton on 127.0.0.1 port 0 with a file database in a
 * temporary folder, and a WebSocket client that awaits frames by type.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startBaton, type Baton } from '../app.ts';
import { DEFAULT_HANDOFF, DEFAULT_LIMITS, type Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { DEMO_DIR } from '../paths.ts';

export const SHOP = 'http://shop.test';
export const CONSOLE = 'http://console.test';
export const AGENT = { email: 'dana@baton.test', password: 'correct horse battery' };

export function testConfig(dir: string, overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dbPath: join(dir, 'baton.db'),
    consoleOrigins: [CONSOLE],
    sites: [{ id: 'demo', name: 'Demo', allowedOrigins: [SHOP], kb: join(DEMO_DIR, 'kb'), policy: join(DEMO_DIR, 'policy.json') }],
    agents: [],
    demoAgent: { id: 'dana', name: 'Dana', email: AGENT.email },
    demoPassword: AGENT.password,
    sessionTtlMs: 3600_000,
    logLevel: 'error',
    limits: DEFAULT_LIMITS,
    llm: null,
    // Most tests sign an agent in after the handoff: the queue waits for them. Presence tests turn this on.
    handoff: { ...DEFAULT_HANDOFF, offlineWhenNobody: false, presenceGraceMs: 0 },
    ...overrides,
  };
}

export interface Harness {
  baton: Baton;
  dir: string;
  config: Config;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(overrides: Partial<Config> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  const config = testConfig(dir, overrides);
  const quiet = createLogger('error', 'test', () => undefined);
  const h: Harness = {
    baton: await startBaton(config, { log: quiet }),
    dir,
    config,
    async restart() {
      await h.baton.close();
      h.baton = await startBaton(config, { log: quiet });
    },
    async close() {
      await h.baton.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

type Frame = { type: string } & Record<string, unknown>;

/** A WebSocket client that keeps every frame and lets a test wait for the next of a type. */
export class TestSocket {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: (() => void)[] = [];

  constructor(url: string, options: { origin?: string; cookie?: string } = {}) {
    this.ws = new WebSocket(url, {
      ...(options.origin !== undefined && { origin: options.origin }),
      ...(options.cookie !== undefined && { headers: { cookie: options.cookie } }),
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Frame);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.ws.on('error', () => undefined); // surfaced through opened/closed
  }

  send(frame: object | string): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first frame (from `from` on) matching the predicate; fails after timeoutMs. */
  async next(match: string | ((f: Frame) => boolean), timeoutMs = 3000): Promise<Frame> {
    const test = typeof match === 'string' ? (f: Frame) => f.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(test);
      if (found) {
        this.frames.splice(this.frames.indexOf(found), 1);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for frame; have: ${JSON.stringify(this.frames).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.close();
  }
}

export function visitorUrl(baton: Baton, site = 'demo'): string {
  return `ws://127.0.0.1:${baton.port}/ws/visitor?site=${site}`;
}

export function agentUrl(baton: Baton): string {
  return `ws://127.0.0.1:${baton.port}/ws/agent`;
}

/** Signs the demo agent in over HTTP and returns the Cookie header value. */
export async function signIn(baton: Baton, credentials = AGENT): Promise<string> {
  const res = await fetch(`${baton.url}/api/agent/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: CONSOLE },
    body: JSON.stringify(credentials),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie') ?? '';
  return cookie.split(';')[0] ?? '';
}
