/**
 * The whole path: a host page on 127.0.0.1 embeds the widget served from
 * localhost; the assistant answers; the visitor asks for a person; an agent
 * signs in, reads the transcript and replies; then the network drops while
 * both sides are sending, and afterwards each side shows every message once, in order.
 */
import { expect, test } from '@playwright/test';
import { agentConsole, widget, type Shown } from './pages.ts';
import { AGENT, startStack, type Stack } from './servers.ts';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

const texts = (list: Shown[]) => list.map((m) => m.text);
const once = (list: Shown[], text: string) => list.filter((m) => m.text.includes(text)).length;

test('visitor gets an answer, hands over to a person, and nothing is lost or doubled across a drop', async ({ browser }) => {
  const visitorContext = await browser.newContext();
  const agentContext = await browser.newContext();
  const visitorPage = await visitorContext.newPage();
  const agentPage = await agentContext.newPage();
  const v = widget(visitorPage);
  const a = agentConsole(agentPage);

  await visitorPage.goto(stack.host.url);
  await v.launcher.click();
  await expect(v.panel).toBeVisible();
  await expect(v.status).toHaveAttribute('data-status', 'online');

  await v.send('how many working days does standard delivery take?');
  await expect(v.messages.filter({ hasText: '2 to 4 working days' })).toHaveCount(1);
  await expect(v.messages.last()).toHaveAttribute('data-role', 'assistant');

  await v.human.click();
  await expect(v.notices.filter({ hasText: /waiting for a person/i })).toHaveCount(1);

  await a.signIn(stack.base);
  const item = a.queueItem().filter({ hasText: 'standard delivery' });
  await expect(item).toHaveAttribute('data-state', 'queued');
  await item.click();
  await expect(a.messages.filter({ hasText: 'how many working days does standard delivery take?' })).toHaveCount(1);
  await expect(a.messages.filter({ hasText: '2 to 4 working days' })).toHaveCount(1);
  await expect(agentPage.getByTestId('console-pack')).toContainText('visitor_request');
  await agentPage.getByTestId('console-claim').click();
  await expect(v.notices.filter({ hasText: `${AGENT.name} joined` })).toHaveCount(1);

  await a.send('Hi, this is Riley. Let me check that for you.');
  await expect(v.messages.filter({ hasText: 'Let me check that for you.' })).toHaveAttribute('data-role', 'agent');
  await v.send('thank you, my order number is HL-2291');
  await expect(a.messages.filter({ hasText: 'HL-2291' })).toHaveCount(1);

  // The drop: every connection through the proxy dies while both sides keep sending.
  const burst = ['visitor one', 'agent one', 'visitor two', 'agent two', 'visitor three'];
  const sent = v.send(burst[0] ?? '');
  await sent;
  expect(stack.proxy.cut()).toBeGreaterThan(0);
  await a.send(burst[1] ?? '');
  await v.send(burst[2] ?? '');
  await a.send(burst[3] ?? '');
  stack.proxy.cut();
  await v.send(burst[4] ?? '');

  await expect(v.status).toHaveAttribute('data-status', 'online', { timeout: 20_000 });
  await expect(a.status).toHaveAttribute('data-status', 'online', { timeout: 20_000 });
  for (const text of burst) {
    await expect(visitorPage.locator('[data-testid="baton-message"][data-pending="false"]').filter({ hasText: text })).toHaveCount(1);
    await expect(agentPage.locator('[data-testid="console-message"][data-pending="false"]').filter({ hasText: text })).toHaveCount(1);
  }
  await expect(visitorPage.locator('[data-testid="baton-message"][data-pending="true"]')).toHaveCount(0);
  await expect(agentPage.locator('[data-testid="console-message"][data-pending="true"]')).toHaveCount(0);

  const seen = await v.stored();
  const agentSeen = await a.stored();
  for (const list of [seen, agentSeen]) {
    const seqs = list.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const text of burst) expect(once(list, text)).toBe(1);
  }
  // Both sides show the same log: same seqs, same roles, same order.
  expect(seen.map((m) => [m.seq, m.role])).toEqual(agentSeen.map((m) => [m.seq, m.role]));
  // Each side's own burst messages keep the order they were typed in.
  const visitorOrder = texts(seen).flatMap((t) => burst.filter((b) => b.startsWith('visitor') && t.includes(b)));
  expect(visitorOrder).toEqual(burst.filter((b) => b.startsWith('visitor')));
  const agentOrder = texts(agentSeen).flatMap((t) => burst.filter((b) => b.startsWith('agent') && t.includes(b)));
  expect(agentOrder).toEqual(burst.filter((b) => b.startsWith('agent')));

  await agentPage.getByTestId('console-resolve').click();
  await expect(v.notices.filter({ hasText: /resolved/i })).toHaveCount(1);
  await visitorContext.close();
  await agentContext.close();
});
