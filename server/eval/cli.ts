/**
 * The eval command (FORMAT.md section 5):
 *   npm run eval -- routing --kb DIR --policy FILE --cases FILE [--out FILE]
 *   npm run eval -- traces --cases FILE [--policy FILE] [--out FILE]
 * It runs the engine modules the server runs. Its last stdout line is one JSON
 * object of summary figures; bad input exits 2 with the file and line.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../engine/knowledge.ts';
import { loadPolicy, PolicyError } from '../engine/policy.ts';
import { Router } from '../engine/router.ts';
import { InputError, readJsonLines, RoutingCase } from './cases.ts';
import { routeCases, routingSummary } from './metrics.ts';

const USAGE = `usage:
  npm run eval -- routing --kb DIR --policy FILE --cases FILE [--out FILE]
  npm run eval -- traces --cases FILE [--policy FILE] [--out FILE]`;

function need(value: string | undefined, flag: string): string {
  if (!value) throw new InputError(`missing ${flag}\n${USAGE}`);
  return value;
}

function writeLines(file: string | undefined, rows: readonly object[]): void {
  if (file) writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

function routing(values: Record<string, string | undefined>): void {
  const kb = need(values.kb, '--kb');
  if (!existsSync(kb) || !statSync(kb).isDirectory()) throw new InputError(`${kb}: not a folder of Markdown articles`);
  const policy = loadPolicy(need(values.policy, '--policy'));
  const cases = readJsonLines(need(values.cases, '--cases'), RoutingCase);
  const articles = loadKnowledge(kb);
  if (articles.length === 0) throw new InputError(`${kb}: no .md articles`);
  const outputs = routeCases(new Router(articles, policy), cases);
  writeLines(values.out, outputs);
  const summary = routingSummary(cases, outputs, policy);
  const { riskCoverage, ...figures } = summary;
  process.stdout.write('risk-coverage (threshold: answered share, wrong share among answered)\n');
  for (const p of riskCoverage) process.stdout.write(`  >= ${p.threshold.toFixed(2)}: coverage ${p.coverage.toFixed(3)}, risk ${p.risk.toFixed(3)}\n`);
  process.stdout.write(JSON.stringify({ ...figures, riskCoverage }) + '\n');
}

function main(argv: string[]): void {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: { kb: { type: 'string' }, policy: { type: 'string' }, cases: { type: 'string' }, out: { type: 'string' }, llm: { type: 'boolean' } },
    strict: true,
  });
  if (command === 'routing') return routing(values as Record<string, string | undefined>);
  if (command === 'traces') throw new InputError('traces: the frustration detector is not built yet (it comes with its own issue)');
  throw new InputError(`unknown command "${command ?? ''}"\n${USAGE}`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof InputError || error instanceof PolicyError || (error instanceof TypeError && 'code' in error)) {
    process.stderr.write(`eval: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
