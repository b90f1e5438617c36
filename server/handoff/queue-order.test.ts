import { describe, expect, it } from 'vitest';
import { consoleOrder, estimateWait, queueOrder, WaitHistory } from './queue-order.ts';

type R = Parameters<typeof queueOrder>[0][number];
const rec = (id: string, over: Partial<R> = {}): R => ({ id, site: 'demo', state: 'queued', urgent: false, queuedAt: 1000, updatedAt: 1000, frustration: null, ...over });
const at = () => 0.5;

describe('queueOrder', () => {
  it('puts urgent first, then frustrated visitors, then the longest wait', () => {
    const order = queueOrder(
      [
        rec('calm-old', { queuedAt: 100 }),
        rec('calm-new', { queuedAt: 300 }),
        rec('angry', { queuedAt: 400, frustration: { score: 0.7, signals: ['anger'], at: 0 } }),
        rec('urgent', { queuedAt: 500, urgent: true }),
        rec('held', { state: 'human' }),
      ],
      at,
    ).map((r) => r.id);
    expect(order).toEqual(['urgent', 'angry', 'calm-old', 'calm-new']);
  });

  it("reads frustration against each site's own threshold", () => {
    const order = queueOrder([rec('a', { queuedAt: 1, site: 'strict' , frustration: { score: 0.4, signals: [], at: 0 } }), rec('b', { queuedAt: 2, site: 'lenient', frustration: { score: 0.4, signals: [], at: 0 } })], (site) => (site === 'strict' ? 0.3 : 0.6));
    expect(order.map((r) => r.id)).toEqual(['a', 'b']);
    const flipped = queueOrder([rec('a', { queuedAt: 1, site: 'lenient', frustration: { score: 0.4, signals: [], at: 0 } }), rec('b', { queuedAt: 2, site: 'strict', frustration: { score: 0.4, signals: [], at: 0 } })], (site) => (site === 'strict' ? 0.3 : 0.6));
    expect(flipped.map((r) => r.id)).toEqual(['b', 'a']);
  });

  it('lists the queue, then held, offline and assistant conversations for the console', () => {
    const order = consoleOrder(
      [rec('bot', { state: 'bot', updatedAt: 9 }), rec('off', { state: 'offline' }), rec('held', { state: 'human' }), rec('q')],
      at,
    ).map((r) => r.id);
    expect(order).toEqual(['q', 'held', 'off', 'bot']);
  });
});

describe('wait estimates', () => {
  it('shares one typical wait per place among the agents online, and gives none with nobody online', () => {
    expect(estimateWait(3, 2, 60_000)).toEqual({ position: 3, agentsOnline: 2, etaMs: 90_000 });
    expect(estimateWait(1, 0, 60_000).etaMs).toBeNull();
  });

  it('takes the median of recent waits, the configured default before any', () => {
    const h = new WaitHistory(120_000, 3);
    expect(h.typical()).toBe(120_000);
    for (const ms of [10_000, 500_000, 30_000]) h.add(ms);
    expect(h.typical()).toBe(30_000);
    h.add(20_000); // the oldest (10 s) leaves
    expect(h.typical()).toBe(30_000);
  });
});
