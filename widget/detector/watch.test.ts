import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VisitorEventsFrame, VisitorFrustrationFrame } from '../../shared/frames/visitor.ts';
import type { Entry } from '../../shared/model.ts';
import { createWidgetStore, offersPerson } from '../store.ts';
import { stageOf, watch, type Watcher } from './watch.ts';

describe('watch (the detector in the widget)', () => {
  let beacons: { url: string; body: Record<string, unknown> }[];
  let frames: (VisitorEventsFrame | VisitorFrustrationFrame)[];
  let token: string | null;
  let w: Watcher;
  let store = createWidgetStore();
  let t = 0;
  /** As main.tsx does: the store takes a live entry, then the watcher hears of it. */
  const arrive = (e: Entry) => {
    store.getState().addEntry(e);
    w.entry(e);
  };

  beforeEach(() => {
    beacons = [];
    frames = [];
    store = createWidgetStore();
    t = 0;
    token = 't'.repeat(40);
    vi.useFakeTimers();
    vi.stubGlobal('navigator', { sendBeacon: (url: string, body: string) => (beacons.push({ url, body: JSON.parse(body) }), true) });
    store = createWidgetStore();
    w = watch({ store, session: { telemetry: (f) => frames.push(f), get token() { return token; } }, exitUrl: 'https://baton.test/api/sites/demo/exit', now: () => t });
  });
  afterEach(() => {
    w.stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('reports one exit when both hidden and pagehide fire, and again after the visitor comes back and leaves', () => {
    w.push({ t: 0, type: 'send', text: 'where is my refund' });
    arrive({ kind: 'message', id: 'm1', seq: 1, at: 1, role: 'visitor', text: 'where is my refund', clientId: 'c1' });
    arrive({ kind: 'message', id: 'm2', seq: 2, at: 1, role: 'assistant', text: 'Soon.', confidence: 0.41 });
    w.push({ t: 5000, type: 'hidden' });
    w.push({ t: 5001, type: 'leave' });
    expect(beacons).toHaveLength(1);
    expect(beacons[0]).toMatchObject({
      url: 'https://baton.test/api/sites/demo/exit',
      body: { token, abandoned: true, rageQuit: false, stage: 'after_reply', lastConfidence: 0.41, signals: [] },
    });
    w.push({ t: 9000, type: 'visible' });
    w.push({ t: 9500, type: 'hidden' });
    expect(beacons).toHaveLength(2);
    expect(beacons[1]!.body.exitId).not.toBe(beacons[0]!.body.exitId);
    expect(JSON.stringify(beacons[0]!.body).length).toBeLessThan(1024);
  });

  it('sends no report without a conversation, and falls back to fetch keepalive when the beacon is refused', async () => {
    token = null;
    w.push({ t: 0, type: 'hidden' });
    expect(beacons).toHaveLength(0);
    token = 'k'.repeat(40);
    const fetched = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('navigator', { sendBeacon: () => false });
    vi.stubGlobal('fetch', fetched);
    w.push({ t: 10, type: 'visible' });
    w.push({ t: 20, type: 'leave' });
    expect(fetched).toHaveBeenCalledWith('https://baton.test/api/sites/demo/exit', expect.objectContaining({ method: 'POST', keepalive: true }));
  });

  it('tells the server when the score rises, offers a person at offerHumanAt, and batches events without their text', () => {
    w.thresholds(0.5);
    w.push({ t: 0, type: 'send', text: 'you stupid bot' });
    expect(frames.filter((f) => f.type === 'frustration')).toEqual([{ type: 'frustration', score: 0.5, signals: ['anger'] }]);
    expect(offersPerson(store.getState())).toBe(true);
    vi.advanceTimersByTime(10_000);
    const batch = frames.find((f): f is VisitorEventsFrame => f.type === 'events');
    expect(batch?.events).toEqual([{ t: 0, type: 'send' }]);
  });

  it('reads the same events again under the policy threshold from welcome, and tells the server afresh', () => {
    w.push({ t: 0, type: 'send', text: 'this is useless' });
    w.push({ t: 1000, type: 'feedback', value: 'down' });
    expect(store.getState()).toMatchObject({ frustration: 0.5, offerAt: 0.5 });
    w.thresholds(0.8);
    // Two different weak signals reach offerHumanAt whatever it is: now 0.8.
    expect(store.getState()).toMatchObject({ frustration: 0.8, offerAt: 0.8 });
    expect(frames.filter((f) => f.type === 'frustration').at(-1)).toMatchObject({ score: 0.8 });
  });

  it('starts a new episode when a person resolves the conversation: the old score no longer offers a person', () => {
    w.push({ t: 0, type: 'send', text: 'wtf' });
    expect(offersPerson(store.getState())).toBe(true);
    arrive({ kind: 'state', id: 's1', seq: 1, at: 1, from: 'bot', to: 'queued', reason: 'frustration' });
    arrive({ kind: 'state', id: 's2', seq: 2, at: 2, from: 'queued', to: 'resolved', reason: 'agent_resolved' });
    expect(store.getState().frustration).toBe(0);
    expect(offersPerson(store.getState())).toBe(false);
  });

  it('sends no report when the visitor did nothing on this page', () => {
    w.push({ t: 0, type: 'hidden' });
    expect(beacons).toHaveLength(0);
  });

  it('notices a long wait for a person while nothing else happens', () => {
    arrive({ kind: 'state', id: 's1', seq: 1, at: 1, from: 'bot', to: 'queued', reason: 'visitor_request' });
    t = 61_000;
    vi.advanceTimersByTime(65_000);
    expect(frames.some((f) => f.type === 'frustration' && f.signals.includes('long_wait'))).toBe(true);
  });
});

describe('stageOf', () => {
  const msg = (seq: number, role: 'visitor' | 'assistant'): Entry => ({ kind: 'message', id: `m${seq}`, seq, at: seq, role, text: 'x' });
  it('reads the stage from what the panel shows', () => {
    expect(stageOf({ convState: 'bot', entries: [], pending: [], humanRequested: false })).toBe('idle');
    expect(stageOf({ convState: 'bot', entries: [msg(1, 'visitor')], pending: [], humanRequested: false })).toBe('waiting_assistant');
    expect(stageOf({ convState: 'bot', entries: [msg(1, 'visitor'), msg(2, 'assistant')], pending: [], humanRequested: false })).toBe('after_reply');
    expect(stageOf({ convState: 'bot', entries: [msg(1, 'visitor'), msg(2, 'assistant')], pending: [{ clientId: 'c', text: 'y', at: 3 }], humanRequested: false })).toBe('waiting_assistant');
    expect(stageOf({ convState: 'bot', entries: [], pending: [], humanRequested: true })).toBe('queued');
    expect(stageOf({ convState: 'human', entries: [], pending: [], humanRequested: false })).toBe('with_person');
  });
});
