/**
 * Frustration and abandonment in a real browser: rage clicks and a repeated
 * question make the widget offer a person; an angry visitor is handed over and
 * the agent sees why; leaving the page sends one exit report, stored with the
 * conversation, a rage-quit only when the visitor was frustrated.
 */
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { agentConsole, widget } from './pages.ts';
import { startStack, type Stack } from './servers.ts';

let stack: Stack;
test.beforeAll(async () => {
  // The demo's knowledge and policy, with the bar for answering lowered so a shaky answer is sent (the calm visitor's case).
  const dir = mkdtempSync(join(tmpdir(), 'baton-e2e-site-'));
  const policy = JSON.parse(readFileSync(resolve('demo/policy.json'), 'utf8')) as { minConfidence: number; intents: { minConfidence?: number }[] };
  policy.minConfidence = 0.3;
  for (const intent of policy.intents) delete intent.minConfidence;
  writeFileSync(join(dir, 'policy.json'), JSON.stringify(policy));
  stack = await startStack(undefined, { site: { kb: resolve('demo/kb'), policy: join(dir, 'policy.json') } });
});
test.afterAll(async () => {
  await stack?.close();
});

interface ExitRow {
  conversation_id: string;
  body: string;
}

/** The exit reports the server stored, read from its database. */
function storedExits(): { conversation: string; report: Record<string, unknown> }[] {
  const db = new DatabaseSync(stack.dbPath, { readOnly: true });
  try {
    return (db.prepare('SELECT conversation_id, body FROM exit_reports ORDER BY rowid').all() as unknown as ExitRow[]).map((r) => ({ conversation: r.conversation_id, report: JSON.parse(r.body) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

/**
 * The one exit report a closed page left for this conversation: waits for it, then waits a moment more
 * (hidden and pagehide both fire on close) and checks no second one came.
 */
async function onlyExitOf(conversation: string): Promise<Record<string, unknown> | undefined> {
  const mine = () => storedExits().filter((e) => e.conversation === conversation);
  await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(1);
  await new Promise((r) => setTimeout(r, 1000));
  const exits = mine();
  expect(exits).toHaveLength(1);
  return exits[0]?.report;
}

async function conversationOf(page: Page): Promise<string> {
  const token = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith(':token'))?.[1] ?? null);
  expect(token, 'the widget saved a conversation token').not.toBeNull();
  const db = new DatabaseSync(stack.dbPath, { readOnly: true });
  try {
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(token ?? '').digest('hex');
    const row = db.prepare('SELECT id FROM conversations WHERE token_hash = ?').get(hash) as { id: string } | undefined;
    return row?.id ?? '';
  } finally {
    db.close();
  }
}

const QUESTION = 'how many working days does standard delivery take?';

/** Asks, then clicks the reply three times fast in one spot: the rage-click burst. */
async function rageClick(page: Page) {
  const v = widget(page);
  await page.goto(stack.host.url);
  await v.launcher.click();
  await expect(v.status).toHaveAttribute('data-status', 'online');
  await v.send(QUESTION);
  const reply = v.messages.filter({ hasText: '2 to 4 working days' });
  await expect(reply).toHaveCount(1);
  for (let i = 0; i < 3; i++) await reply.click({ position: { x: 20, y: 10 }, delay: 10 });
  return v;
}

test('rage clicks make the widget offer a person; the same question again then brings one', async ({ page }) => {
  const v = await rageClick(page);
  // The offer comes from the page alone: the server has seen nothing yet, so it does not hand over.
  await expect(page.getByTestId('baton-offer')).toBeVisible();
  await expect(page.getByTestId('baton-offer')).toContainText('talk to a person');
  await expect(v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(0);
  // Asked again after a reply: the server's own routing hands over (repeat_unresolved); the offer is moot.
  await v.send(QUESTION);
  await expect(v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
  await expect(page.getByTestId('baton-offer')).toHaveCount(0);
});

test('"No, thanks" puts the offer away; the conversation stays with the assistant', async ({ page }) => {
  const v = await rageClick(page);
  await page.getByTestId('baton-offer-decline').click();
  await expect(page.getByTestId('baton-offer')).toHaveCount(0);
  await v.send('do you ship to PO boxes?');
  await expect(page.locator('[data-testid="baton-message"][data-role="assistant"]')).toHaveCount(2);
  await expect(v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(0);
});

test('accepting the offer queues the conversation for a person', async ({ page }) => {
  const v = await rageClick(page);
  await page.getByTestId('baton-offer-accept').click();
  await expect(v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
  await expect(page.getByTestId('baton-offer')).toHaveCount(0);
});

test('an angry visitor is handed over automatically and the agent sees the signals', async ({ browser }) => {
  const visitor = await browser.newPage();
  const v = widget(visitor);
  await visitor.goto(stack.host.url);
  await v.launcher.click();
  await expect(v.status).toHaveAttribute('data-status', 'online');
  await v.send('THIS IS USELESS!!! YOU STUPID BOT, where is my grinder');
  await expect(v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
  await expect(v.messages.filter({ hasText: /grinder/ })).toHaveCount(1);
  await expect(visitor.locator('[data-testid="baton-message"][data-role="assistant"]')).toHaveCount(0);

  const agentPage = await browser.newPage();
  const a = agentConsole(agentPage);
  await a.signIn(stack.base);
  await a.queueItem().filter({ hasText: 'STUPID BOT' }).click();
  await expect(agentPage.getByTestId('console-pack-reason')).toHaveText('frustration');
  await expect(agentPage.getByTestId('console-pack-frustration')).toContainText('anger');
  await expect(agentPage.getByTestId('console-pack-frustration')).toContainText('negative_phrase');
  await expect(agentPage.getByTestId('console-pack-draft')).not.toBeEmpty();
  await visitor.close();
  await agentPage.close();
});

test('a frustrated visitor who closes the tab leaves one stored rage-quit report', async ({ browser }) => {
  const page = await browser.newPage();
  const v = await rageClick(page);
  await v.send(QUESTION);
  await expect(v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
  const conversation = await conversationOf(page);
  await page.close({ runBeforeUnload: true });
  const report = await onlyExitOf(conversation);
  expect(report).toMatchObject({ abandoned: true, rageQuit: true, stage: 'queued' });
  expect(report?.signals).toEqual(expect.arrayContaining(['rage_click', 'repeat_question']));
  expect(report?.maxFrustration).toBeGreaterThanOrEqual(0.5);
  expect(report).not.toHaveProperty('token');
});

test('a calm visitor who closes the tab after a low-confidence reply leaves an abandonment that is not a rage-quit', async ({ browser }) => {
  const page = await browser.newPage();
  const v = widget(page);
  await page.goto(stack.host.url);
  await v.launcher.click();
  await expect(v.status).toHaveAttribute('data-status', 'online');
  await v.send('can I change the roast level halfway through my plan?');
  await expect(page.locator('[data-testid="baton-message"][data-role="assistant"]')).toHaveCount(1);
  const conversation = await conversationOf(page);
  await page.close({ runBeforeUnload: true });
  const report = await onlyExitOf(conversation);
  expect(report).toMatchObject({ abandoned: true, rageQuit: false, stage: 'after_reply', signals: [] });
  expect(report?.lastConfidence).toBeLessThan(0.6);
  expect(report?.maxFrustration).toBe(0);
});

test('heavy deleting while typing, read from real keystrokes, is one weak signal in the exit report', async ({ browser }) => {
  const page = await browser.newPage();
  const v = widget(page);
  await page.goto(stack.host.url);
  await v.launcher.click();
  await expect(v.status).toHaveAttribute('data-status', 'online');
  await v.input.click();
  // One burst: 30 keys typed, 18 deleted (more than half).
  await page.keyboard.type('this is not what i');
  for (let i = 0; i < 18; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('ship abroad?');
  await page.getByTestId('baton-send').click();
  await expect(page.locator('[data-testid="baton-message"][data-role="assistant"]')).toHaveCount(1);
  const conversation = await conversationOf(page);
  await page.close({ runBeforeUnload: true });
  expect(await onlyExitOf(conversation)).toMatchObject({ abandoned: true, rageQuit: false, signals: ['heavy_deleting'] });
});
