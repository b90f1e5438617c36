/**
 * The load benchmark (issue 14): a bare ws echo server and Baton, each in its
 * own process and fresh, measured alternately in the same run so the figures
 * compare. Visitors open conversations and each sends a message a second;
 * for every message the time to its ack and to its reply (the assistant's
 * message, or the hand-over) is taken, and what never came within the grace.
 * Figures are printed, with one JSON object as the last line; nothing here is
 * a pass/fail test.
 *
 *   npm run bench -- load [--conversations 200] [--seconds 15] [--rounds 2] [--profile DIR]
 *
 * --profile writes a V8 CPU profile of each Baton server (node --cpu-prof) into DIR.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== 'load'),
  options: {
    conversations: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '2' },
    profile: { type: 'string' },
  },
});
const CONVERSATIONS = Number(values.conversations);
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
/** After the last send, how long a reply may still come before the message counts as unanswered. */
const GRACE_MS = 5000;
/** Questions the demo knowledge base answers, and small talk: each conversation cycles through them. */
const TEXTS = ['how much is shipping', 'hello', 'how long does delivery take', 'can I return opened coffee', 'how do I pause my subscription', 'thanks'];
const ORIGIN = 'http://shop.test';

interface Sample {
  sentAt: number;
  ackMs: number | null;
  replyMs: number | null;
}

interface Usage {
  cpu: NodeJS.CpuUsage;
  memory: NodeJS.MemoryUsage;
}

function startServer(kind: 'baton' | 'echo'): Promise<{ child: ChildProcess; port: number }> {
  const execArgv = kind === 'baton' && values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
  const child = fork(new URL('./load/server.ts', import.meta.url), [kind], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function usage(child: ChildProcess): Promise<Usage> {
  return new Promise((resolve) => {
    child.once('message', (m: Usage) => resolve(m));
    child.send('usage');
  });
}

/**
 * One visitor: a conversation at a time, a message a second, each message's
 * ack and reply timed. After the last of TEXTS the conversation ends and a
 * new one starts, as real visitors come and go (the same questions again would
 * be a repeat, which the engine rightly hands to a person).
 */
function visitor(port: number, index: number, samples: Sample[], refusals: { count: number }, until: number, sockets: Set<WebSocket>): void {
  let n = 0;
  const converse = () => {
    if (performance.now() >= until) return;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/visitor?site=demo`, { origin: ORIGIN });
    sockets.add(ws);
    const pending: Sample[] = [];
    const acked = new Map<string, Sample>();
    let said = 0;
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; clientId?: string; code?: string; entry?: { kind: string; role?: string } };
      const now = performance.now();
      if (frame.type === 'ack' && frame.clientId) {
        const s = acked.get(frame.clientId);
        if (s && s.ackMs === null) s.ackMs = now - s.sentAt;
      } else if (frame.type === 'event' && (frame.entry?.kind === 'state' || frame.entry?.role === 'assistant')) {
        const s = pending.shift();
        if (s) s.replyMs = now - s.sentAt;
      } else if (frame.type === 'error' && frame.code === 'rate_limited') refusals.count++;
    });
    ws.on('error', () => undefined);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'hello', v: 1 }));
      const tick = () => {
        if (performance.now() >= until || ws.readyState !== WebSocket.OPEN) return;
        if (said === TEXTS.length) {
          // Done: let the last reply land, then the next conversation.
          setTimeout(() => ws.close(), 500);
          return converse();
        }
        const id = `v${index}-${n++}`;
        const s: Sample = { sentAt: performance.now(), ackMs: null, replyMs: null };
        samples.push(s);
        pending.push(s);
        acked.set(id, s);
        ws.send(JSON.stringify({ type: 'message', id, text: TEXTS[said++] }));
        setTimeout(tick, 1000);
      };
      tick();
    });
  };
  // Spread over the first second, so a thousand visitors do not all start on the same tick.
  setTimeout(converse, (index * 1000) / CONVERSATIONS);
}

const pct = (xs: number[], q: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]! : NaN);

async function run(kind: 'baton' | 'echo') {
  const { child, port } = await startServer(kind);
  const samples: Sample[] = [];
  const refusals = { count: 0 };
  const before = await usage(child);
  const started = performance.now();
  const until = started + SECONDS * 1000;
  const sockets = new Set<WebSocket>();
  for (let i = 0; i < CONVERSATIONS; i++) visitor(port, i, samples, refusals, until, sockets);
  await new Promise((r) => setTimeout(r, Math.max(0, until - performance.now()) + GRACE_MS));
  const after = await usage(child);
  for (const ws of sockets) ws.close();
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  const replies = samples.flatMap((s) => (s.replyMs === null ? [] : [s.replyMs])).sort((a, b) => a - b);
  const acks = samples.flatMap((s) => (s.ackMs === null ? [] : [s.ackMs])).sort((a, b) => a - b);
  const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
  return {
    kind,
    messages: samples.length,
    unanswered: samples.filter((s) => s.replyMs === null).length,
    rateLimited: refusals.count,
    replyP50Ms: pct(replies, 0.5),
    replyP99Ms: pct(replies, 0.99),
    ackP50Ms: pct(acks, 0.5),
    ackP99Ms: pct(acks, 0.99),
    cpuMsPerMessage: cpuMs / Math.max(1, samples.length),
    rssMiB: after.memory.rss / 2 ** 20,
  };
}

const out = (line = '') => process.stdout.write(`${line}\n`);
out(`load: ${CONVERSATIONS} conversations x 1 msg/s for ${SECONDS} s, ${ROUNDS} rounds of echo then Baton (fresh servers), grace ${GRACE_MS} ms`);
const results: Awaited<ReturnType<typeof run>>[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const kind of ['echo', 'baton'] as const) {
    const r = await run(kind);
    results.push(r);
    out(
      `  ${kind.padEnd(5)} messages ${r.messages}, unanswered ${r.unanswered}, rate_limited ${r.rateLimited}; reply p50 ${r.replyP50Ms.toFixed(2)} / p99 ${r.replyP99Ms.toFixed(2)} ms; ack p50 ${r.ackP50Ms.toFixed(2)} / p99 ${r.ackP99Ms.toFixed(2)} ms; server CPU ${r.cpuMsPerMessage.toFixed(3)} ms/msg; RSS ${r.rssMiB.toFixed(0)} MiB`,
    );
  }
}
const mean = (kind: string, key: keyof Awaited<ReturnType<typeof run>>) => {
  const xs = results.filter((r) => r.kind === kind).map((r) => r[key] as number);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
const ratio = mean('baton', 'cpuMsPerMessage') / mean('echo', 'cpuMsPerMessage');
out(`  Baton / echo: server CPU per message ${ratio.toFixed(1)}x; reply p99 ${mean('baton', 'replyP99Ms').toFixed(1)} ms against ${mean('echo', 'replyP99Ms').toFixed(1)} ms`);
out(JSON.stringify({ bench: 'load', conversations: CONVERSATIONS, seconds: SECONDS, rounds: ROUNDS, results, cpuRatio: ratio }));
