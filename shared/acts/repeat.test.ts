import { describe, expect, it } from 'vitest';
import { repeatsUnresolved, sameNeed, topicWords } from './repeat.ts';

/** Each pair both ways: a repeat does not depend on which came first. */
const both = (a: string, b: string) => [sameNeed(a, b), sameNeed(b, a)];

describe('sameNeed', () => {
  it.each([
    ["where's my refund from Lumen", "where's my refund from Lumen"],
    ['where is my gift card balance', 'but where is my gift card balance??'],
    ['how do i change the date of my payment', 'can i move my payment to a later date'],
    ['How do I reset my password?', 'how can I reset my password'],
    ['where is my order', 'where is my order?'],
    ['cancel my subscription', 'how do I cancel my subscription??'],
    ['can I use klarna to pay', 'can I use klarna to pay'],
    // Reworded: two things in common, nothing swapped for another.
    ['how do I add my partner to my account', 'can I add a second user to the account'],
  ])('"%s" and "%s" are the same need', (a, b) => {
    expect(both(a, b)).toEqual([true, true]);
  });

  it.each([
    // The same form about different things.
    ['How long does standard delivery take?', 'How long does a refund take?'],
    ['How long does express delivery take?', 'How long does standard delivery take?'],
    ['How do I change my delivery address?', 'How do I change my email address?'],
    ['how do I update my billing address', 'how can I change the shipping address on my account'],
    // The same topic, a different kind of answer.
    ['How much does express delivery cost?', 'How long does express delivery take?'],
    ['why was my payment declined', 'when will my payment go through'],
    // A follow-up on the same thing is a new need.
    ['where is my order', 'can I cancel my order'],
    ['how do i freeze my card', 'and how long does a new card take to arrive'],
    ['where is my gift card balance', 'how do I return shoes'],
    ['hi', 'hi'],
    ['can i split my order', '?'],
  ])('"%s" and "%s" are different needs', (a, b) => {
    expect(both(a, b)).toEqual([false, false]);
  });

  it('reads topic words without the form, endings trimmed and everyday verbs grouped', () => {
    expect(topicWords('How long does my parcel take?')).toEqual(['parcel']);
    expect(topicWords('Payments')).toEqual(['payment']);
    expect(topicWords('moved')).toEqual(topicWords('change'));
  });
});

describe('repeatsUnresolved', () => {
  it('sees the same need asked again after a reply', () => {
    expect(
      repeatsUnresolved([
        { role: 'user', text: 'where is my gift card balance' },
        { role: 'assistant', text: 'Check it on the Gift cards page.' },
        { role: 'user', text: 'but where is my gift card balance??' },
      ]),
    ).toBe(true);
  });

  it('does not count a new question, a same-form question about another thing, or a repeat with no reply between', () => {
    const after = (first: string, then: string) =>
      repeatsUnresolved([
        { role: 'user', text: first },
        { role: 'assistant', text: 'An answer.' },
        { role: 'user', text: then },
      ]);
    expect(after('where is my gift card balance', 'how do I return shoes')).toBe(false);
    expect(after('How long does standard delivery take?', 'How long does a refund take?')).toBe(false);
    expect(after('How much does express delivery cost?', 'How long does express delivery take?')).toBe(false);
    expect(repeatsUnresolved([{ role: 'user', text: 'gift card balance' }, { role: 'user', text: 'gift card balance' }])).toBe(false);
  });
});
