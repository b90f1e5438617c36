/**
 * One server for the load benchmark, in a process of its own so the client's
 * work is not counted: `baton` (the real server on a fresh database, the demo
 * site) or `echo` (a bare ws server that acks and answers each message at once,
 * the floor every figure is compared with). It tells its parent the port, then
 * answers `usage` with its CPU time and memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { startBaton } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { testConfig } from '../../server/testing/harness.ts';

type Kind = 'baton' | 'echo';
const kind = process.argv[2] as Kind;

async function startEcho(): Promise<{ port: number; close(): Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  let seq = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: string; text?: string };
      if (frame.type === 'hello') return ws.send(JSON.stringify({ type: 'welcome', conversationId: 'c' }));
      if (frame.type !== 'message') return;
      const n = ++seq;
      ws.send(JSON.stringify({ type: 'ack', conversationId: 'c', clientId: frame.id, messageId: `m${n}`, seq: n }));
      ws.send(JSON.stringify({ type: 'event', conversationId: 'c', entry: { kind: 'message', role: 'assistant', seq: n + 1, text: frame.text } }));
    });
  });
  const address = wss.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => new Promise((r) => wss.close(() => r())) };
}

async function startReal(): Promise<{ port: number; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-load-'));
  const baton = await startBaton(testConfig(dir), { log: createLogger('error', 'load', () => undefined) });
  return {
    port: baton.port,
    close: async () => {
      await baton.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const server = kind === 'baton' ? await startReal() : await startEcho();
process.on('message', (m: string) => {
  if (m === 'usage') process.send?.({ cpu: process.cpuUsage(), memory: process.memoryUsage() });
  if (m === 'stop') void server.close().then(() => process.exit(0));
});
process.send?.({ port: server.port });
