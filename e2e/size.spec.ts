/**
 * Size budget, measured as a browser loads it: every JS and CSS response from
 * the widget's server needed to show the open panel, each gzipped at level 9.
 * Loader <= 1.5 KB; loader + everything the first open needs <= 25 KB.
 */
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { widget } from './pages.ts';
import { startStack, type Stack } from './servers.ts';

const LOADER_BUDGET = 1.5 * 1024;
const FIRST_OPEN_BUDGET = 25 * 1024;

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

test('the loader and the first open stay within their gzip budgets', async ({ page }) => {
  const sizes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    const url = response.url();
    if (!url.startsWith(stack.base)) return;
    const type = response.request().resourceType();
    const contentType = response.headers()['content-type'] ?? '';
    if (type !== 'script' && type !== 'stylesheet' && !/javascript|css/.test(contentType)) return;
    pending.push(
      response.body().then((body) => {
        sizes.set(new URL(url).pathname, gzipSync(body, { level: 9 }).length);
      }),
    );
  });

  await page.goto(stack.host.url);
  const w = widget(page);
  await w.launcher.click();
  await expect(w.panel).toBeVisible();
  await expect(w.input).toBeVisible();
  await Promise.all(pending);

  const loader = sizes.get('/widget.js');
  expect(loader, 'the loader was not loaded from the widget server').toBeDefined();
  const firstOpen = [...sizes.values()].reduce((a, b) => a + b, 0);
  const lines = [...sizes].map(([path, bytes]) => `  ${path}: ${bytes} B`).join('\n');
  console.log(`widget size (gzip -9): loader ${loader} B (budget ${LOADER_BUDGET}), first open ${firstOpen} B (budget ${FIRST_OPEN_BUDGET})\n${lines}`);
  expect(sizes.size).toBeGreaterThan(1);
  expect(loader ?? Infinity).toBeLessThanOrEqual(LOADER_BUDGET);
  expect(firstOpen).toBeLessThanOrEqual(FIRST_OPEN_BUDGET);
});
