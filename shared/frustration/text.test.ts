import { describe, expect, it } from 'vitest';
import { acknowledges, angerCues, negative, shouting } from './text.ts';

describe('angerCues', () => {
  it.each([
    ['profanity', 'wtf is this fee'],
    ['an insult at the bot', 'you are a useless bot'],
    ['a question about whether it is thick', 'are you thick or what'],
    ['a run of question marks', 'so where is it???'],
    ['mixed ! and ?', 'seriously?!?'],
    ['capitals', 'WHY IS MY ORDER LATE'],
  ])('finds %s', (_kind, text) => {
    expect(angerCues(text)).toBeGreaterThan(0);
  });

  it('counts each kind once, so an insult in capitals with !!! is three', () => {
    expect(angerCues('STUPID BOT!!!')).toBe(3);
  });

  it.each([
    ['acronyms in a normal sentence', 'forgot my PIN, do I need my ID and the IMEI?'],
    ['an order code', 'where is order TP-88XK-2210-QZ? it says shipped'],
    ['a short all-capitals word', 'OK'],
    ['a self-deprecating "stupid question"', 'stupid question but how do I log out'],
    ['two question marks', 'really??'],
    ['an ordinary question', 'how do i change my card'],
  ])('leaves %s alone', (_kind, text) => {
    expect(angerCues(text)).toBe(0);
  });

  it('shouting needs at least 8 letters, most of them capitals', () => {
    expect(shouting('I SAID A PERSON')).toBe(true);
    expect(shouting('NO WAY')).toBe(false);
    expect(shouting('My PIN and CVV are WRONG today')).toBe(false);
  });
});

describe('negative', () => {
  it.each(['this is useless', 'not what I asked', 'still waiting...', 'this is taking ages', 'that did not help', 'you are not listening'])('reads "%s" as negative', (t) => {
    expect(negative(t)).toBe(true);
  });
  it.each(['how long does a new card take', 'thanks, that helps', 'can I use the card abroad'])('reads "%s" as calm', (t) => {
    expect(negative(t)).toBe(false);
  });
});

describe('acknowledges', () => {
  it.each(['thanks!', 'perfect cheers', 'great that worked, moved it. thank you', 'ok, thank you', 'that helped'])('"%s" settles the issue', (t) => {
    expect(acknowledges(t)).toBe(true);
  });
  it.each(['thanks for nothing', 'no thanks', 'thanks, and how long does it take?'])('"%s" does not', (t) => {
    expect(acknowledges(t)).toBe(false);
  });
});
