/**
 * The eval command (FORMAT.md section 5):
 *   npm run eval -- routing --kb DIR --policy FILE --cases FILE [--out FILE] [--llm]
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
import { runTraces, tracesSummary } from './traces.ts';

/** FORMAT.md: `frustrated` is the score crossing offerHumanAt, 0.5 unless a policy says otherwise. */
const DEFAULT_OFFER_AT = 0.5;

const USAGE = `usage:
  npm run eval -- routing --kb DIR --policy FILE --cases FILE [--out FILE] [--llm]
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
  kb?: string | undefined;
  policy?: string | undefined;
  cases?: string | undefined;
  out?: string | undefined;
  llm?: boolean | undefined;
}

async function routing(values: RoutingArgs): Promise<void> {
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
  const { values } = parseArgs({
    args: rest,
    options: { kb: { type: 'string' }, policy: { type: 'string' }, cases: { type: 'string' }, out: { type: 'string' }, llm: { type: 'boolean' } },
    strict: true,
  });
  if (command === 'routing') return routing(values);
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
