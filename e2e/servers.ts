/**
 * The pieces of a journey: the built Baton server as a child process (its own
 * database and config), a proxy in front of it on "localhost", and a host page
 * on another origin (127.0.0.1) that embeds the widget with the one-line snippet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { hashPassword } from '../server/auth/password.ts';
import { startProxy, type Proxy } from './proxy.ts';

export const AGENT = { email: 'agent@e2e.baton', password: 'e2e-agent-password', name: 'Riley' };
/** A second agent, for journeys with two people (configured when a journey asks for it). */
export const SECOND_AGENT = { id: 'morgan', email: 'morgan@e2e.baton', password: 'second-agent-password', name: 'Morgan' };

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

export interface HostPage {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Serves one HTML page on 127.0.0.1; `body` is placed inside <body>. */
export async function startHostPage(body: (widgetBase: string) => string, widgetBase: string, port?: number): Promise<HostPage> {
  const server: Server = createServer((req, res) => {
    if (req.url !== '/' && !req.url?.startsWith('/?')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>Host shop</title></head><body><h1>Host shop</h1>${body(widgetBase)}</body></html>`);
  });
  await new Promise<void>((r) => server.listen(port ?? 0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${origin}/`, origin, close: () => new Promise((r) => server.close(() => r())) };
}

export const embed = (base: string) => `<script src="${base}/widget.js" data-site="demo" async></script>`;

export interface Stack {
  /** Where the browser reaches Baton: the proxy, on localhost. */
  base: string;
  proxy: Proxy;
  host: HostPage;
  /** The server's SQLite file: a journey may read what was stored (read-only). */
  dbPath: string;
  close(): Promise<void>;
}

/** The runner's environment without OPENAI_*: a key in the developer's shell must not send the journeys to a real model. */
function ownEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OPENAI_')));
}

export interface StackOptions {
  /** The site's knowledge folder and policy file; default the demo's. */
  site?: { kb: string; policy: string };
  /** Extra environment for the server, e.g. the OPENAI_* settings. */
  env?: Record<string, string>;
  /** Configure SECOND_AGENT too. */
  secondAgent?: boolean;
  /** The site's webhook. */
  webhook?: { url: string; secret: string };
}

/** Starts Baton behind a proxy and a host page that embeds it. */
export async function startStack(hostBody: (base: string) => string = embed, options: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-e2e-'));
  const port = await freePort();
  const proxy = await startProxy(port);
  const base = `http://localhost:${proxy.port}`;
  // The host page's port must be known before the server starts: it goes into allowedOrigins.
  const hostPort = await freePort();
  const hostOrigin = `http://127.0.0.1:${hostPort}`;
  writeFileSync(
    join(dir, 'baton.json'),
    JSON.stringify({
      consoleOrigins: [base],
      sites: [
        {
          id: 'demo',
          name: 'E2E shop',
          allowedOrigins: [hostOrigin],
          kb: options.site?.kb ?? resolve('demo/kb'),
          policy: options.site?.policy ?? resolve('demo/policy.json'),
          ...(options.webhook && { webhook: options.webhook }),
        },
      ],
      demoAgent: { name: AGENT.name, email: AGENT.email },
      agents: options.secondAgent
        ? [{ id: SECOND_AGENT.id, name: SECOND_AGENT.name, email: SECOND_AGENT.email, passwordHash: await hashPassword(SECOND_AGENT.password) }]
        : [],
    }),
  );
  const child: ChildProcess = spawn(process.execPath, ['dist/node/server/main.js'], {
    // Most journeys hand over before the agent signs in: the queue waits for them unless a journey says otherwise.
    env: { ...ownEnv(), BATON_OFFLINE_WHEN_NOBODY: '0', ...options.env, PORT: String(port), HOST: '127.0.0.1', BATON_CONFIG: join(dir, 'baton.json'), BATON_DB: join(dir, 'baton.db'), BATON_DEMO_PASSWORD: AGENT.password, BATON_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 15_000);
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('Baton is running')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
  });
  const host = await startHostPage(hostBody, base, hostPort);
  return {
    base,
    proxy,
    host,
    dbPath: join(dir, 'baton.db'),
    async close() {
      await host.close();
      await proxy.close();
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
