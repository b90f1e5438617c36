import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPageApi, type PageMessage } from './page-api.ts';
import { createWidgetStore } from '../store.ts';
import type { MessageEntry } from '../../shared/model.ts';

const agentMessage: MessageEntry = { kind: 'message', id: 'm1', seq: 7, at: 1, role: 'agent', text: 'Hi', author: 'Sam' };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createPageApi', () => {
  describe('#command', () => {
    it("opens and closes the panel on 'open' and 'close'", () => {
      const store = createWidgetStore();
      const api = createPageApi(store, { identify: () => {} });
      api.command('open');
      expect(store.getState().open).toBe(true);
      api.command('close');
      expect(store.getState().open).toBe(false);
    });

    it("passes 'identify' to the session", () => {
      const identify = vi.fn();
      const api = createPageApi(createWidgetStore(), { identify });
      api.command('identify', { name: 'Ada' });
      expect(identify).toHaveBeenCalledWith({ name: 'Ada' });
    });

    it('warns about unknown commands and bad listeners without throwing', () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const api = createPageApi(createWidgetStore(), { identify: () => {} });
      api.command('explode');
      api.command('on', 'message', 'not a function');
      api.command('on', 'typing', () => {});
      expect(warn).toHaveBeenCalledTimes(3);
      for (const call of warn.mock.calls) expect(String(call[0])).toMatch(/^\[baton\]/);
    });
  });

  describe('#emit', () => {
    it("calls 'message' listeners with role, text, author and seq, and ignores state entries", () => {
      const api = createPageApi(createWidgetStore(), { identify: () => {} });
      const got: PageMessage[] = [];
      api.command('on', 'message', (m: PageMessage) => got.push(m));
      api.emit(agentMessage);
      api.emit({ kind: 'state', id: 's', seq: 8, at: 1, from: 'bot', to: 'queued', reason: 'visitor_request' });
      expect(got).toEqual([{ role: 'agent', text: 'Hi', author: 'Sam', seq: 7 }]);
    });

    it('logs a listener that throws and still calls the others', () => {
      const error = vi.spyOn(console, 'error').mockImplementation(() => {});
      const api = createPageApi(createWidgetStore(), { identify: () => {} });
      const second = vi.fn();
      api.command('on', 'message', () => {
        throw new Error('host page bug');
      });
      api.command('on', 'message', second);
      expect(() => api.emit(agentMessage)).not.toThrow();
      expect(second).toHaveBeenCalledOnce();
      expect(error).toHaveBeenCalledWith(expect.stringMatching(/^\[baton\]/), expect.any(Error));
    });
  });
});
