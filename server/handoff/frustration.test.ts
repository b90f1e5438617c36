import { describe, expect, it } from 'vitest';
import type { Entry } from '../../shared/model.ts';
import { judgeFrustration, transcriptEvents } from './frustration.ts';

const T = { offerHumanAt: 0.5, handoffAt: 0.8 };
let seq = 0;
const visitor = (text: string, at = ++seq * 1000): Entry => ({ kind: 'message', id: `m${++seq}`, seq, at, role: 'visitor', text });
const bot = (text: string, confidence = 0.7): Entry => ({ kind: 'message', id: `m${++seq}`, seq, at: seq * 1000, role: 'assistant', text, confidence });
const queued = (): Entry => ({ kind: 'state', id: `s${++seq}`, seq, at: seq * 1000, from: 'bot', to: 'queued', reason: 'visitor_request' });

describe('transcriptEvents', () => {
  it('counts a request in words once, not again as the hand-over it caused', () => {
    const events = transcriptEvents([visitor('can I talk to a person'), queued()]);
    expect(events.map((e) => e.type)).toEqual(['send', 'act', 'handoff']);
    expect(judgeFrustration([visitor('can I talk to a person'), queued()], T, null, 0).signals).toEqual([]);
  });

  it('reads a hand-over with no request in words as the button, so asking again in words is a second request', () => {
    const entries = [visitor('how do refunds work'), bot('Like this.'), queued(), visitor('I want a human now')];
    expect(transcriptEvents(entries).map((e) => e.type)).toEqual(['send', 'reply', 'human', 'handoff', 'send', 'act']);
    expect(judgeFrustration(entries, T, null, 0).signals).toEqual(['person_again']);
  });

  it('keeps the confidence of assistant replies', () => {
    expect(transcriptEvents([bot('x', 0.42)])).toEqual([{ t: expect.any(Number), type: 'reply', from: 'bot', text: 'x', confidence: 0.42 }]);
  });
});

describe('judgeFrustration', () => {
  it('believes the widget only up to offerHumanAt when the server saw nothing itself', () => {
    expect(judgeFrustration([visitor('how do refunds work')], T, { score: 1, signals: ['rage_click'] }, 0)).toMatchObject({ score: 0.5, signals: ['rage_click'] });
  });

  it('lets the widget add at most one strong signal to what the server saw itself', () => {
    // One weak signal of its own (0.293): the widget's 1.0 counts as 1 - 0.707 * 0.5, under handoffAt.
    expect(judgeFrustration([visitor('this is ridiculous')], T, { score: 1, signals: ['rage_click'] }, 0)).toMatchObject({ score: 0.647, signals: ['negative_phrase', 'rage_click'] });
    // One strong and one weak of its own: the widget's report can carry it past handoffAt.
    expect(judgeFrustration([visitor('wtf, this is useless')], T, { score: 0.9, signals: ['rage_click'] }, 0).score).toBeGreaterThanOrEqual(0.8);
    expect(judgeFrustration([visitor('wtf is this')], T, { score: 0.4, signals: [] }, 0).score).toBe(0.5);
  });

  it('judges only since the conversation came back to the assistant: a person dealt with the earlier anger', () => {
    const back: Entry = { kind: 'state', id: 's-back', seq: ++seq, at: seq * 1000, from: 'human', to: 'resolved', reason: 'agent_resolved' };
    const entries = [visitor('THIS IS USELESS!!! YOU STUPID BOT'), queued(), back, visitor('thanks! one more thing, do you ship to Canada?')];
    expect(judgeFrustration(entries, T, null, 0)).toMatchObject({ score: 0, signals: [] });
  });

  it('keeps its own score when it is higher than the widget says, and clamps nonsense', () => {
    expect(judgeFrustration([visitor('YOU STUPID BOT!!!')], T, { score: 0.1, signals: [] }, 0).score).toBeGreaterThanOrEqual(0.8);
    expect(judgeFrustration([visitor('hello there')], T, { score: Number.NaN, signals: [] }, 0).score).toBe(0);
  });

  it('notices a long wait for a person at the time it is judged', () => {
    const entries = [visitor('help please', 0), { ...queued(), at: 1000 }];
    expect(judgeFrustration(entries, T, null, 30_000).signals).toEqual([]);
    expect(judgeFrustration(entries, T, null, 62_000).signals).toEqual(['long_wait']);
  });
});
