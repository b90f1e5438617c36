import { describe, expect, it, vi } from 'vitest';
import { createActions } from './actions.ts';
import { createWidgetStore } from '../store.ts';
import type { SendResult } from '../session.ts';

describe('createActions', () => {
  describe('#send', () => {
    it('shows a sent message as pending and clears an old error', () => {
      const store = createWidgetStore({ lastError: 'old' });
      const message = { clientId: 'c1', text: 'hi', at: 1 };
      const actions = createActions(store, { sendMessage: (): SendResult => ({ ok: true, message }), requestHuman: () => 'h1' });
      expect(actions.send(' hi ')).toBe(true);
      expect(store.getState().pending).toEqual([message]);
      expect(store.getState().lastError).toBeNull();
    });

    it('keeps the text (returns false) and explains when it is too long', () => {
      const store = createWidgetStore();
      const actions = createActions(store, { sendMessage: (): SendResult => ({ ok: false, reason: 'too_long' }), requestHuman: () => 'h1' });
      expect(actions.send('x')).toBe(false);
      expect(store.getState().lastError).toMatch(/2000 characters/);
      expect(store.getState().pending).toEqual([]);
    });
  });

  describe('#requestHuman', () => {
    it('sends the request and hides the offer until the state changes', () => {
      const store = createWidgetStore();
      const requestHuman = vi.fn(() => 'h1');
      createActions(store, { sendMessage: (): SendResult => ({ ok: false, reason: 'empty' }), requestHuman }).requestHuman();
      expect(requestHuman).toHaveBeenCalledOnce();
      expect(store.getState().humanRequested).toBe(true);
    });
  });
});
