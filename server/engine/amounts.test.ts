import { describe, expect, it } from 'vitest';
import { findAmounts, largestAmount, parseNumber } from './amounts.ts';

type Expected = [value: number, currency: string][];
const found = (text: string) => findAmounts(text).map((a): [number, string] => [a.value, a.currency]);

describe('findAmounts: signs before or after the number', () => {
  it.each<[string, Expected]>([
    ['I paid $250 for it', [[250, 'USD']]],
    ['that was $ 250', [[250, 'USD']]],
    ['it cost 250$ yesterday', [[250, 'USD']]],
    ['refund £1,200 please', [[1200, 'GBP']]],
    ['charged €80 twice', [[80, 'EUR']]],
    ['charged 80€ twice', [[80, 'EUR']]],
    ['total was 1.200,50 €', [[1200.5, 'EUR']]],
    ['¥5000 for shipping?!', [[5000, 'JPY']]],
    ['I paid ₹1,20,000 for the laptop', [[120000, 'INR']]],
    ['A$40 gift card', [[40, 'AUD']]],
    ['US$ 12 fee', [[12, 'USD']]],
    ['C$15 and NZ$20', [[15, 'CAD'], [20, 'NZD']]],
    ['R$ 50,00 no cartão', [[50, 'BRL']]],
    ['Rs. 500 deducted', [[500, 'INR']]],
    ['Rp 50.000 refund', [[50000, 'IDR']]],
    ['kr 1.500,- for the chair', [[1500, 'SEK']]],
    ['costs 200kr', [[200, 'SEK']]],
    ['10 zł and 500 Kč', [[10, 'PLN'], [500, 'CZK']]],
    ['50p for a bag', [[0.5, 'GBP']]],
    ['only 99¢', [[0.99, 'USD']]],
    ['-$20 on my statement', [[20, 'USD']]],
    ['a $-20 adjustment', [[20, 'USD']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('findAmounts: ISO codes before or after', () => {
  it.each<[string, Expected]>([
    ['EUR 80 please', [[80, 'EUR']]],
    ['80 EUR please', [[80, 'EUR']]],
    ['usd 12.50 charged', [[12.5, 'USD']]],
    ['GBP1200 missing', [[1200, 'GBP']]],
    ['I was charged 80eur', [[80, 'EUR']]],
    ['CHF 20 fee', [[20, 'CHF']]],
    ['CHF 20.- Gebühr', [[20, 'CHF']]],
    ['USD 5M deal', [[5_000_000, 'USD']]],
    ['CAD$50 refund', [[50, 'CAD']]],
    ['KWD 1.250 (three decimals)', [[1.25, 'KWD']]],
    ['RMB 300', [[300, 'CNY']]],
    ['80 TRY', [[80, 'TRY']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('findAmounts: currency words and number words', () => {
  it.each<[string, Expected]>([
    ['250 dollars', [[250, 'USD']]],
    ['12 euros back', [[12, 'EUR']]],
    ['I paid 40 pounds', [[40, 'GBP']]],
    ['30 quid for that?', [[30, 'GBP']]],
    ['80 bucks', [[80, 'USD']]],
    ['500 pence', [[5, 'GBP']]],
    ['50 cents', [[0.5, 'USD']]],
    ['20 euro cents', [[0.2, 'EUR']]],
    ['50 US dollars', [[50, 'USD']]],
    ['200 Canadian dollars', [[200, 'CAD']]],
    ['5000 yen', [[5000, 'JPY']]],
    ['3000 rupees', [[3000, 'INR']]],
    ['a 20-dollar bill', [[20, 'USD']]],
    ['a hundred dollars', [[100, 'USD']]],
    ['eighty bucks', [[80, 'USD']]],
    ['fifty quid', [[50, 'GBP']]],
    ['two hundred and fifty pounds', [[250, 'GBP']]],
    ['twelve hundred euros', [[1200, 'EUR']]],
    ['twenty-five dollars', [[25, 'USD']]],
    ['nine hundred ninety-nine dollars', [[999, 'USD']]],
    ['two thousand five hundred dollars', [[2500, 'USD']]],
    ['a few hundred bucks', [[300, 'USD']]],
    ['a couple of thousand euros', [[2000, 'EUR']]],
    ['thousands of dollars', [[1000, 'USD']]],
    ['it cost me two grand', [[2000, 'XXX']]],
    ['it cost me 5 grand', [[5000, 'XXX']]],
    ['it cost me a grand.', [[1000, 'XXX']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('findAmounts: magnitudes and separators', () => {
  it.each<[string, Expected]>([
    ['1.5k dollars', [[1500, 'USD']]],
    ['$2k', [[2000, 'USD']]],
    ['approx $1.5K', [[1500, 'USD']]],
    ['£1.2m', [[1_200_000, 'GBP']]],
    ['$5 million', [[5_000_000, 'USD']]],
    ['2 million dollars', [[2_000_000, 'USD']]],
    ['₹5 lakh', [[500_000, 'INR']]],
    ['1,200.50 USD', [[1200.5, 'USD']]],
    ['1 200,50 €', [[1200.5, 'EUR']]],
    ['12 500 €', [[12500, 'EUR']]],
    ["1'200.50 CHF", [[1200.5, 'CHF']]],
    ['12,50 €', [[12.5, 'EUR']]],
    ['1,200 dollars', [[1200, 'USD']]],
    ['$1.200', [[1200, 'USD']]],
    ['1.000.000 €', [[1_000_000, 'EUR']]],
    ['$1,000,000', [[1_000_000, 'USD']]],
    ['0.500 €', [[0.5, 'EUR']]],
    ['refund of 150,00 EUR', [[150, 'EUR']]],
    ['$49.99', [[49.99, 'USD']]],
    ['2 100 dollar bills', [[100, 'USD']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('findAmounts: several amounts and ranges', () => {
  it.each<[string, Expected]>([
    ['between $100 and $300', [[100, 'USD'], [300, 'USD']]],
    ['between 100 and 300 euros', [[100, 'EUR'], [300, 'EUR']]],
    ['somewhere around $100-300', [[100, 'USD'], [300, 'USD']]],
    ['$100 to 300.', [[100, 'USD'], [300, 'USD']]],
    ['100 - 300 dollars', [[100, 'USD'], [300, 'USD']]],
    ['$1-2k', [[1000, 'USD'], [2000, 'USD']]],
    ['EUR 80 - 100', [[80, 'EUR'], [100, 'EUR']]],
    ['£40, £50 and £60', [[40, 'GBP'], [50, 'GBP'], [60, 'GBP']]],
    ['charged $49.99 twice and then €120', [[49.99, 'USD'], [120, 'EUR']]],
    ['one hundred and twenty three dollars and fifty cents', [[123, 'USD'], [0.5, 'USD']]],
    ['send $50 to 1234567', [[50, 'USD']]],
    ['$5 to 12 people', [[5, 'USD']]],
    ['order 12345 - 40 dollars', [[40, 'USD']]],
    ['I bought 3 $40 shirts', [[40, 'USD']]],
    ['4 payments of $25', [[25, 'USD']]],
    ['$25/month', [[25, 'USD']]],
    ['Order #12345: refund $80', [[80, 'USD']]],
    ['try 50 dollars', [[50, 'USD']]],
    ['I lost 500 pounds on this', [[500, 'GBP']]],
    ['a 30 pound refund', [[30, 'GBP']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});

describe('findAmounts: not money', () => {
  it.each([
    'order 12345',
    'I bought 3 items',
    'it took 2 days',
    'you promised 14 days',
    'call me at 10:00',
    'split into 4 payments',
    '20% off',
    'delivered on 12/05/2024',
    'due 12.05.2024 €',
    'call +44 20 7946 0958',
    'order #A1200',
    'PIN 1234',
    'what does $ mean',
    'refund my dollars',
    '5 pounds of coffee',
    'a 5-pound bag of flour',
    'it weighs about 40 pounds',
    'I weigh 180 pounds',
    "Order 12345 won't ship",
    'EURO 2024 tickets',
    'a grand total of nothing',
    'a few dollars',
    '80 try again',
    'rs 500',
    'Room 101, 3 pm',
    'I paid 1200 for it',
    '5k run',
    'Grand Theft Auto 5',
    '',
  ])('%j has no amount', (text) => {
    expect(findAmounts(text)).toEqual([]);
    expect(largestAmount(text)).toBeNull();
  });
});

describe('findAmounts: matched span', () => {
  it('keeps the text as written, in order of appearance', () => {
    expect(findAmounts('Refund £1,200.00 and 80 EUR, or eighty bucks').map((a) => a.text)).toEqual([
      '£1,200.00',
      '80 EUR',
      'eighty bucks',
    ]);
  });

  it('finds the same amounts on a second call (no state left in the shared pattern)', () => {
    const text = 'between $100 and $300';
    expect(findAmounts(text)).toEqual(findAmounts(text));
  });
});

describe('largestAmount', () => {
  it.each<[string, number | null]>([
    ['£1,200 or $250', 1200],
    ['¥5000 versus €80', 5000],
    ['1.200,50 € and 999 dollars', 1200.5],
    ['eighty bucks, maybe $79.99', 80],
    ['50 cents and 40 pence', 0.5],
    ['between $100 and 300', 300],
    ['A$40 and 41 quid', 41],
    ['two grand or $1,999', 2000],
    ['order 12345, item 3, 14 days', null],
    ['nothing here', null],
  ])('%j → %j', (text, expected) => {
    expect(largestAmount(text)).toBe(expected);
  });

  it('an amount equal to a limit is not above it', () => {
    const limit = 100;
    expect((largestAmount('$100 refund') ?? 0) > limit).toBe(false);
    expect((largestAmount('$100.01 refund') ?? 0) > limit).toBe(true);
  });
});

describe('parseNumber', () => {
  it.each<[string, boolean, number]>([
    ['1,200', false, 1200],
    ['1.200', false, 1200],
    ['1,200.50', false, 1200.5],
    ['1.200,50', false, 1200.5],
    ['1 200,50', false, 1200.5],
    ["1'200.50", false, 1200.5],
    ['1,20,000', false, 120000],
    ['12,50', false, 12.5],
    ['12,5', false, 12.5],
    ['1234,567', false, 1234.567],
    ['0,500', false, 0.5],
    ['1.250', true, 1.25],
    ['1,250', true, 1250],
    ['80,-', false, 80],
  ])('%j (three decimals: %j) → %j', (raw, three, expected) => {
    expect(parseNumber(raw, three)).toBe(expected);
  });
});
