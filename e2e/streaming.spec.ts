/**
 * The LLM path in the real widget: the built server talks to a scripted
 * OpenAI-compatible server on 127.0.0.1; Chromium shows the reply as it is
 * written, then the stored reply in its place; and when the stream is cut, the
 * provisional text goes, the conversation waits for a person, and the
 * transcript is whole.
 */
import { expect, test, type Page } from '@playwright/test';
import { answer, REFUND_ANSWER, REFUND_QUESTION, startLlmSite, type LlmSite } from '../server/testing/llm-fixture.ts';
import { widget } from './pages.ts';
import { embed, startStack, type Stack } from './servers.ts';

const STUB = `<script>window.Baton=window.Baton||function(){(Baton.q=Baton.q||[]).push(arguments)}</script>`;
const LISTEN = `<script>window.__got = []; Baton('on', 'message', function (m) { window.__got.push(m); });</script>`;

let site: LlmSite;
let stack: Stack;
test.beforeAll(async () => {
  site = await startLlmSite();
  stack = await startStack((base) => `${STUB}${LISTEN}${embed(base)}`, {
    site: { kb: site.kb, policy: site.policy },
    // A generous limit: no journey here waits on it (the cut stream fails at once), and a busy two-core CI
    // machine must not turn a slow but whole reply into a hand-over.
    env: { OPENAI_API_KEY: 'sk-e2e', OPENAI_BASE_URL: site.fake.baseURL, OPENAI_MODEL: 'test-model', OPENAI_TIMEOUT_MS: '5000' },
  });
});
test.afterAll(async () => {
  await stack?.close();
  await site?.close();
});

interface Watched {
  /** Every text the provisional line showed, in order. */
  texts: string[];
  /** Seen at some moment: the provisional line and the stored reply at once. */
  both: boolean;
  /** Seen at some moment: the provisional line's text colour. */
  color: string | null;
}

/** Records, inside the page, every state of the provisional line: Playwright's polling could miss a short stream. */
async function watchProvisional(page: Page): Promise<() => Promise<Watched>> {
  await page.evaluate(() => {
    const root = document.querySelector('[data-baton-host]')?.shadowRoot;
    if (!root) throw new Error('no widget shadow root');
    const seen: Watched = { texts: [], both: false, color: null };
    (window as unknown as { __watched: Watched }).__watched = seen;
    new MutationObserver(() => {
      const line = root.querySelector('[data-testid="baton-provisional"]');
      if (!line) return;
      const text = line.textContent ?? '';
      if (seen.texts.at(-1) !== text) seen.texts.push(text);
      seen.color ??= getComputedStyle(line).color;
      const stored = [...root.querySelectorAll('[data-testid="baton-message"][data-role="assistant"]')];
      if (stored.length > 0) seen.both = true;
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { __watched: Watched }).__watched);
}

const assistantMessages = (page: Page) => page.evaluate(() => (window as unknown as { __got: { role: string; text: string }[] }).__got.filter((m) => m.role === 'assistant'));

test('shows the reply as it is written, then the stored reply in its place, once', async ({ page }) => {
  site.fake.script(answer(REFUND_ANSWER, { chunkDelayMs: 20 }));
  await page.goto(stack.host.url);
  const w = widget(page);
  await w.launcher.click();
  await expect(w.status).toHaveAttribute('data-status', 'online');
  const watched = await watchProvisional(page);

  await w.send(REFUND_QUESTION);
  await expect(w.messages.filter({ hasText: REFUND_ANSWER })).toHaveCount(1);
  await expect(w.messages.last()).toHaveAttribute('data-role', 'assistant');
  await expect(page.getByTestId('baton-provisional')).toHaveCount(0);

  const seen = await watched();
  // Several growing pieces, each the start of the answer, before the stored reply.
  expect(seen.texts.length).toBeGreaterThan(2);
  for (const text of seen.texts) expect(REFUND_ANSWER.startsWith(text)).toBe(true);
  expect(seen.texts.at(0)?.length).toBeLessThan(REFUND_ANSWER.length);
  expect(seen.both).toBe(false);
  // In progress looks muted, not like the stored reply.
  expect(seen.color).toBe('rgb(107, 114, 128)');

  expect(await w.stored()).toEqual([
    { seq: 1, role: 'visitor', text: REFUND_QUESTION },
    { seq: 2, role: 'assistant', text: REFUND_ANSWER },
  ]);
  // The page hears the stored reply once, never the pieces.
  expect(await assistantMessages(page)).toEqual([expect.objectContaining({ text: REFUND_ANSWER })]);
});

test('a stream cut halfway: the provisional text goes, a person is on the way, the transcript is whole', async ({ page }) => {
  const cutShort = 'Refunds go back to the card you paid with, within 5 working days.';
  site.fake.script(answer(REFUND_ANSWER), { kind: 'cut', text: cutShort, afterChunks: 6 });
  await page.goto(stack.host.url);
  const w = widget(page);
  await w.launcher.click();
  await expect(w.status).toHaveAttribute('data-status', 'online');
  await w.send(REFUND_QUESTION);
  await expect(w.messages.filter({ hasText: REFUND_ANSWER })).toHaveCount(1);
  const watched = await watchProvisional(page);

  await w.send('And how are refunds paid?');
  await expect(w.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
  await expect(page.getByTestId('baton-provisional')).toHaveCount(0);
  // Some of the answer showed as in progress before the cut (how much depends on what the cut let through).
  const shown = (await watched()).texts.at(-1) ?? '';
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.length).toBeLessThan(cutShort.length);
  expect(cutShort.startsWith(shown)).toBe(true);

  const transcript = [
    { seq: 1, role: 'visitor', text: REFUND_QUESTION },
    { seq: 2, role: 'assistant', text: REFUND_ANSWER },
    { seq: 3, role: 'visitor', text: 'And how are refunds paid?' },
  ];
  expect(await w.stored()).toEqual(transcript);
  expect(await assistantMessages(page)).toHaveLength(1);

  // The visitor can still write: stored, waiting for the person, and the assistant stays silent.
  await w.send('Thanks, I will wait.');
  await expect(w.messages.filter({ hasText: 'Thanks, I will wait.' })).toHaveAttribute('data-pending', 'false');
  // A reload shows the same transcript from the server, and nothing provisional.
  await page.reload();
  await w.launcher.click();
  await expect(w.messages.filter({ hasText: 'Thanks, I will wait.' })).toHaveCount(1);
  expect(await w.stored()).toEqual([...transcript, { seq: 5, role: 'visitor', text: 'Thanks, I will wait.' }]);
  await expect(w.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
  await expect(page.getByTestId('baton-provisional')).toHaveCount(0);
});
