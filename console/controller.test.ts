import { describe, expect, it, vi } from 'vitest';
import type { AgentSession, AgentSessionOptions } from './agent-session.ts';
import { BatonError } from '../shared/errors.ts';
import type { SignedInAgent } from './api.ts';
import { createController } from './controller.ts';
import { createConsoleStore } from './store.ts';

const ada: SignedInAgent = { id: 'a1', name: 'Ada', email: 'ada@example.com' };

function setup(me: () => Promise<SignedInAgent | null>) {
  const store = createConsoleStore();
  const sessions: { opts: AgentSessionOptions; session: AgentSession }[] = [];
  const createSession = (opts: AgentSessionOptions): AgentSession => {
    const session: AgentSession = {
      open: vi.fn(),
      sendMessage: vi.fn(() => true),
      sendDraft: vi.fn(() => true),
      sendNote: vi.fn(() => true),
      composing: vi.fn(),
      act: vi.fn(),
      transfer: vi.fn(),
      setPresence: vi.fn(),
      close: vi.fn(),
    };
    sessions.push({ opts, session });
    return session;
  };
  const api = {
    me: vi.fn(me),
    login: vi.fn(async (email: string, password: string) => {
      if (password !== 'right') throw new BatonError('unauthorized', 'Wrong e-mail or password');
      return { ...ada, email };
    }),
    logout: vi.fn(async () => {}),
  };
  const controller = createController({ store, api, createSession });
  return { store, sessions, api, controller };
}

describe('createController', () => {
  describe('#boot', () => {
    it('shows the sign-in screen when there is no session', async () => {
      const { store, sessions, controller } = setup(async () => null);
      await controller.boot();
      expect(store.getState()).toMatchObject({ sessionChecked: true, agent: null });
      expect(sessions).toHaveLength(0);
    });

    it('opens the agent socket when the cookie is still valid', async () => {
      const { store, sessions, controller } = setup(async () => ada);
      await controller.boot();
      expect(store.getState()).toMatchObject({ sessionChecked: true, agent: ada, status: 'connecting' });
      expect(sessions).toHaveLength(1);
    });

    it('shows why the session could not be checked', async () => {
      const { store, controller } = setup(async () => {
        throw new BatonError('unavailable', 'Cannot reach the server');
      });
      await controller.boot();
      expect(store.getState()).toMatchObject({ sessionChecked: true, agent: null, lastError: 'Could not check your session: Cannot reach the server' });
    });
  });

  describe('#signIn', () => {
    it('rejects with the server message on a bad pair and stays signed out', async () => {
      const { store, controller } = setup(async () => null);
      await controller.boot();
      await expect(controller.signIn('ada@example.com', 'wrong')).rejects.toThrow('Wrong e-mail or password');
      expect(store.getState().agent).toBeNull();
    });

    it('signs in and starts one session', async () => {
      const { store, sessions, controller } = setup(async () => null);
      await controller.signIn('ada@example.com', 'right');
      expect(store.getState().agent).toMatchObject({ id: 'a1' });
      expect(sessions).toHaveLength(1);
    });
  });

  it('returns to sign-in with a reason when the socket refuses the session (4401)', async () => {
    const { store, sessions, controller } = setup(async () => ada);
    await controller.boot();
    sessions[0]!.opts.onSessionRefused();
    expect(sessions[0]!.session.close).toHaveBeenCalled();
    expect(store.getState()).toMatchObject({ agent: null, lastError: expect.stringMatching(/sign in again/i) });
  });

  describe('when the socket drops', () => {
    it('returns to sign-in when the server no longer knows the session', async () => {
      const { store, sessions, api, controller } = setup(async () => ada);
      await controller.boot();
      api.me.mockResolvedValueOnce(null);
      sessions[0]!.opts.onDisconnected?.();
      await vi.waitFor(() => expect(store.getState().agent).toBeNull());
      expect(store.getState().lastError).toMatch(/sign in again/i);
      expect(sessions[0]!.session.close).toHaveBeenCalled();
    });

    it('stays signed in through a plain outage, and asks at most once per interval', async () => {
      const { store, sessions, api, controller } = setup(async () => ada);
      await controller.boot();
      api.me.mockClear();
      api.me.mockRejectedValue(new BatonError('unavailable', 'Cannot reach the server'));
      const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
      try {
        sessions[0]!.opts.onDisconnected?.();
        sessions[0]!.opts.onDisconnected?.();
        await vi.waitFor(() => expect(debug).toHaveBeenCalledOnce());
        expect(api.me).toHaveBeenCalledOnce();
        expect(store.getState().agent).toMatchObject({ id: 'a1' });
      } finally {
        debug.mockRestore();
      }
    });
  });

  it('signs out: closes the socket, calls logout, forgets the agent', async () => {
    const { store, sessions, api, controller } = setup(async () => ada);
    await controller.boot();
    await controller.signOut();
    expect(sessions[0]!.session.close).toHaveBeenCalled();
    expect(api.logout).toHaveBeenCalledOnce();
    expect(store.getState()).toMatchObject({ agent: null, lastError: null });
  });

  it('hands presence, notes, typing, drafts and transfers to the running session, and does nothing without one', async () => {
    const { sessions, controller } = setup(async () => ada);
    expect(controller.sendNote('early')).toBe(false);
    expect(controller.sendDraft('early')).toBe(false);
    controller.setPresence('away');
    controller.transfer('b2');
    controller.composing('x');
    await controller.boot();
    const session = sessions[0]!.session;
    controller.setPresence('away');
    expect(controller.sendNote('A note')).toBe(true);
    expect(controller.sendDraft('The draft')).toBe(true);
    controller.composing('Hel');
    controller.transfer('b2');
    expect(session.setPresence).toHaveBeenCalledExactlyOnceWith('away');
    expect(session.sendNote).toHaveBeenCalledExactlyOnceWith('A note');
    expect(session.sendDraft).toHaveBeenCalledExactlyOnceWith('The draft');
    expect(session.composing).toHaveBeenCalledExactlyOnceWith('Hel');
    expect(session.transfer).toHaveBeenCalledExactlyOnceWith('b2');
  });
});
