import { describe, expect, it, vi } from 'vitest';
import { createActions } from './actions.ts';
import { createWidgetStore } from '../store.ts';
import type { ContactResult, SendResult, Session } from '../session.ts';

type Fake = Pick<Session, 'sendMessage' | 'requestHuman' | 'typing' | 'leaveContact' | 'answerSurvey'>;
/** A session that refuses every message and sends nothing, with `over` in place of any of it. */
const fakeSession = (over: Partial<Fake> = {}): Fake => ({
  sendMessage: (): SendResult => ({ ok: false, reason: 'empty' }),
  requestHuman: () => 'h1',
  typing: () => {},
  leaveContact: (): ContactResult => ({ ok: false, reason: 'empty' }),
  answerSurvey: () => 's1',
  ...over,
});

describe('createActions', () => {
  describe('#send', () => {
    it('shows a sent message as pending and clears an old error', () => {
      const store = createWidgetStore({ lastError: 'old' });
      const message = { clientId: 'c1', text: 'hi', at: 1 };
      const actions = createActions(store, fakeSession({ sendMessage: (): SendResult => ({ ok: true, message }) }));
      expect(actions.send(' hi ')).toBe(true);
      expect(store.getState().pending).toEqual([message]);
      expect(store.getState().lastError).toBeNull();
    });

    it('keeps the text (returns false) and explains when it is too long', () => {
      const store = createWidgetStore();
      const actions = createActions(store, fakeSession({ sendMessage: (): SendResult => ({ ok: false, reason: 'too_long' }) }));
      expect(actions.send('x')).toBe(false);
      expect(store.getState().lastError).toMatch(/2000 characters/);
      expect(store.getState().pending).toEqual([]);
    });
  });

  describe('#requestHuman', () => {
    it('sends the request and hides the offer until the state changes', () => {
      const store = createWidgetStore();
      const requestHuman = vi.fn(() => 'h1');
      createActions(store, fakeSession({ requestHuman })).requestHuman();
      expect(requestHuman).toHaveBeenCalledOnce();
      expect(store.getState().humanRequested).toBe(true);
    });
  });

  describe('#typing', () => {
    it('tells the session only while a person waits or holds the conversation, and "stopped" when the text is cleared', () => {
      const store = createWidgetStore();
      const typing = vi.fn();
      const actions = createActions(store, fakeSession({ typing }));
      actions.typing('hel');
      store.getState().welcome('c1', 'queued');
      actions.typing('hello');
      store.getState().welcome('c1', 'human');
      actions.typing('hello there');
      actions.typing('   ');
      store.getState().welcome('c1', 'offline');
      actions.typing('anyone?');
      expect(typing.mock.calls).toEqual([[false], [true], [true], [false], [false]]);
    });
  });

  describe('#leaveContact', () => {
    it('explains a refused address inline and keeps nothing in flight', () => {
      const store = createWidgetStore();
      const actions = createActions(store, fakeSession({ leaveContact: (): ContactResult => ({ ok: false, reason: 'invalid' }) }));
      actions.leaveContact('ada@');
      expect(store.getState().contact).toMatchObject({ id: null, done: false, error: expect.stringMatching(/name@example\.com/) });
    });

    it('keeps the sent address and its id, and sends no second one while it is in flight', () => {
      const store = createWidgetStore({ lastError: null });
      const leaveContact = vi.fn((): ContactResult => ({ ok: true, id: 'k1', email: 'ada@example.com' }));
      const actions = createActions(store, fakeSession({ leaveContact }));
      actions.leaveContact(' ada@example.com ');
      actions.leaveContact('ada@example.com');
      expect(leaveContact).toHaveBeenCalledOnce();
      expect(store.getState().contact).toEqual({ id: 'k1', done: false, error: null, email: 'ada@example.com' });
    });
  });

  describe('#answerSurvey', () => {
    it('sends the answer once while it is in flight', () => {
      const store = createWidgetStore();
      const answerSurvey = vi.fn(() => 's1');
      const actions = createActions(store, fakeSession({ answerSurvey }));
      actions.answerSurvey(6, 'quick');
      actions.answerSurvey(6, 'quick');
      expect(answerSurvey.mock.calls).toEqual([[6, 'quick']]);
      expect(store.getState().survey).toEqual({ id: 's1', done: false, error: null });
    });
  });
});
