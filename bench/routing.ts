/**
 * Routing benchmark (not a test: it never fails, it measures).
 *
 *   node bench/routing.ts [--passes N] [--startup-runs N] [--seed N]
 *
 * On a synthetic, seeded workload (bench/generate.ts: 200 Markdown articles, a
 * 50-intent policy, 2,000 visitor conversations; no dev data, no network):
 *
 * 1. Offline routing throughput on one thread: one warm-up pass, then `passes`
 *    passes of Router#route over every conversation, each call timed with
 *    process.hrtime.bigint(). Messages/s and latency p50/p95/p99/max, the p99
 *    without the long pastes (~2% of the mix, so they set the p99), and the
 *    mean per message kind.
 * 2. Baseline in the same run: tokenising the same messages with `terms` alone,
 *    so routing can be quoted as a multiple of it (machine speed cancels out).
 * 3. Where the time goes: the router's stages timed one by one on the same
 *    messages (safety floor, small talk, intent, retrieval, amounts, person).
 * 4. Start-up: parse the 200 articles + a policy of 15,000 examples
 *    (50 intents x 300, plus the 3 safety intents) and build the Router; the
 *    median of `startup-runs` builds, and the heap used after one build.
 * 5. Routing with that large policy, on a sample of the conversations.
 *
 * Heap: the figure needs a full GC first. Without --expose-gc the script turns
 * the flag on at run time (v8.setFlagsFromString + vm.runInNewContext('gc')),
 * so plain `node bench/routing.ts` works; `node --expose-gc` works too.
 *
 * Targets are printed beside the figures (PASS/MISS); the exit code is 0 either
 * way. The last stdout line is one JSON object of all figures.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SafetyCategory } from '../shared/codes.ts';
import { largestAmount } from '../server/engine/amounts.ts';
import type { Turn } from '../server/engine/assistant.ts';
import { IntentModel, intentModelData } from '../server/engine/intent-model.ts';
import { IntentClassifier } from '../server/engine/intents.ts';
import { wordVectors } from '../server/engine/ml/load-vectors.ts';
import { parseArticle, type Article } from '../server/engine/knowledge.ts';
import { parsePolicy, type Policy } from '../server/engine/policy.ts';
import { Index } from '../server/engine/retrieve.ts';
import { Router } from '../server/engine/router.ts';
import { detectSafety } from '../server/engine/safety.ts';
import { actsModel } from '../server/engine/acts.ts';
import { terms } from '../server/engine/text.ts';
import { generate, largePolicy, ROUTING_WORKLOAD, type GeneratedArticle } from './generate.ts';

const TARGET_MSG_PER_S = 2000;
const TARGET_P99_MS = 5;
const LARGE_EXAMPLES_PER_INTENT = 300;
/** Conversations routed with the large policy (a sample: it is the slow case). */
const LARGE_POLICY_SAMPLE = 400;

const { values: args } = parseArgs({
  options: {
    passes: { type: 'string', default: '5' },
    'startup-runs': { type: 'string', default: '5' },
    seed: { type: 'string' },
  },
  strict: true,
});
function count(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${flag} must be a whole number >= 1, not "${raw}"\n`);
    process.exit(2);
  }
  return n;
}
const PASSES = count('passes', args.passes);
const STARTUP_RUNS = count('startup-runs', args['startup-runs']);
const options = args.seed === undefined ? ROUTING_WORKLOAD : { ...ROUTING_WORKLOAD, seed: count('seed', args.seed) };

const out = (line = '') => process.stdout.write(line + '\n');
const now = () => process.hrtime.bigint();
const ms = (ns: number) => ns / 1e6;
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** A full GC, or null when it cannot be had. */
function collector(): (() => void) | null {
  if (typeof globalThis.gc === 'function') return () => globalThis.gc?.();
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => (gc as () => void)() : null;
  } catch {
    return null;
  }
}
const gc = collector();
const fullGc = () => {
  // Twice: the first pass can leave weak/finalizable objects for the second.
  gc?.();
  gc?.();
};

/** Keeps results alive so the JIT cannot drop the work; printed at the end. */
let sink = 0;

interface LatencyFigures {
  messages: number;
  msgPerS: number;
  nsPerMsg: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** p99 over the conversations not flagged in `exclude` (the long pastes). */
  p99ShortMs: number;
}

/** Warm-up pass, then `passes` timed passes; every call timed on its own. */
function timeRouting(router: Router, convs: readonly (readonly Turn[])[], passes: number, exclude: readonly boolean[] = []): LatencyFigures {
  for (const turns of convs) sink += router.route(turns).confidence;
  const samples = new Float64Array(convs.length * passes);
  const short: number[] = [];
  let k = 0;
  let total = 0n;
  for (let p = 0; p < passes; p++) {
    const start = now();
    for (let i = 0; i < convs.length; i++) {
      const turns = convs[i] ?? [];
      const t0 = now();
      const r = router.route(turns);
      const ns = Number(now() - t0);
      samples[k++] = ns;
      if (!exclude[i]) short.push(ns);
      sink += r.confidence;
    }
    total += now() - start;
  }
  samples.sort();
  const shortSorted = Float64Array.from(short).sort();
  const totalNs = Number(total);
  return {
    messages: samples.length,
    msgPerS: round(samples.length / (totalNs / 1e9), 0),
    nsPerMsg: round(totalNs / samples.length, 0),
    p50Ms: round(ms(percentile(samples, 50)), 4),
    p95Ms: round(ms(percentile(samples, 95)), 4),
    p99Ms: round(ms(percentile(samples, 99)), 4),
    maxMs: round(ms(samples[samples.length - 1] ?? 0), 4),
    p99ShortMs: round(ms(percentile(shortSorted, 99)), 4),
  };
}

/**
 * ns per item of `fn` over `items`: one warm-up pass, then `rounds` rounds of
 * `passes` passes, each round timed as a whole; the median round. Cheap loops
 * (tokenising: ~2 µs a message) need the rounds to be steady on a busy machine.
 */
function timeLoop<T>(items: readonly T[], passes: number, fn: (item: T) => number, rounds = 1): number {
  for (const item of items) sink += fn(item);
  const perItem: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = now();
    for (let p = 0; p < passes; p++) for (const item of items) sink += fn(item);
    perItem.push(Number(now() - start) / (items.length * passes));
  }
  return median(perItem);
}

const parseKb = (kb: readonly GeneratedArticle[]): Article[] => kb.map((a) => parseArticle(a.id, a.markdown));

// ---------------------------------------------------------------------------

const runStart = now();
const loadAtStart = loadavg()[0] ?? 0;
out(`Baton routing benchmark — node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} (${cpus().length} cores visible; the benchmark runs on one thread)`);
out(`load average ${loadAtStart.toFixed(2)} at start (other busy processes make the absolute figures noisy; the ratios to tokenising hold up best)`);
out(`full GC for heap figures: ${gc ? (process.execArgv.includes('--expose-gc') ? '--expose-gc' : 'enabled at run time via v8.setFlagsFromString') : 'UNAVAILABLE (heap figure includes garbage)'}`);

// --- workload -------------------------------------------------------------
const t0 = now();
const work = generate(options);
const bigPolicyData = largePolicy(options, LARGE_EXAMPLES_PER_INTENT);
const generateMs = ms(Number(now() - t0));
const articles = parseKb(work.articles);
const policy = parsePolicy(work.policy, 'bench policy');
const convs = work.messages.map((m) => m.turns);
const lastTexts = convs.map((turns) => turns.at(-1)?.text ?? '');
const sections = articles.reduce((n, a) => n + a.sections.length, 0);
const kbWords = articles.reduce((n, a) => n + a.sections.reduce((m, s) => m + s.text.split(/\s+/).length, 0), 0);
const exampleCount = (p: Policy) => p.intents.reduce((n, i) => n + i.examples.length, 0);
const kinds = new Map<string, number>();
for (const m of work.messages) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
out();
out(`workload (seed ${options.seed}, generated in ${generateMs.toFixed(0)} ms)`);
out(`  knowledge: ${articles.length} articles, ${sections} sections, ${kbWords} words`);
out(`  policy: ${policy.intents.length} intents (${policy.intents.filter((i) => i.mode === 'auto').length} auto, ${policy.intents.filter((i) => i.mode === 'human').length} human, ${policy.intents.filter((i) => i.mode === 'urgent').length} urgent), ${exampleCount(policy)} examples`);
out(`  messages: ${convs.length} conversations (${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')})`);

// --- 1. routing throughput and latency ---------------------------------------
const router = new Router(articles, policy);
const routes = new Map<string, number>();
for (const turns of convs) {
  const r = router.route(turns);
  const key = r.reason ? `${r.route}:${r.reason}` : r.route;
  routes.set(key, (routes.get(key) ?? 0) + 1);
}
out(`  decisions: ${[...routes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);

const isLong = work.messages.map((m) => m.kind === 'long');
const routing = timeRouting(router, convs, PASSES, isLong);
out();
out(`1. routing (${PASSES} passes x ${convs.length} conversations after a warm-up pass, one thread)`);
out(`  throughput  ${routing.msgPerS.toFixed(0).padStart(8)} msg/s   target >= ${TARGET_MSG_PER_S}   ${verdict(routing.msgPerS >= TARGET_MSG_PER_S)}`);
out(`  latency p50 ${routing.p50Ms.toFixed(3).padStart(8)} ms`);
out(`  latency p95 ${routing.p95Ms.toFixed(3).padStart(8)} ms`);
out(`  latency p99 ${routing.p99Ms.toFixed(3).padStart(8)} ms      target <= ${TARGET_P99_MS} ms     ${verdict(routing.p99Ms <= TARGET_P99_MS)}`);
out(`  latency max ${routing.maxMs.toFixed(3).padStart(8)} ms`);
out(`  p99 without the ${kinds.get('long') ?? 0} long pastes (150-400 words) ${routing.p99ShortMs.toFixed(3)} ms   ${verdict(routing.p99ShortMs <= TARGET_P99_MS)}`);

// Slowest message kinds: mean route time per kind (one more pass).
const perKind = new Map<string, { n: number; ns: number }>();
for (const m of work.messages) {
  const s = now();
  sink += router.route(m.turns).confidence;
  const e = Number(now() - s);
  const agg = perKind.get(m.kind) ?? { n: 0, ns: 0 };
  agg.n++;
  agg.ns += e;
  perKind.set(m.kind, agg);
}
const kindMs: Record<string, number> = Object.fromEntries(
  [...perKind].map(([k, v]): [string, number] => [k, round(ms(v.ns / v.n), 4)]).sort((a, b) => b[1] - a[1]),
);
out(`  mean ms by kind: ${Object.entries(kindMs).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);

// --- 2. baseline: tokenising alone ------------------------------------------
const termsNs = timeLoop(lastTexts, 10, (text) => terms(text).length, 9);
const routingVsTerms = routing.nsPerMsg / termsNs;
out();
out(`2. baseline: terms() on the same last messages (median of 9 rounds of 10 passes)`);
out(`  tokenising ${(termsNs / 1000).toFixed(2)} µs/msg; routing ${(routing.nsPerMsg / 1000).toFixed(1)} µs/msg = ${routingVsTerms.toFixed(1)} x tokenising`);

// --- 3. where the time goes: the router's stages on their own ----------------
// The same calls Router#route makes, one stage at a time, on the 50-intent policy.
const vectors = wordVectors();
const index = new Index(articles, vectors);
const classifier = new IntentClassifier(policy);
const intentModel = new IntentModel(intentModelData(policy, articles, vectors), vectors, policy);
const safetyExamples: Partial<Record<SafetyCategory, string[]>> = Object.fromEntries(policy.intents.filter((i) => i.mode === 'urgent').map((i) => [i.name, i.examples]));
const stageNs = {
  safety: timeLoop(lastTexts, 2, (t) => detectSafety(t, safetyExamples).length),
  acts: timeLoop(lastTexts, 2, (t) => (actsModel().of(t) ? 1 : 0)),
  index: timeLoop(lastTexts, 2, (t) => classifier.classify(t)?.score ?? 0),
  model: timeLoop(lastTexts, 2, (t) => intentModel.classify(t)?.score ?? 0),
  retrieve: timeLoop(lastTexts, 2, (t) => index.search(t, 3).length),
  amount: timeLoop(lastTexts, 2, (t) => largestAmount(t) ?? 0),
};
out();
out(`3. stages alone, 2 passes (µs/msg, share of one route call; index and model are the intent reader's two halves; the rest is follow-up/repeat handling and assembly)`);
for (const [stage, ns] of Object.entries(stageNs)) out(`  ${stage.padEnd(10)} ${(ns / 1000).toFixed(1).padStart(8)} µs  ${((100 * ns) / routing.nsPerMsg).toFixed(0).padStart(3)}%  (${(ns / termsNs).toFixed(1)} x tokenising)`);

// --- 4. start-up with a 15,000-example policy ----------------------------------
const bigPolicy = parsePolicy(bigPolicyData, 'large policy');
out();
out(`4. start-up: ${articles.length} articles + policy of ${bigPolicy.intents.length} intents / ${exampleCount(bigPolicy)} examples, median of ${STARTUP_RUNS}`);
interface StartupRun {
  parseKb: number;
  parsePolicy: number;
  router: number;
  total: number;
}

// Each build runs in its own function call: locals of a loop at module level can
// stay alive in interpreter registers and would skew the next heap reading.
function startupRun(): StartupRun {
  const a = now();
  const kb = parseKb(work.articles);
  const b = now();
  const p = parsePolicy(bigPolicyData, 'large policy');
  const c = now();
  const r = new Router(kb, p);
  const d = now();
  sink += r.route([{ role: 'user', text: 'hi' }]).confidence;
  return { parseKb: ms(Number(b - a)), parsePolicy: ms(Number(c - b)), router: ms(Number(d - c)), total: ms(Number(d - a)) };
}

/** Heap retained by what `build` returns: heapUsed after a full GC, before and after. */
function retained<T>(build: () => T): { value: T; bytes: number; heapUsed: number } {
  fullGc();
  const before = process.memoryUsage().heapUsed;
  const value = build();
  fullGc();
  const heapUsed = process.memoryUsage().heapUsed;
  return { value, bytes: heapUsed - before, heapUsed };
}

const startup: StartupRun[] = [];
for (let run = 0; run < STARTUP_RUNS; run++) {
  fullGc();
  startup.push(startupRun());
}
// The Router constructor's two indexes alone (one build each): what the rest of the constructor adds is the difference.
const timeMs = (fn: () => number): number => {
  const s = now();
  sink += fn();
  return ms(Number(now() - s));
};
const indexMs = timeMs(() => new Index(articles).size);
const classifierMs = timeMs(() => new IntentClassifier(bigPolicy).classify('hi')?.score ?? 0);
const startupMedian = {
  parseKbMs: round(median(startup.map((s) => s.parseKb)), 1),
  parsePolicyMs: round(median(startup.map((s) => s.parsePolicy)), 1),
  routerMs: round(median(startup.map((s) => s.router)), 1),
  totalMs: round(median(startup.map((s) => s.total)), 1),
};
out(`  total ${startupMedian.totalMs.toFixed(1)} ms (runs: ${startup.map((s) => s.total.toFixed(0)).join(', ')} ms)`);
out(`    parse articles ${startupMedian.parseKbMs.toFixed(1)} ms, parse policy ${startupMedian.parsePolicyMs.toFixed(1)} ms, new Router ${startupMedian.routerMs.toFixed(1)} ms`);
out(`    inside new Router (single builds): knowledge Index ${indexMs.toFixed(1)} ms, IntentClassifier ${classifierMs.toFixed(1)} ms, rest of the constructor ${Math.max(0, startupMedian.routerMs - indexMs - classifierMs).toFixed(1)} ms`);

// Heap retained by a built router (parsed KB + parsed policy + indexes), the large policy and the 50-intent one.
const MiB = (bytes: number) => round(bytes / 2 ** 20, 1);
const small = retained(() => new Router(parseKb(work.articles), parsePolicy(work.policy, 'bench policy')));
const big = retained(() => new Router(parseKb(work.articles), parsePolicy(bigPolicyData, 'large policy')));
out(`  heap retained by one built router: ${MiB(big.bytes)} MiB with the ${exampleCount(bigPolicy)}-example policy, ${MiB(small.bytes)} MiB with the ${exampleCount(policy)}-example one`);
out(`  heap used after the build ${MiB(big.heapUsed)} MiB (the whole process: workload, both routers, samples)${gc ? '' : ' [no GC available: figures include garbage]'}`);
sink += small.value.route([{ role: 'user', text: 'hi' }]).confidence;
let built: Router | null = big.value;

// --- 5. routing with the large policy (sample) ----------------------------------
const every = Math.ceil(convs.length / LARGE_POLICY_SAMPLE);
const inSample = (_: unknown, i: number) => i % every === 0;
const sample = convs.filter(inSample);
const large = timeRouting(built, sample, 1, isLong.filter(inSample));
built = null;
out();
out(`5. routing with the ${exampleCount(bigPolicy)}-example policy (${sample.length} conversations, 1 pass after warm-up)`);
out(`  throughput ${large.msgPerS.toFixed(0)} msg/s (${verdict(large.msgPerS >= TARGET_MSG_PER_S)} vs ${TARGET_MSG_PER_S}), p50 ${large.p50Ms.toFixed(3)} ms, p99 ${large.p99Ms.toFixed(3)} ms (${verdict(large.p99Ms <= TARGET_P99_MS)} vs ${TARGET_P99_MS} ms), ${(large.nsPerMsg / termsNs).toFixed(0)} x tokenising`);

const elapsedS = Number(now() - runStart) / 1e9;
out();
const loadAtEnd = loadavg()[0] ?? 0;
out(`done in ${elapsedS.toFixed(1)} s (checksum ${round(sink, 0)}; load average ${loadAtEnd.toFixed(2)})`);

const figures = {
  bench: 'routing',
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  load: { start: round(loadAtStart, 2), end: round(loadAtEnd, 2) },
  seed: options.seed,
  workload: { articles: articles.length, sections, intents: policy.intents.length, examples: exampleCount(policy), messages: convs.length },
  passes: PASSES,
  routing: { ...routing, targetMsgPerS: TARGET_MSG_PER_S, targetP99Ms: TARGET_P99_MS, throughputOk: routing.msgPerS >= TARGET_MSG_PER_S, p99Ok: routing.p99Ms <= TARGET_P99_MS },
  meanMsByKind: kindMs,
  baseline: { termsNsPerMsg: round(termsNs, 0), routingVsTerms: round(routingVsTerms, 1) },
  stagesUsPerMsg: Object.fromEntries(Object.entries(stageNs).map(([k, v]) => [k, round(v / 1000, 2)])),
  startup: {
    intents: bigPolicy.intents.length,
    examples: exampleCount(bigPolicy),
    runs: STARTUP_RUNS,
    ...startupMedian,
    indexMs: round(indexMs, 1),
    classifierMs: round(classifierMs, 1),
    heapRetainedMiB: MiB(big.bytes),
    heapRetainedSmallPolicyMiB: MiB(small.bytes),
    heapUsedMiB: MiB(big.heapUsed),
    gc: gc !== null,
  },
  largePolicyRouting: { ...large, vsTerms: round(large.nsPerMsg / termsNs, 0) },
  elapsedS: round(elapsedS, 1),
};
out(JSON.stringify(figures));
