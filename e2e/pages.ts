/** What the journeys do in the widget and the console, by their data-testids. */
import { expect, type Locator, type Page } from '@playwright/test';
import { AGENT } from './servers.ts';

export interface Shown {
  seq: number;
  role: string;
  text: string;
}

async function shown(items: Locator): Promise<Shown[]> {
  return items.evaluateAll((els) =>
    // The message's own text, without the author line or the rating buttons around it.
    els.map((el) => ({ seq: Number(el.getAttribute('data-seq')), role: el.getAttribute('data-role') ?? '', text: (el.querySelector('.text') ?? el).textContent ?? '' })),
  );
}

export const widget = (page: Page) => ({
  launcher: page.getByTestId('baton-launcher'),
  panel: page.getByTestId('baton-panel'),
  input: page.getByTestId('baton-input'),
  human: page.getByTestId('baton-human'),
  status: page.getByTestId('baton-status'),
  messages: page.getByTestId('baton-message'),
  notices: page.getByTestId('baton-notice'),
  async send(text: string) {
    await this.input.fill(text);
    await page.getByTestId('baton-send').click();
  },
  /** Stored messages (pending ones excluded), in the order shown. */
  stored: () => shown(page.locator('[data-testid="baton-message"][data-pending="false"]')),
});

export const agentConsole = (page: Page) => ({
  queueItem: (conversationId?: string) =>
    conversationId ? page.locator(`[data-testid="console-queue-item"][data-id="${conversationId}"]`) : page.getByTestId('console-queue-item'),
  messages: page.getByTestId('console-message'),
  input: page.getByTestId('console-input'),
  status: page.getByTestId('console-status'),
  async signIn(base: string, who: { email: string; password: string } = AGENT) {
    await page.goto(`${base}/console/`);
    await page.getByTestId('console-email').fill(who.email);
    await page.getByTestId('console-password').fill(who.password);
    await page.getByTestId('console-signin').click();
    await expect(page.getByTestId('console-queue')).toBeVisible();
  },
  async send(text: string) {
    await this.input.fill(text);
    await page.getByTestId('console-send').click();
  },
  stored: () => shown(page.locator('[data-testid="console-message"][data-pending="false"]')),
});
