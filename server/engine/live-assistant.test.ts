import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { answer, REFUND_QUESTION, startLlmSite } from '../testing/llm-fixture.ts';
import { LiveAssistant } from './live-assistant.ts';
import { LlmAssistant } from './llm-assistant.ts';
import { createLlmResponder } from './llm/responder.ts';

const quiet = createLogger('error', 'test', () => undefined);
const ask = (a: LiveAssistant, text: string) => a.decide({ turns: [{ role: 'user', text }] });
const policy = (humanIntents: string[] = []) =>
  JSON.stringify({
    version: 1,
    minConfidence: 0.3,
    intents: [
      { name: 'lockers', mode: humanIntents.includes('lockers') ? 'human' : 'auto', description: 'parcel lockers', examples: ['can you deliver to a parcel locker'] },
    ],
  });

describe('LiveAssistant', () => {
  const open: LiveAssistant[] = [];
  afterEach(() => {
    for (const a of open.splice(0)) a.close();
  });

  function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'baton-live-'));
    const models = join(dir, 'models');
    const kb = join(dir, 'kb');
    writeFileSync(join(dir, 'policy.json'), policy());
    mkdirSync(kb);
    writeFileSync(join(kb, 'lockers.md'), '# Parcel lockers\n\n## Locker delivery\n\nWe deliver to parcel lockers in 40 cities.\n');
    const a = new LiveAssistant({ kb, policy: join(dir, 'policy.json') }, quiet, undefined, { modelsDir: models }).watch();
    open.push(a);
    return { a, dir, kb };
  }

  it('answers from the knowledge base as loaded at start', async () => {
    const { a } = setup();
    expect((await ask(a, 'do you deliver to parcel lockers?')).reply).toContain('40 cities');
  });

  it('picks up an edited article without a restart', async () => {
    const { a, kb } = setup();
    const reloaded = a.nextReload();
    writeFileSync(join(kb, 'lockers.md'), '# Parcel lockers\n\n## Locker delivery\n\nWe deliver to parcel lockers in 75 cities.\n');
    await reloaded;
    expect((await ask(a, 'do you deliver to parcel lockers?')).reply).toContain('75 cities');
  });

  it('follows a policy change, and keeps the last good engine when the new file is broken', async () => {
    const { a, dir } = setup();
    const reloaded = a.nextReload();
    writeFileSync(join(dir, 'policy.json'), policy(['lockers']));
    await reloaded;
    expect(await ask(a, 'can you deliver to a parcel locker')).toMatchObject({ route: 'escalate', reason: 'human_intent' });
    writeFileSync(join(dir, 'policy.json'), '{"version": 1, "intents": [{"name": "x", "mode": "maybe"}]}');
    expect(a.reload()).toBe(false);
    expect(await ask(a, 'can you deliver to a parcel locker')).toMatchObject({ reason: 'human_intent' });
  });

  it('trains a changed policy in a worker: the event loop stays free and the previous engine answers meanwhile', async () => {
    const { a, dir } = setup();
    // Forty intents of twenty examples each, in a fresh model cache: a second or more of training.
    const salt = 'k';
    const big = {
      version: 1,
      minConfidence: 0.3,
      intents: [
        { name: 'lockers', mode: 'human', description: 'parcel lockers', examples: ['can you deliver to a parcel locker'] },
        ...Array.from({ length: 40 }, (_, i) => ({
          name: `topic_${i}`,
          mode: 'auto',
          description: `questions about subject ${i} ${salt}`,
          examples: Array.from({ length: 20 }, (_, e) => `question ${e} about subject ${i} and widget ${salt}${i}x${e}`),
        })),
      ],
    };
    const reloaded = a.nextReload();
    writeFileSync(join(dir, 'policy.json'), JSON.stringify(big));
    let worst = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 10);
    // Until the new model is ready the old engine answers: lockers is still an auto intent there.
    await new Promise((r) => setTimeout(r, 200));
    expect(await ask(a, 'can you deliver to a parcel locker')).toMatchObject({ route: 'answer' });
    await reloaded;
    clearInterval(tick);
    expect(await ask(a, 'can you deliver to a parcel locker')).toMatchObject({ route: 'escalate', reason: 'human_intent' });
    expect(worst).toBeLessThan(250);
  }, 60_000);

  it('rebuilds the engine it is given (the LLM assistant) from changed files, and passes the reply stream through', async () => {
    const site = await startLlmSite();
    try {
      const responder = createLlmResponder(site.llm());
      const a = new LiveAssistant({ kb: site.kb, policy: site.policy }, quiet, (articles, p) => new LlmAssistant(articles, p, responder)).watch();
      open.push(a);
      const reloaded = a.nextReload();
      writeFileSync(join(site.kb, 'refunds.md'), '# Refunds\n\n## Refund time limit\n\nYou can ask for a refund within 60 days of delivery.\n');
      await reloaded;
      const reply = 'You can ask for a refund within 60 days of delivery.';
      site.fake.script(answer(reply));
      const tokens: string[] = [];
      // 60 days is supported by the new article only: sent means the new one was used.
      const decision = await a.decide({ turns: [{ role: 'user', text: REFUND_QUESTION }] }, { onToken: (t) => tokens.push(t) });
      expect(decision).toMatchObject({ route: 'answer', reply });
      expect(tokens.join('')).toBe(reply);
      expect(site.modelRequests()[0]?.messages.some((m) => m.content.includes('within 60 days'))).toBe(true);
    } finally {
      await site.close();
    }
  });
});
