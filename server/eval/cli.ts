/**
 * The eval command (FORMAT.md section 5):
 *   npm run eval -- routing --kb DIR --policy FILE --cases FILE [--out FILE] [--llm]
 *   npm run eval -- routing --sets DIR... [--out FILE]
 *   npm run eval -- intents --policy FILE --cases FILE [--out FILE]
 *   npm run eval -- traces --cases FILE [--policy FILE] [--out FILE]
 * It runs the engine modules the server runs: offline by default, or with
 * `--llm` the server's LLM assistant on the endpoint the OPENAI_* variables
 * name. Its last stdout line is one JSON object of summary figures; bad input
 * exits 2 with the file and line.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BatonError, isRefusal } from '../../shared/errors.ts';
import { loadLlmConfig, type LlmConfig } from '../config.ts';
import { loadKnowledge, type Article } from '../engine/knowledge.ts';
import { LlmAssistant } from '../engine/llm-assistant.ts';
import { responderFromConfig } from '../engine/llm/from-config.ts';
import { loadPolicy, type Policy } from '../engine/policy.ts';
import { Router } from '../engine/router.ts';
import { readJsonLines, RoutingCase, TraceCase } from './cases.ts';
import { decideCases } from './decide-cases.ts';
import { routeCases, routingSummary } from './metrics.ts';
import { readIntentCases, runIntents } from './intents.ts';
import { pooled, runSet } from './sets.ts';
import { runTraces, tracesSummary } from './traces.ts';

/** FORMAT.md: `frustrated` is the score crossing offerHumanAt, 0.5 unless a policy says otherwise. */
const DEFAULT_OFFER_AT = 0.5;

const USAGE = `usage:
  npm run eval -- routing --kb DIR --policy FILE --cases FILE [--out FILE] [--llm]
  npm run eval -- routing --sets DIR... [--out FILE]     (each DIR holds kb/, policy.json, routing.jsonl)
  npm run eval -- intents --policy FILE --cases FILE [--out FILE]
  npm run eval -- traces --cases FILE [--policy FILE] [--out FILE]`;

function need(value: string | undefined, flag: string): string {
  if (!value) throw new BatonError('bad_input', `missing ${flag}\n${USAGE}`);
  return value;
}

function writeLines(file: string | undefined, rows: readonly object[]): void {
  if (file) writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

/** The endpoint for `--llm`, read before any case runs: a missing key is bad input, not a run of hand-overs. */
function llmSettings(): LlmConfig {
  const llm = loadLlmConfig(process.env);
  if (!llm) throw new BatonError('bad_input', '--llm needs OPENAI_API_KEY (any value for a local endpoint that needs none; OPENAI_BASE_URL names the endpoint); without --llm the eval runs offline');
  return llm;
}

/**
 * The server's LLM assistant on the configured endpoint. A failed call is a case
 * handed over (upstream_error), as in the server; its detail goes to stderr so
 * stdout still ends with the summary.
 */
function llmAssistant(articles: readonly Article[], policy: Policy, llm: LlmConfig, failed: () => void): LlmAssistant {
  const responder = responderFromConfig(llm, (event) => {
    failed();
    process.stderr.write(`eval: model call failed: ${JSON.stringify(event)}\n`);
  });
  return new LlmAssistant(articles, policy, responder);
}

interface RoutingArgs {
  sets?: string[] | undefined;
  kb?: string | undefined;
  policy?: string | undefined;
  cases?: string | undefined;
  out?: string | undefined;
  llm?: boolean | undefined;
}

async function routing(values: RoutingArgs): Promise<void> {
  if (values.sets) return routingSets(values);
  const llm = values.llm ? llmSettings() : null;
  const kb = need(values.kb, '--kb');
  if (!existsSync(kb) || !statSync(kb).isDirectory()) throw new BatonError('bad_input', `${kb}: not a folder of Markdown articles`);
  const policy = loadPolicy(need(values.policy, '--policy'));
  const cases = readJsonLines(need(values.cases, '--cases'), RoutingCase);
  const articles = loadKnowledge(kb);
  if (articles.length === 0) throw new BatonError('bad_input', `${kb}: no .md articles`);
  // Counted into the summary: an unreachable endpoint must not pass for a run of careful hand-overs.
  let modelCallsFailed = 0;
  const outputs = llm
    ? await decideCases(llmAssistant(articles, policy, llm, () => modelCallsFailed++), cases)
    : routeCases(new Router(articles, policy), cases);
  writeLines(values.out, outputs);
  const summary = routingSummary(cases, outputs, policy);
  const { riskCoverage, ...figures } = summary;
  process.stdout.write('risk-coverage (threshold: answered share, wrong share among answered)\n');
  for (const p of riskCoverage) process.stdout.write(`  >= ${p.threshold.toFixed(2)}: coverage ${p.coverage.toFixed(3)}, risk ${p.risk.toFixed(3)}\n`);
  process.stdout.write(JSON.stringify({ ...figures, ...(llm && { modelCallsFailed }), riskCoverage }) + '\n');
}

/** Per-set lines, then the pooled summary as the last line (with each set's figures and the worst set's name). */
function routingSets(values: RoutingArgs): void {
  if (values.kb || values.policy || values.cases || values.llm) throw new BatonError('bad_input', `--sets takes no --kb, --policy, --cases or --llm\n${USAGE}`);
  const runs = (values.sets ?? []).map(runSet);
  if (runs.length === 0) throw new BatonError('bad_input', `--sets needs at least one folder\n${USAGE}`);
  writeLines(values.out, runs.flatMap((r) => r.outputs.map((o) => ({ set: r.name, ...o }))));
  const sets = Object.fromEntries(runs.map((r) => [r.name, (({ riskCoverage: _, ...f }) => f)(r.summary)]));
  for (const [name, figures] of Object.entries(sets)) process.stdout.write(`${name}: ${JSON.stringify(figures)}\n`);
  const worst = [...runs].sort((a, b) => (a.summary.intentAccuracy ?? 1) - (b.summary.intentAccuracy ?? 1))[0]!;
  const { riskCoverage: _, ...all } = pooled(runs);
  const mean = (key: 'intentAccuracy' | 'routeAccuracy') => Math.round((runs.reduce((n, r) => n + (r.summary[key] ?? 0), 0) / runs.length) * 10000) / 10000;
  process.stdout.write(JSON.stringify({ ...all, meanIntentAccuracy: mean('intentAccuracy'), meanRouteAccuracy: mean('routeAccuracy'), worstIntentSet: worst.name, sets }) + '\n');
}

function intents(values: RoutingArgs): void {
  if (values.kb || values.llm || values.sets) throw new BatonError('bad_input', `intents takes --policy, --cases and --out only\n${USAGE}`);
  const policy = loadPolicy(need(values.policy, '--policy'));
  const cases = readIntentCases(need(values.cases, '--cases'));
  const run = runIntents(policy, cases);
  writeLines(values.out, run.outputs);
  process.stdout.write(JSON.stringify(run.summary) + '\n');
}

function traces(values: RoutingArgs): void {
  if (values.kb || values.llm) throw new BatonError('bad_input', `traces takes --cases, --policy and --out only\n${USAGE}`);
  const cases = readJsonLines(need(values.cases, '--cases'), TraceCase);
  const offerHumanAt = values.policy ? loadPolicy(values.policy).frustration.offerHumanAt : DEFAULT_OFFER_AT;
  const outputs = runTraces(cases, offerHumanAt);
  writeLines(values.out, outputs);
  process.stdout.write(JSON.stringify(tracesSummary(cases, outputs)) + '\n');
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { sets: { type: 'string', multiple: true }, kb: { type: 'string' }, policy: { type: 'string' }, cases: { type: 'string' }, out: { type: 'string' }, llm: { type: 'boolean' } },
    strict: true,
    // `--sets a b c`: the folders after the first come as positionals.
    allowPositionals: true,
  });
  if (positionals.length > 0 && !values.sets) throw new BatonError('bad_input', `unexpected argument "${positionals[0]}"\n${USAGE}`);
  if (values.sets) values.sets.push(...positionals);
  if (command === 'routing') return routing(values);
  if (command === 'intents') return intents(values);
  if (command === 'traces') return traces(values);
  throw new BatonError('bad_input', `unknown command "${command ?? ''}"\n${USAGE}`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  // A bad OPENAI_* value is bad input like a bad file: the same message-and-exit-2 path.
  if (isRefusal(error, 'bad_input', 'bad_policy', 'bad_config') || (error instanceof TypeError && 'code' in error)) {
    process.stderr.write(`eval: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
