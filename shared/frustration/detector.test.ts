import { describe, expect, it } from 'vitest';
import type { WidgetEvent } from '../frames/telemetry.ts';
import { createDetector } from './detector.ts';

const run = (events: WidgetEvent[], offerHumanAt = 0.5) => {
  const d = createDetector({ offerHumanAt });
  for (const e of events) d.push(e);
  return d;
};
const click = (t: number, x: number, y: number): WidgetEvent => ({ t, type: 'click', x, y, target: 'message' });
const send = (t: number, text: string): WidgetEvent => ({ t, type: 'send', text });
const reply = (t: number, confidence = 0.8): WidgetEvent => ({ t, type: 'reply', from: 'bot', text: 'an answer', confidence });

describe('FrustrationDetector signals', () => {
  it('sees a rage-click burst: 3 clicks inside 1 s, all within 30 px of the first', () => {
    expect(run([click(0, 100, 100), click(300, 110, 110), click(900, 120, 100)]).outcome().signals).toEqual(['rage_click']);
  });

  it.each([
    ['two clicks', [click(0, 100, 100), click(200, 100, 100)]],
    ['three clicks spread over more than 1 s', [click(0, 100, 100), click(600, 100, 100), click(1100, 100, 100)]],
    ['three fast clicks far apart', [click(0, 100, 100), click(100, 200, 100), click(200, 100, 300)]],
    ['a third click 31 px from the first', [click(0, 100, 100), click(100, 100, 100), click(200, 131, 100)]],
  ])('does not count %s', (_name, events) => {
    expect(run(events).outcome().signals).toEqual([]);
  });

  it('finds a burst that starts after a stray click', () => {
    expect(run([click(0, 10, 10), click(200, 300, 300), click(400, 302, 300), click(600, 300, 301)]).outcome().signals).toEqual(['rage_click']);
  });

  it('counts the same question only after a reply', () => {
    expect(run([send(0, 'where is my refund for the sofa'), send(5000, 'where is my refund for the sofa')]).outcome().signals).toEqual([]);
    expect(run([send(0, 'where is my refund for the sofa'), reply(1000), send(9000, 'where is my refund for the sofa')]).outcome().signals).toEqual(['repeat_question']);
  });

  it('counts the same need asked again, not the same form about another thing (tried on the demo)', () => {
    const after = (first: string, second: string) => run([send(0, first), reply(1000), send(12_000, second), reply(13_000)]).outcome();
    expect(after('How long does standard delivery take?', 'How long does a refund take?')).toMatchObject({ signals: [], frustrated: false });
    expect(after('How much does express delivery cost?', 'How long does express delivery take?')).toMatchObject({ signals: [], frustrated: false });
    expect(after('how do I pause my subscription?', 'but how do I pause my subscription??').signals).toEqual(['repeat_question']);
  });

  // A request in words reaches the detector as the server read it: an `act` event from the message's ack.
  it('counts a second request for a person, by button or words together', () => {
    const asked = (t: number) => ({ t, type: 'act', act: 'person' }) as const;
    expect(run([{ t: 0, type: 'human' }]).outcome().signals).toEqual([]);
    expect(run([send(0, 'can I talk to someone'), asked(0), { t: 9000, type: 'human' }]).outcome().signals).toEqual(['person_again']);
    expect(run([send(0, 'no bot pls'), asked(0), reply(1000), send(9000, 'a real human, I already asked once'), asked(9000)]).outcome().signals).toContain('person_again');
    // The words alone, with no act, are not counted: the detector keeps no reading of its own.
    expect(run([send(0, 'can I talk to someone'), { t: 9000, type: 'human' }, { t: 9100, type: 'act', act: 'closing' }]).outcome().signals).toEqual([]);
  });

  it('sees rapid fire, heavy deleting, a thumbs-down and a long wait as weak signals', () => {
    const d = run([
      send(0, 'hello'),
      send(3000, 'my card'),
      send(9000, 'it is declined'),
      { t: 12000, type: 'typing', chars: 20, deletes: 11 },
      { t: 15000, type: 'feedback', value: 'down' },
      { t: 16000, type: 'handoff', state: 'queued' },
      { t: 77000, type: 'visible' },
    ]);
    expect(d.outcome().signals.sort()).toEqual(['down_feedback', 'heavy_deleting', 'long_wait', 'rapid_fire']);
  });
});

describe('FrustrationDetector score', () => {
  it('reaches offerHumanAt with one strong signal or two different weak ones, not with one weak one twice', () => {
    expect(run([send(0, 'this is bullshit')]).outcome().score).toBe(0.5);
    const oneWeak = run([send(0, 'that did not help'), send(20000, 'still not helpful')]);
    expect(oneWeak.outcome().signals).toEqual(['negative_phrase']);
    expect(oneWeak.outcome().score).toBeLessThan(0.5);
    expect(run([send(0, 'not what I asked'), { t: 5000, type: 'feedback', value: 'down' }]).outcome().score).toBeGreaterThanOrEqual(0.5);
  });

  it('follows the policy threshold: with offerHumanAt 0.7, one strong signal is 0.7 and two weak ones reach it', () => {
    expect(run([send(0, 'you stupid bot')], 0.7).outcome()).toMatchObject({ frustrated: true, maxFrustration: 0.7 });
    const weak = run([send(0, 'this is useless'), { t: 5000, type: 'feedback', value: 'down' }], 0.7);
    expect(weak.outcome().score).toBeGreaterThanOrEqual(0.7);
    expect(run([send(0, 'this is useless')], 0.7).outcome().frustrated).toBe(false);
  });

  it('keeps rising with more strong evidence, so an angry visitor passes handoffAt (0.8)', () => {
    expect(run([click(0, 1, 1), click(100, 1, 1), click(200, 1, 1), send(1000, 'where is my sofa order'), reply(2000), send(9000, 'where is my sofa order')]).outcome().score).toBe(0.75);
    expect(run([send(0, 'THIS IS USELESS!!! YOU STUPID BOT')]).outcome().score).toBeGreaterThanOrEqual(0.8);
  });

  it('remembers the highest score', () => {
    const d = run([send(0, 'wtf')]);
    expect(d.outcome().maxFrustration).toBe(0.5);
  });
});

describe('FrustrationDetector abandonment', () => {
  const left: WidgetEvent = { t: 60000, type: 'leave' };

  it('an unacknowledged reply, then leaving, is abandonment after a reply', () => {
    expect(run([send(0, 'how do refunds work'), reply(1000), left]).outcome()).toMatchObject({ abandoned: true, rageQuit: false });
  });

  it.each([
    ['thanks', [send(0, 'how do refunds work'), reply(1000), send(5000, 'thanks!'), reply(6000), left]],
    ['a thumbs-up', [send(0, 'how do refunds work'), reply(1000), { t: 5000, type: 'feedback', value: 'up' }, left]],
    ['resolve', [send(0, 'how do refunds work'), reply(1000), { t: 5000, type: 'resolve' }, left]],
  ] as [string, WidgetEvent[]][])('after %s, leaving is not abandonment', (_name, events) => {
    expect(run(events).outcome().abandoned).toBe(false);
  });

  it('counts leaving while waiting for the assistant, queued, or with a person who has not been thanked', () => {
    expect(run([send(0, 'a question'), { t: 500, type: 'hidden' }]).outcome().abandoned).toBe(true);
    expect(run([{ t: 0, type: 'human' }, { t: 100, type: 'handoff', state: 'queued' }, left]).outcome().abandoned).toBe(true);
    const withPerson = run([{ t: 0, type: 'handoff', state: 'queued' }, { t: 100, type: 'handoff', state: 'joined' }, { t: 200, type: 'reply', from: 'agent', text: 'hi' }, left]);
    expect(withPerson.outcome().abandoned).toBe(true);
  });

  it('a page hidden and shown again, then used, is not an exit; a trace with no exit is not abandoned', () => {
    expect(run([send(0, 'a question'), reply(1000), { t: 2000, type: 'hidden' }, { t: 9000, type: 'visible' }, send(10000, 'thanks')]).outcome().abandoned).toBe(false);
    expect(run([send(0, 'a question'), reply(1000)]).outcome().abandoned).toBe(false);
    // A reply landing while the page is hidden is not the visitor coming back.
    expect(run([send(0, 'a question'), { t: 500, type: 'hidden' }, reply(1000)]).outcome().abandoned).toBe(true);
  });

  it('frustrated and abandoned is a rage-quit', () => {
    expect(run([send(0, 'where is my money???'), reply(1000, 0.42), left]).outcome()).toMatchObject({ frustrated: true, abandoned: true, rageQuit: true });
  });
});
