import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../paths.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'baton-eval-'));
const policy = join(dir, 'policy.json');
writeFileSync(
  policy,
  JSON.stringify({
    version: 1,
    minConfidence: 0.5,
    intents: [
      { name: 'shipping', mode: 'auto', description: 'delivery times, costs, tracking', examples: ['when will my parcel arrive', 'how much is delivery'] },
      { name: 'refunds', mode: 'auto', humanAboveAmount: 50, examples: ['I want my money back', 'refund for my order'] },
    ],
  }),
);

async function evalCmd(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['server/eval/cli.ts', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run eval -- routing', () => {
  it('writes one output per case in order and ends with a JSON summary line', async () => {
    const cases = join(dir, 'cases.jsonl');
    writeFileSync(
      cases,
      [
        { id: 'x1', messages: [{ role: 'user', text: 'how much does express delivery cost?' }], expect: { route: 'answer', intent: 'shipping', answerable: true } },
        { id: 'x2', messages: [{ role: 'user', text: 'please refund my $80 order' }], expect: { route: 'escalate', intent: 'refunds' } },
        { id: 'x3', messages: [{ role: 'user', text: "I'm taking you to court over this" }], expect: { route: 'urgent', flags: ['legal_threat'] } },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    const out = join(dir, 'out.jsonl');
    const { code, stdout } = await evalCmd('routing', '--kb', join(DEMO_DIR, 'kb'), '--policy', policy, '--cases', cases, '--out', out);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    expect(summary).toMatchObject({ cases: 3, urgentRecall: 1 });
    for (const key of ['routeAccuracy', 'falseFlags', 'unanswerableAnswered', 'answerableAnswered', 'intentAccuracy', 'auroc']) expect(summary).toHaveProperty(key);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['x1', 'x2', 'x3']);
    expect(rows[1]).toMatchObject({ route: 'escalate', intent: 'refunds' });
    expect(rows[2]).toMatchObject({ route: 'urgent', flags: ['legal_threat'] });
    expect(Object.keys(rows[0]).sort()).toEqual(['article', 'confidence', 'flags', 'id', 'intent', 'route']);
  });

  it('exits 2 naming the file and line of a malformed case', async () => {
    const cases = join(dir, 'bad.jsonl');
    writeFileSync(cases, `${JSON.stringify({ id: 'ok', messages: [{ role: 'user', text: 'hi' }], expect: { route: 'answer' } })}\n{"id":"broken",\n`);
    const { code, stderr } = await evalCmd('routing', '--kb', join(DEMO_DIR, 'kb'), '--policy', policy, '--cases', cases);
    expect(code).toBe(2);
    expect(stderr).toContain(`${cases}:2: not valid JSON`);
  });

  it('exits 2 on a case that breaks the format, a missing file, and a bad policy', async () => {
    const cases = join(dir, 'wrong.jsonl');
    writeFileSync(cases, JSON.stringify({ id: 'w', messages: [{ role: 'user', text: 'hi' }], expect: { route: 'maybe' } }) + '\n');
    const wrong = await evalCmd('routing', '--kb', join(DEMO_DIR, 'kb'), '--policy', policy, '--cases', cases);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`${cases}:1: expect.route`);
    const missing = await evalCmd('routing', '--kb', join(DEMO_DIR, 'kb'), '--policy', policy, '--cases', join(dir, 'nope.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.jsonl: cannot read: ENOENT');
    const badPolicy = join(dir, 'bad-policy.json');
    writeFileSync(badPolicy, JSON.stringify({ version: 1, intents: [{ name: 'x', mode: 'never' }] }));
    const policyRun = await evalCmd('routing', '--kb', join(DEMO_DIR, 'kb'), '--policy', badPolicy, '--cases', cases);
    expect(policyRun.code).toBe(2);
    expect(policyRun.stderr).toContain('intents.0.mode');
    expect((await evalCmd('routing', '--kb', join(DEMO_DIR, 'kb'))).code).toBe(2);
  });
});
