/**
 * The embed on a host page: the one-line snippet alone, the stub that queues
 * calls made before the loader runs, one global only, and text that stays text;
 * and on the demo page Baton serves itself.
 */
import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { widget } from './pages.ts';
import { embed, startHostPage, startStack, type Stack } from './servers.ts';

const STUB = `<script>window.Baton=window.Baton||function(){(Baton.q=Baton.q||[]).push(arguments)}</script>`;

/**
 * The README's demo: the built server with its built-in configuration (no BATON_CONFIG), serving
 * the demo page at `/` on its own origin (startStack puts its host page on another origin).
 */
async function startDemo(): Promise<{ url: string; close(): Promise<void> }> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  const dir = mkdtempSync(join(tmpdir(), 'baton-e2e-demo-'));
  // Without the runner's BATON_* and OPENAI_* settings: the demo as a new user starts it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OPENAI_') && !name.startsWith('BATON_')));
  const child = spawn(process.execPath, ['dist/node/server/main.js'], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', BATON_DB: join(dir, 'baton.db'), BATON_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`demo did not start:\n${output}`)), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('Baton is running')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => fail(new Error(`demo exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://localhost:${port}/`,
    async close() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack(
    (base) => `
      <script>window.__before = Object.getOwnPropertyNames(window); window.__got = [];</script>
      ${STUB}
      <script>
        Baton('on', 'message', function (m) { window.__got.push(m); });
        Baton('identify', { name: 'Sam Visitor', email: 'sam@example.com' });
        if (location.search.includes('open')) Baton('open');
      </script>
      ${embed(base)}`,
  );
});
test.afterAll(async () => {
  await stack?.close();
});

test('calls queued before the loader run once it arrives: open, on message', async ({ page }) => {
  await page.goto(`${stack.host.url}?open`);
  const w = widget(page);
  await expect(w.panel).toBeVisible();
  await w.send('how do I reset my password?');
  await expect(w.messages.filter({ hasText: 'Forgot password' })).toHaveCount(1);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __got: { role: string }[] }).__got.map((m) => m.role)))
    .toContain('assistant');
});

test('adds one global, Baton, and closes and reopens through the page API', async ({ page }) => {
  await page.goto(stack.host.url);
  const w = widget(page);
  await expect(w.launcher).toBeVisible();
  await w.launcher.click();
  await expect(w.panel).toBeVisible();
  const added = await page.evaluate(() => {
    const before = new Set((window as unknown as { __before: string[] }).__before);
    return Object.getOwnPropertyNames(window).filter((k) => !before.has(k) && !k.startsWith('__'));
  });
  expect(added).toEqual(['Baton']);
  await page.evaluate(() => (window as unknown as { Baton: (c: string) => void }).Baton('close'));
  await expect(w.panel).toBeHidden();
  await page.evaluate(() => (window as unknown as { Baton: (c: string) => void }).Baton('open'));
  await expect(w.panel).toBeVisible();
});

test('renders visitor text as text and only http(s) links, made safe', async ({ page }) => {
  await page.goto(stack.host.url);
  const w = widget(page);
  await w.launcher.click();
  const hostile = '<img src=x onerror="window.__xss=1"> javascript:alert(1) see https://example.com/help';
  await w.send(hostile);
  const mine = w.messages.filter({ hasText: '<img src=x' });
  await expect(mine).toHaveCount(1);
  await expect(mine.locator('img')).toHaveCount(0);
  const link = mine.locator('a');
  await expect(link).toHaveCount(1);
  await expect(link).toHaveAttribute('href', 'https://example.com/help');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('keeps the conversation across a page reload', async ({ page }) => {
  await page.goto(stack.host.url);
  const w = widget(page);
  await w.launcher.click();
  await w.send('can I pause my subscription?');
  await expect(w.messages.filter({ hasText: 'up to 3 months' })).toHaveCount(1);
  await page.reload();
  await w.launcher.click();
  await expect(w.messages.filter({ hasText: 'can I pause my subscription?' })).toHaveCount(1);
  await expect(w.messages.filter({ hasText: 'up to 3 months' })).toHaveCount(1);
});

test('a page on an origin the site does not allow gets no conversation, and the server keeps serving', async ({ page }) => {
  const stranger = await startHostPage(embed, stack.base);
  try {
    const refused: number[] = [];
    page.on('websocket', (ws) => ws.on('close', () => refused.push(Date.now())));
    await page.goto(stranger.url);
    const w = widget(page);
    await w.launcher.click();
    await expect(w.panel).toBeVisible();
    await expect.poll(() => refused.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(w.status).not.toHaveAttribute('data-status', 'online');
  } finally {
    await stranger.close();
  }
  await page.goto(stack.host.url);
  await widget(page).launcher.click();
  await expect(widget(page).status).toHaveAttribute('data-status', 'online');
});

test('opens no connection until the visitor opens the chat, then titles it with the site name', async ({ page }) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const appLoaded = page.waitForResponse((r) => r.url().endsWith('/widget/app.js'));
  await page.goto(stack.host.url);
  const w = widget(page);
  await w.launcher.hover(); // first interaction loads the app
  await appLoaded;
  await page.waitForTimeout(300);
  expect(sockets).toEqual([]);
  await w.launcher.click();
  await expect(w.status).toHaveAttribute('data-status', 'online');
  expect(sockets).toHaveLength(1);
  await expect(page.getByTestId('baton-title')).toHaveText('E2E shop');
});

test('the demo page Baton serves itself titles the chat with the site name, not "Support"', async ({ page }) => {
  // Same origin as the server: the browser sends no Origin on the site-name GET.
  const demo = await startDemo();
  try {
    await page.goto(demo.url);
    const w = widget(page);
    await w.launcher.click();
    await expect(w.status).toHaveAttribute('data-status', 'online');
    await expect(page.getByTestId('baton-title')).toHaveText('Harbor Lane Coffee');
  } finally {
    await demo.close();
  }
});
