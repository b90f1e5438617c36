import { describe, expect, it } from 'vitest';
import { parseArticle } from './knowledge.ts';
import { parsePolicy } from './policy.ts';
import { RoutedAssistant } from './routed-assistant.ts';
import { actsModel } from './acts.ts';
import { smallTalkOf } from './signals.ts';

const smallTalk = (text: string) => smallTalkOf(actsModel().of(text));

const kb = [
  parseArticle(
    'parcels',
    '# Parcels\n\n## Lost parcels\n\nIf a parcel has not arrived 10 days after dispatch, we send a new one free of charge.\n\n## Parcel lockers\n\nWe deliver to **parcel lockers** in every city.',
  ),
  parseArticle('cards', '# Gift cards\n\n## Expiry\n\nGift cards never expire and can be used online.'),
];
const assistant = new RoutedAssistant(kb, parsePolicy({ version: 1, minConfidence: 0.5, intents: [] }));
const ask = (text: string) => assistant.decide({ turns: [{ role: 'user', text }] });

describe('parseArticle', () => {
  it('takes the title from # and sections from ##, dropping Markdown markers', () => {
    expect(kb[0]).toMatchObject({ id: 'parcels', title: 'Parcels' });
    expect(kb[0]?.sections.map((s) => s.heading)).toEqual(['Lost parcels', 'Parcel lockers']);
    expect(kb[0]?.sections[1]?.text).toBe('We deliver to parcel lockers in every city.');
  });
});

describe('RoutedAssistant#decide without intents (offline)', () => {
  it('answers from the best section, citing it, with the Decision shape', async () => {
    const d = await ask('my parcel has not arrived, what now?');
    expect(d).toMatchObject({ route: 'answer', reason: null, flags: [], unsupportedClaims: [] });
    expect(d.reply).toContain('10 days after dispatch');
    expect(d.passages[0]).toMatchObject({ article: 'parcels', section: 'Lost parcels' });
    expect(d.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('escalates with low_confidence and no reply when nothing in the knowledge base fits', async () => {
    const d = await ask('can I pay with cryptocurrency');
    expect(d).toMatchObject({ route: 'escalate', reason: 'low_confidence', reply: null });
    expect(d.confidence).toBeLessThan(0.5);
  });

  it('honours an explicit request for a person', async () => {
    expect(await ask('please let me talk to a human')).toMatchObject({ route: 'escalate', reason: 'visitor_request', reply: null });
  });

  it('answers greetings and thanks without forcing an article', async () => {
    const d = await ask('hello!');
    expect(d).toMatchObject({ route: 'answer', passages: [], intent: null });
  });
});

describe('signals', () => {
  it('recognises small talk only when the whole message is small talk', () => {
    expect(smallTalk('thanks a lot!')).toBe('thanks');
    expect(smallTalk('hi there')).toBe('greeting');
    expect(smallTalk('Hi Northwind team!')).toBe('greeting');
    expect(smallTalk('hello refund')).toBeNull();
    expect(smallTalk('perfect, thank you!')).toBe('thanks');
    expect(smallTalk('ok great, thanks so much for your help')).toBe('thanks');
    expect(smallTalk('hi, where is my parcel?')).toBeNull();
  });
});
