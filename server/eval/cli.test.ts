import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../paths.ts';
import { DEV_SET, hasDevSet } from '../testing/dev-set.ts';
import { answer, REFUND_ANSWER, REFUND_QUESTION, startLlmSite, type LlmSite } from '../testing/llm-fixture.ts';

const run = promisify(execFile);
const devSet = hasDevSet('the dev-set trace targets');
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

/** This process's environment without any OPENAI_* setting (a developer's own key must not reach a test), plus `extra`. */
function envWith(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OPENAI_')));
  return { ...env, ...extra };
}

async function evalCmd(...args: string[]) {
  return evalWith(envWith(), ...args);
}

async function evalWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['server/eval/cli.ts', ...args], { env });
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

describe('npm run eval -- routing --sets', () => {
  /** A set folder: the demo's knowledge and the test policy, and these cases. */
  function set(name: string, cases: object[]): string {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    cpSync(join(DEMO_DIR, 'kb'), join(d, 'kb'), { recursive: true });
    cpSync(policy, join(d, 'policy.json'));
    writeFileSync(join(d, 'routing.jsonl'), cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    return d;
  }
  const greet = { id: 'g', messages: [{ role: 'user', text: 'hello there!' }], expect: { route: 'answer', intent: null } };
  const person = { id: 'p', messages: [{ role: 'user', text: 'put me through to a human being please' }], expect: { route: 'escalate', intent: null } };

  it('prints a line per set and a pooled last line naming the worst set', async () => {
    const a = set('alpha', [greet, person]);
    const b = set('beta', [{ ...greet, expect: { route: 'answer', intent: 'shipping' } }]);
    const out = join(dir, 'sets-out.jsonl');
    const { code, stdout } = await evalCmd('routing', '--sets', a, b, '--out', out);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^alpha: \{"cases":2,/);
    expect(lines[1]).toMatch(/^beta: \{"cases":1,/);
    const pooled = JSON.parse(lines.at(-1)!);
    expect(pooled).toMatchObject({ cases: 3, intentAccuracy: 0.6667, meanIntentAccuracy: 0.5, worstIntentSet: 'beta' });
    expect(pooled.sets.alpha).toMatchObject({ routeAccuracy: 1, intentAccuracy: 1 });
    expect(readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l).set)).toEqual(['alpha', 'alpha', 'beta']);
  });

  it('exits 2 naming what is missing', async () => {
    const empty = join(dir, 'empty-set');
    mkdirSync(empty, { recursive: true });
    const missing = await evalCmd('routing', '--sets', empty);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(empty, 'kb')}: missing`);
    const mixed = await evalCmd('routing', '--sets', empty, '--kb', join(DEMO_DIR, 'kb'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('--sets takes no --kb');
  });
});

describe('npm run eval -- intents', () => {
  it('prints in-scope accuracy and out-of-scope recall', async () => {
    const cases = join(dir, 'intents.jsonl');
    const lines = [
      { text: 'when is my parcel going to arrive', intent: 'shipping' },
      { text: 'I would like my money back for this order', intent: 'refunds' },
      { text: 'who painted the sistine chapel ceiling', intent: null },
    ];
    writeFileSync(cases, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const { code, stdout } = await evalCmd('intents', '--policy', policy, '--cases', cases);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ cases: 3, inScope: 2, inScopeAccuracy: 1, outOfScope: 1, outOfScopeRecall: 1 });
  });

  it('exits 2 naming the file and line of a bad line', async () => {
    const cases = join(dir, 'bad-intents.jsonl');
    writeFileSync(cases, '{"text":"hi","intent":null}\n{"text":"","intent":"x"}\n');
    const { code, stderr } = await evalCmd('intents', '--policy', policy, '--cases', cases);
    expect(code).toBe(2);
    expect(stderr).toContain(`${cases}:2: text`);
  });
});

describe('npm run eval -- routing --llm', () => {
  let site: LlmSite;
  beforeAll(async () => {
    site = await startLlmSite();
  });
  afterAll(async () => {
    await site.close();
  });

  const DELIVERY_QUESTION = 'How long does standard delivery take?';
  const llmCases = join(dir, 'llm-cases.jsonl');
  writeFileSync(
    llmCases,
    [
      { id: 'model', messages: [{ role: 'user', text: REFUND_QUESTION }], expect: { route: 'answer', intent: null, answerable: true } },
      { id: 'down', messages: [{ role: 'user', text: DELIVERY_QUESTION }], expect: { route: 'answer', intent: null, answerable: true } },
    ]
      .map((c) => JSON.stringify(c))
      .join('\n'),
  );
  const endpoint = (extra: Record<string, string> = {}) =>
    envWith({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: site.fake.baseURL, OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '2000', ...extra });
  const readRows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

  it('routes each case through the model: one answered, one handed over when the endpoint fails, then the summary', async () => {
    const before = site.modelRequests().length;
    // Cases run one at a time, so the drafts take the script in case order (safety checks are answered apart).
    site.fake.script(answer(REFUND_ANSWER, { logprob: -0.05 }), { kind: 'error', status: 500, message: 'upstream is down', type: 'server_error' });
    const out = join(dir, 'llm-out.jsonl');
    const { code, stdout, stderr } = await evalWith(endpoint(), 'routing', '--kb', site.kb, '--policy', site.policy, '--cases', llmCases, '--out', out, '--llm');
    expect(code).toBe(0);
    const rows = readRows(out);
    expect(rows.map((r) => r.id)).toEqual(['model', 'down']);
    expect(rows[0]).toMatchObject({ route: 'answer', intent: null, flags: [], article: 'refunds' });
    expect(rows[0].confidence).toBeGreaterThan(0);
    expect(rows[0].confidence).toBeLessThanOrEqual(Math.exp(-0.05));
    expect(rows[1]).toMatchObject({ route: 'escalate', flags: [], article: 'delivery' });
    expect(Object.keys(rows[1]).sort()).toEqual(['article', 'confidence', 'flags', 'id', 'intent', 'route']);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    expect(summary).toMatchObject({ cases: 2, routeAccuracy: 0.5, falseFlags: 0, unanswerableAnswered: 0, modelCallsFailed: 1 });
    // The upstream's failure is on stderr for whoever runs the eval, not mixed into stdout.
    expect(stderr).toContain('eval: model call failed: {"op":"draft","error":"upstream","status":500');
    const drafts = site.modelRequests().slice(before);
    expect(drafts).toHaveLength(2);
    expect(drafts[0]).toMatchObject({ model: 'test-model', stream: true, logprobs: true });
  });

  it('with OPENAI_LOGPROBS=0 asks for no logprobs and judges by sample agreement', async () => {
    const before = site.modelRequests().length;
    site.fake.script(answer(REFUND_ANSWER, { logprob: null }), { kind: 'reply', text: REFUND_ANSWER });
    const out = join(dir, 'llm-samples-out.jsonl');
    const cases = join(dir, 'llm-one.jsonl');
    writeFileSync(cases, readFileSync(llmCases, 'utf8').split('\n')[0] + '\n');
    const { code } = await evalWith(endpoint({ OPENAI_LOGPROBS: '0' }), 'routing', '--kb', site.kb, '--policy', site.policy, '--cases', cases, '--out', out, '--llm');
    expect(code).toBe(0);
    expect(readRows(out)[0]).toMatchObject({ id: 'model', route: 'answer', article: 'refunds' });
    const [draft, samples] = site.modelRequests().slice(before);
    expect(draft).toMatchObject({ stream: true, logprobs: false });
    expect(samples).toMatchObject({ stream: false, n: 3 });
  });

  it('exits 2 with a clear error when --llm has no OPENAI_API_KEY or a bad OPENAI_ value', async () => {
    const noKey = await evalWith(envWith(), 'routing', '--kb', site.kb, '--policy', site.policy, '--cases', llmCases, '--llm');
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('eval: --llm needs OPENAI_API_KEY');
    expect(noKey.stdout).toBe('');
    const badSwitch = await evalWith(endpoint({ OPENAI_LOGPROBS: 'no' }), 'routing', '--kb', site.kb, '--policy', site.policy, '--cases', llmCases, '--llm');
    expect(badSwitch.code).toBe(2);
    expect(badSwitch.stderr).toContain('eval: OPENAI_LOGPROBS: must be 1 or 0');
  });
});

describe('npm run eval -- traces', () => {
  const trace = (id: string, events: object[], expect?: object) => JSON.stringify({ id, events, ...(expect && { expect }) });
  const calm = trace('calm', [{ t: 0, type: 'open' }, { t: 1000, type: 'send', text: 'how do refunds work' }, { t: 2000, type: 'reply', from: 'bot', text: 'like this', confidence: 0.9 }, { t: 5000, type: 'send', text: 'thanks' }, { t: 6000, type: 'leave' }], { frustrated: false, abandoned: false });
  const rageQuit = trace('rage', [{ t: 0, type: 'send', text: 'where is my refund' }, { t: 1000, type: 'reply', from: 'bot', text: 'soon', confidence: 0.4 }, { t: 8000, type: 'send', text: 'where is my refund' }, { t: 9000, type: 'leave' }], { frustrated: true, abandoned: true });
  const weak = trace('weak', [{ t: 0, type: 'send', text: 'this is useless' }, { t: 1000, type: 'feedback', value: 'down' }], { frustrated: true, abandoned: false });

  it('runs the widget detector on each trace, writes one line per trace and ends with the summary', async () => {
    const cases = join(dir, 'traces.jsonl');
    const out = join(dir, 'traces-out.jsonl');
    writeFileSync(cases, [calm, rageQuit, weak].join('\n') + '\n');
    const { code, stdout } = await evalCmd('traces', '--cases', cases, '--out', out);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      traces: 3,
      frustrated: { precision: 1, recall: 1 },
      abandoned: { precision: 1, recall: 1 },
      rageQuit: { precision: 1, recall: 1 },
      calmFlaggedFrustrated: 0,
    });
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['calm', 'rage', 'weak']);
    expect(rows[1]).toEqual({ id: 'rage', frustrated: true, abandoned: true, rageQuit: true, maxFrustration: 0.5 });
  });

  it('takes the threshold from --policy and scales the score to it, so the rubric still decides', async () => {
    const cases = join(dir, 'strict.jsonl');
    const out = join(dir, 'strict-out.jsonl');
    const strict = join(dir, 'strict-policy.json');
    writeFileSync(cases, [rageQuit, weak].join('\n') + '\n');
    writeFileSync(strict, JSON.stringify({ version: 1, intents: [], frustration: { offerHumanAt: 0.9, handoffAt: 0.95 } }));
    const { code } = await evalCmd('traces', '--cases', cases, '--policy', strict, '--out', out);
    expect(code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { id: 'rage', frustrated: true, abandoned: true, rageQuit: true, maxFrustration: 0.9 },
      { id: 'weak', frustrated: true, abandoned: false, rageQuit: false, maxFrustration: 0.9 },
    ]);
  });

  it('exits 2 naming the file, line and field of a bad trace', async () => {
    const cases = join(dir, 'bad-traces.jsonl');
    writeFileSync(cases, calm + '\n' + trace('x', [{ t: 0, type: 'click', x: 1, y: 2, target: 'window' }]) + '\n');
    const { code, stderr } = await evalCmd('traces', '--cases', cases);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad-traces\.jsonl:2: events\.0\.target/);
  });

  it.skipIf(!devSet)('meets the dev-set targets: frustrated and abandoned precision and recall, no calm trace flagged', async () => {
    const { code, stdout } = await evalCmd('traces', '--cases', join(DEV_SET, 'traces.jsonl'));
    expect(code).toBe(0);
    const s = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    expect(s.frustrated.precision).toBeGreaterThanOrEqual(0.9);
    expect(s.frustrated.recall).toBeGreaterThanOrEqual(0.9);
    expect(s.abandoned.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.abandoned.recall).toBeGreaterThanOrEqual(0.95);
    expect(s.calmFlaggedFrustrated).toBe(0);
  });
});
