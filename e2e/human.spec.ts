/**
 * The human side in real Chromium: two agents race to claim and one wins; an
 * urgent conversation jumps the queue; the agent sees the draft, confidence and
 * reason and sends the draft edited; the visitor sees their place in the queue,
 * then the agent join; with nobody online the visitor leaves an e-mail and the
 * signed webhook arrives; after resolve the visitor answers the effort survey
 * and it is stored. With BATON_SCREENSHOTS=1 the journeys also write the
 * README's screenshots to docs/screenshots/.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DatabaseSync } from 'node:sqlite';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { agentConsole, widget } from './pages.ts';
import { AGENT, SECOND_AGENT, startStack, type Stack } from './servers.ts';

const SHOTS = process.env.BATON_SCREENSHOTS === '1' ? 'docs/screenshots' : null;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const shoot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
};

/** Reads one conversation's row from the server's database. */
type StoredRow = { state: string; survey: string | null; contact: string | null; urgent: number };
function stored(dbPath: string, id: string): StoredRow | undefined {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    return db.prepare('SELECT state, survey, contact, urgent FROM conversations WHERE id = ?').get(id) as StoredRow | undefined;
  } finally {
    db.close();
  }
}

async function visitorPage(browser: Browser, stack: Stack) {
  const page = await (await browser.newContext()).newPage();
  const v = widget(page);
  await page.goto(stack.host.url);
  await v.launcher.click();
  await expect(v.status).toHaveAttribute('data-status', 'online');
  return { page, v };
}

async function agentPage(browser: Browser, stack: Stack, who: { email: string; password: string } = AGENT) {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  const a = agentConsole(page);
  await a.signIn(stack.base, who);
  return { page, a };
}

/** The conversation id the widget is on, from its saved token's welcome (read through the console list instead). */
async function conversationIdOf(a: ReturnType<typeof agentConsole>, text: string): Promise<string> {
  const item = a.queueItem().filter({ hasText: text });
  await expect(item).toHaveCount(1);
  return (await item.getAttribute('data-id')) ?? '';
}

test.describe('with agents on shift', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack(undefined, { secondAgent: true });
  });
  test.afterAll(async () => {
    await stack?.close();
  });

  test('two agents claim at once: exactly one wins and the other is told', async ({ browser }) => {
    const { v } = await visitorPage(browser, stack);
    await v.send('I need help with an order that never came');
    await v.human.click();
    const riley = await agentPage(browser, stack);
    const morgan = await agentPage(browser, stack, SECOND_AGENT);
    const id = await conversationIdOf(riley.a, 'never came');
    await riley.a.queueItem(id).click();
    await morgan.a.queueItem(id).click();
    // Both claims leave their browsers before either hears of the other: the server alone decides.
    stack.proxy.hold();
    await riley.page.getByTestId('console-claim').click();
    await morgan.page.getByTestId('console-claim').click();
    stack.proxy.release();
    await expect(v.notices.filter({ hasText: /joined/ })).toHaveCount(1);
    const joined = (await v.notices.filter({ hasText: /joined/ }).textContent()) ?? '';
    const loser = joined.includes(AGENT.name) ? morgan : riley;
    const winner = loser === riley ? morgan : riley;
    await expect(loser.page.getByTestId('console-error')).toContainText(/held by/);
    await expect(winner.page.getByTestId('console-error')).toHaveCount(0);
    expect(stored(stack.dbPath, id)?.state).toBe('human');
  });

  test('an urgent conversation jumps the queue', async ({ browser }) => {
    const calm = await visitorPage(browser, stack);
    await calm.v.send('a question about my subscription settings');
    await calm.v.human.click();
    await expect(calm.v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
    const urgent = await visitorPage(browser, stack);
    await urgent.v.send('fix this today or I am taking you to small claims court');
    await expect(urgent.v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
    const { page } = await agentPage(browser, stack);
    const waiting = page.locator('[data-testid="console-queue-item"][data-state="queued"]');
    await expect(waiting.first()).toContainText('small claims court');
    await expect(waiting.filter({ hasText: 'small claims court' })).toHaveAttribute('data-position', '1');
    await expect(waiting.filter({ hasText: 'subscription settings' })).not.toHaveAttribute('data-position', '1');
  });

  test('a threat sent while queued makes the conversation urgent, and the agent sees the flag and its words', async ({ browser }) => {
    // Both ask for a person in words (the acts model hands them over), so neither depends on what the assistant could answer.
    const calm = await visitorPage(browser, stack);
    await calm.v.send('please put me through to a person about changing my billing date');
    await expect(calm.v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
    const later = await visitorPage(browser, stack);
    await later.v.send('I would like to speak to a person about the card on file for my plan');
    await expect(later.v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
    const { page, a } = await agentPage(browser, stack);
    const id = await conversationIdOf(a, 'card on file');
    // While it waits, the visitor threatens court: the floor runs in this state too.
    await later.v.send('if nobody answers today I will take you to court over this');
    const waiting = page.locator('[data-testid="console-queue-item"][data-state="queued"]');
    const position = async (text: string) => Number(await waiting.filter({ hasText: text }).getAttribute('data-position'));
    await expect.poll(() => stored(stack.dbPath, id)?.urgent).toBe(1);
    // It moves ahead of the calm conversation queued before it (other tests' urgent ones may lead the queue).
    await expect.poll(async () => (await position('take you to court')) < (await position('billing date'))).toBe(true);
    await a.queueItem(id).click();
    await expect(page.getByTestId('console-pack-flags')).toContainText('legal_threat');
    await expect(page.getByTestId('console-pack-evidence')).toContainText('take you to court');
  });

  test('the visitor sees their place, the agent sees draft, confidence and reason, sends the draft edited, and joins', async ({ browser }) => {
    const { page: vPage, v } = await visitorPage(browser, stack);
    const { page, a } = await agentPage(browser, stack);
    await v.send('can I get my grinder repaired under warranty?');
    // The assistant is not sure: the visitor waits for a person, and is told where they are.
    await expect(v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);
    await expect(vPage.getByTestId('baton-wait')).toContainText(/number \d+ in the queue/i);
    await shoot(vPage, 'widget-waiting');

    const id = await conversationIdOf(a, 'warranty');
    await a.queueItem(id).click();
    await expect(page.getByTestId('console-pack-reason')).toContainText('low_confidence');
    await expect(page.getByTestId('console-pack-confidence')).toContainText(/\d/);
    const draft = page.getByTestId('console-draft');
    await expect(draft).toHaveValue(/returned within 30 days/);
    await shoot(page, 'console-warm-handoff');
    await draft.fill('Repairs are not covered online, but I can arrange one for you. What is the order number?');
    await page.getByTestId('console-send-draft').click();

    await expect(v.notices.filter({ hasText: `${AGENT.name} joined` })).toHaveCount(1);
    await expect(vPage.getByTestId('baton-agent-avatar').last()).toHaveText(AGENT.name[0] ?? '');
    await expect(v.messages.filter({ hasText: 'I can arrange one for you' })).toHaveAttribute('data-role', 'agent');
    await expect(v.messages.filter({ hasText: 'returned within 30 days' })).toHaveCount(0);
    await expect(vPage.getByTestId('baton-wait')).toHaveCount(0);
    // The agent types: the visitor sees it, and the line it takes does not hide the newest message
    // (a transcript long enough to scroll first).
    const lines = ['thanks, that would be great', 'it is the Baratza one I bought in March', 'the burrs stopped turning last week', 'I tried cleaning it as the manual says', 'it still makes a grinding noise', 'order number is HL-4402, receipt attached to the email'];
    for (const line of lines) await v.send(line);
    await expect(a.messages.filter({ hasText: 'HL-4402' })).toHaveCount(1);
    const log = vPage.getByRole('log', { name: 'Messages' });
    expect(await log.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    await a.input.fill('One more thing');
    await expect(vPage.getByTestId('baton-agent-typing')).toContainText(`${AGENT.name} is typing`);
    // Inside the transcript's own scroll box, not merely on the page.
    await expect
      .poll(async () => {
        const box = await vPage.getByRole('log', { name: 'Messages' }).boundingBox();
        const last = await vPage.getByRole('log', { name: 'Messages' }).locator('li').last().boundingBox();
        return box && last ? Math.round(box.y + box.height - (last.y + last.height)) : -1;
      })
      .toBeGreaterThanOrEqual(0);
  });

  test('after resolve the visitor answers the effort survey once, and it is stored', async ({ browser }) => {
    const { page: vPage, v } = await visitorPage(browser, stack);
    await v.send('I need to change my delivery address');
    await v.human.click();
    const { page, a } = await agentPage(browser, stack);
    const id = await conversationIdOf(a, 'delivery address');
    await a.queueItem(id).click();
    await page.getByTestId('console-claim').click();
    await a.send('Done — your address is updated.');
    await page.getByTestId('console-resolve').click();

    const survey = vPage.getByTestId('baton-survey');
    await expect(survey).toContainText('How easy was it to get your issue handled?');
    await vPage.getByTestId('baton-survey-6').click();
    await vPage.getByTestId('baton-survey-comment').fill('Quick and friendly');
    await shoot(vPage, 'widget-survey');
    await vPage.getByTestId('baton-survey-send').click();
    await expect(vPage.getByTestId('baton-survey-thanks')).toBeVisible();
    await expect.poll(() => stored(stack.dbPath, id)?.survey ?? null).not.toBeNull();
    expect(JSON.parse(stored(stack.dbPath, id)?.survey ?? '{}')).toMatchObject({ score: 6, comment: 'Quick and friendly' });
    // Once per conversation: a reload does not ask again.
    await vPage.reload();
    await widget(vPage).launcher.click();
    await expect(widget(vPage).status).toHaveAttribute('data-status', 'online');
    await expect(vPage.getByTestId('baton-survey')).toHaveCount(0);
  });
});

test.describe('with nobody online', () => {
  const SECRET = 'e2e-webhook-secret-0123456789';
  let stack: Stack;
  let hooks: Server;
  const received: { raw: string; signature: string | undefined }[] = [];

  test.beforeAll(async () => {
    hooks = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        received.push({ raw, signature: req.headers['x-baton-signature'] as string | undefined });
        res.end();
      });
    });
    await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/baton`;
    stack = await startStack(undefined, { env: { BATON_OFFLINE_WHEN_NOBODY: '1' }, webhook: { url, secret: SECRET } });
  });
  test.afterAll(async () => {
    await stack?.close();
    await new Promise((r) => hooks.close(r));
  });

  test('the visitor is told honestly, leaves an e-mail, and the signed webhook arrives', async ({ browser }) => {
    const { page, v } = await visitorPage(browser, stack);
    await v.send('my grinder arrived with a cracked lid');
    await v.human.click();
    await expect(v.notices.filter({ hasText: /nobody is available/i })).toHaveCount(1);
    await page.getByTestId('baton-contact-email').fill('sam@example.com');
    await shoot(page, 'widget-offline');
    await page.getByTestId('baton-contact-send').click();
    await expect(page.getByTestId('baton-contact-saved')).toContainText('sam@example.com');

    await expect.poll(() => received.filter((r) => r.raw.includes('"conversation.offline"')).length, { timeout: 10_000 }).toBe(1);
    const offline = received.find((r) => r.raw.includes('"conversation.offline"'));
    expect(offline?.signature).toBe(`sha256=${createHmac('sha256', SECRET).update(offline?.raw ?? '').digest('hex')}`);
    const body = JSON.parse(offline?.raw ?? '{}') as { conversationId: string; data: { email: string; transcript: { text: string }[] } };
    expect(body.data.email).toBe('sam@example.com');
    expect(body.data.transcript.map((m) => m.text)).toContain('my grinder arrived with a cracked lid');
    expect(stored(stack.dbPath, body.conversationId)).toMatchObject({ state: 'offline', contact: 'sam@example.com' });
  });
});
