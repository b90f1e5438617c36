import { describe, expect, it } from 'vitest';
import { extractClaims, unsupportedClaims, type ClaimKind } from './claims.ts';
import { loadKnowledge } from './knowledge.ts';

// Passages from several kinds of support desks.
const COFFEE_SHIPPING =
  'Orders placed before 1 pm on a working day are roasted and shipped the same day. Standard delivery takes 2 to 4 working days. ' +
  'Standard delivery is free on orders over $40; below that it costs $4.95. Express delivery costs $9.95 on any order.';
const COFFEE_REFUNDS =
  'We approve refunds within 2 working days. Your bank then takes 3 to 5 working days to show the money on your card. ' +
  'Choose how often you want it: every 1, 2 or 4 weeks. Email privacy@harborlane.example to delete your account.';
const SAAS_PLANS =
  'The Pro plan costs $29 per user per month, or $290 per year (save 17%). It includes 100 GB of storage and up to twenty-five seats. ' +
  'API rate limit: 1,000 requests per minute. Trials last 14 days. Docs: https://docs.nimbus.io/api/limits/';
const AIRLINE =
  'You can change a flight up to 24 hours before departure for a fee of US$75 per passenger. Checked bags may weigh up to 23 kg. ' +
  'Call our reservations team 24/7 on +1 (800) 555-0100 or visit www.skyjet.com/manage.';
const BANK =
  'SEPA transfers arrive within 1 business day. International transfers take 3-5 business days and cost 0.5% (minimum €5). ' +
  'Transfers over €10,000 need proof of funds.';
const UK_SHOP =
  'You have 28 days to return an item. Return postage costs £3.50, or is free for orders over £50. ' +
  'Our sale runs from 1 March to 15 March 2025. Call us on 020 7946 0958, 9am-5:30pm GMT.';
const CLINIC =
  'Clinic hours: Monday to Friday, 08:00–18:00; Saturday 9am–1pm. Appointments last 30 or 60 minutes. ' +
  'Cancel at least 48 hours ahead to avoid the £25 fee. Book online at clinic.example/book.';
const TELECOM =
  'Unlimited plans include 50GB of hotspot data. After that, speeds drop to 3 Mbps. ' +
  'Number porting takes one to two business days. Support: help@telco.example.';
const INDIA_SHOP = 'Cash on delivery is available on orders up to ₹50,000. Refunds reach your UPI account in 2-3 days.';
const EVENTS = 'Early-bird tickets are on sale until 2025-04-30. Doors open at 6:30 pm; the show starts at 7:30 pm ET.';

type Case = [company: string, answer: string, passages: string[], unsupported: string[]];

const CASES: Case[] = [
  // --- supported: verbatim and paraphrased values
  ['coffee: verbatim quote', COFFEE_SHIPPING, [COFFEE_SHIPPING], []],
  ['coffee: verbatim quote of the second passage', COFFEE_REFUNDS, [COFFEE_SHIPPING, COFFEE_REFUNDS], []],
  ['coffee: $40 vs $40.00', 'Delivery is free on orders over $40.00.', [COFFEE_SHIPPING], []],
  ['coffee: money in words', 'Express costs 9.95 dollars.', [COFFEE_SHIPPING], []],
  ['coffee: range in words', 'Standard delivery takes two to four working days.', [COFFEE_SHIPPING], []],
  ['coffee: range written with a dash', 'Your bank needs 3-5 working days.', [COFFEE_REFUNDS], []],
  ['coffee: one item of a list with a shared unit', 'We can send it every 2 weeks.', [COFFEE_REFUNDS], []],
  ['coffee: 1pm as 13:00', 'Order before 13:00 for same-day shipping.', [COFFEE_SHIPPING], []],
  ['coffee: email in capitals', 'Write to Privacy@HarborLane.example.', [COFFEE_REFUNDS], []],
  ['coffee: both ends from separate sentences of one passage', 'Refunds take 5 to 10 business days.', ['Most refunds take 5 days. Card refunds can take up to 10 business days.'], []],
  ['saas: per-year price and percent in words', 'Yearly billing is $290, a saving of 17 percent.', [SAAS_PLANS], []],
  ['saas: number words', 'Pro covers up to 25 seats and fourteen days of trial.', [SAAS_PLANS], []],
  ['saas: two weeks = 14 days', 'The trial lasts two weeks.', [SAAS_PLANS], []],
  ['saas: URL without scheme or trailing slash', 'See docs.nimbus.io/api/limits for details.', [SAAS_PLANS], []],
  ['saas: URL with other scheme and host case', 'See HTTP://Docs.Nimbus.io/api/limits.', [SAAS_PLANS], []],
  ['saas: storage with glued unit', 'You get 100GB of storage.', [SAAS_PLANS], []],
  ['saas: thousands separator', 'The limit is 1000 requests per minute.', [SAAS_PLANS], []],
  ['airline: US$ vs $', 'The change fee is $75 per passenger.', [AIRLINE], []],
  ['airline: a day = 24 hours', 'You can change your flight up to a day before departure.', [AIRLINE], []],
  ['airline: phone written differently, 24/7', 'Call 1-800-555-0100, we answer 24/7.', [AIRLINE], []],
  ['airline: host-only URL', 'Manage your booking on skyjet.com.', [AIRLINE], []],
  ['bank: euro amount and code', 'The minimum fee is 5 EUR and transfers above 10,000 euros need proof.', [BANK], []],
  ['bank: range in words with a percent', 'It takes three to five business days and costs 0.5 per cent.', [BANK], []],
  ['uk: £ with pence', 'Return postage is £3.50.', [UK_SHOP], []],
  ['uk: date order changed', 'The sale ends on March 15th, 2025.', [UK_SHOP], []],
  ['uk: date without the year', 'The sale starts on the 1st of March.', [UK_SHOP], []],
  ['uk: phone with country code', 'Ring +44 20 7946 0958.', [UK_SHOP], []],
  ['uk: four weeks is 28 days', 'You have four weeks to send it back.', [UK_SHOP], []],
  ['clinic: 24h clock vs am/pm', 'We open at 8am and close at 6pm on weekdays.', [CLINIC], []],
  ['clinic: list with a shared unit', 'Appointments are 30 or 60 minutes long.', [CLINIC], []],
  ['clinic: 48 hours = 2 days', 'Cancel 2 days ahead to avoid the £25 fee.', [CLINIC], []],
  ['telecom: number words in a range', 'Porting takes 1-2 business days.', [TELECOM], []],
  ['india: rupee range end', 'COD works for orders up to ₹50,000.', [INDIA_SHOP], []],
  ['events: ISO date as words', 'Early-bird pricing ends on April 30, 2025.', [EVENTS], []],
  ['events: time zone agrees', 'The show starts at 7:30pm ET.', [EVENTS], []],
  ['any: step numbering is not a claim', 'Step 1: open Settings.\nStep 2: choose Billing.\n1. Log in\n2. Click Save [1]', [SAAS_PLANS], []],
  ['any: "one of" is not a claim', 'One of our agents will reply.', [SAAS_PLANS], []],
  ['any: no claims at all', 'Happy to help! Go to Settings and select Billing.', [], []],

  // --- unsupported: changed values, wrong currency, invented links
  ['coffee: changed duration', 'We approve refunds within 4 working days.', [COFFEE_REFUNDS], ['4 working days']],
  ['shop: within 3 business days when the passage says 5', 'Refunds are processed within 3 business days.', ['Refunds are processed within 5 business days.'], ['3 business days']],
  ['shop: a value elsewhere in the passage supports it (documented leniency)', 'Refunds are processed within 3 business days.', ['Refunds are processed within 5 business days; exchanges within 3 business days.'], []],
  ['coffee: changed price', 'Express delivery costs $12.95.', [COFFEE_SHIPPING], ['$12.95']],
  ['coffee: rounded price', 'Standard delivery costs $5 below $40.', [COFFEE_SHIPPING], ['$5']],
  ['coffee: range end changed', 'Standard delivery takes 2 to 6 working days.', [COFFEE_SHIPPING], ['2 to 6 working days']],
  ['coffee: range only half in the passage', 'Refunds take 5 to 10 business days.', ['Card refunds can take up to 10 business days.'], ['5 to 10 business days']],
  ['coffee: range ends in different passages', 'Refunds take 5 to 10 business days.', ['Most refunds take 5 days.', 'Card refunds take 10 business days.'], ['5 to 10 business days']],
  ['coffee: changed cut-off time', 'Order before 2 pm for same-day shipping.', [COFFEE_SHIPPING], ['2 pm']],
  ['coffee: no passages at all', 'Express costs $9.95.', [], ['$9.95']],
  ['saas: currency mismatch', 'Pro costs €29 per user per month.', [SAAS_PLANS], ['€29']],
  ['saas: changed percent', 'Yearly billing saves you 20%.', [SAAS_PLANS], ['20%']],
  ['saas: URL path changed', 'See https://docs.nimbus.io/api/limit.', [SAAS_PLANS], ['https://docs.nimbus.io/api/limit']],
  ['saas: invented URL', 'Upgrade at nimbus.io/upgrade.', [SAAS_PLANS], ['nimbus.io/upgrade']],
  ['saas: storage unit changed', 'You get 100 TB of storage.', [SAAS_PLANS], ['100 TB']],
  ['saas: number word changed', 'Pro covers up to thirty seats.', [SAAS_PLANS], ['thirty']],
  ['airline: weight changed', 'Checked bags may weigh up to 32 kg.', [AIRLINE], ['32 kg']],
  ['airline: invented phone number', 'Call 1-800-555-0199 anytime.', [AIRLINE], ['1-800-555-0199']],
  ['airline: hours are not days', 'You can change a flight up to 24 days before departure.', [AIRLINE], ['24 days']],
  ['bank: business days are not calendar weeks', 'International transfers take about a week.', [BANK], ['a week']],
  ['bank: pounds where the passage has euros', 'Transfers over £10,000 need proof of funds.', [BANK], ['£10,000']],
  ['uk: year changed', 'The sale ends on 15 March 2026.', [UK_SHOP], ['15 March 2026']],
  ['uk: day changed', 'The sale ends on March 16.', [UK_SHOP], ['March 16']],
  ['uk: time zone disagrees', 'Lines are open 9am-5:30pm PT.', [UK_SHOP], ['9am-5:30pm PT']],
  ['clinic: changed closing time', 'We close at 7pm on weekdays.', [CLINIC], ['7pm']],
  ['clinic: invented email', 'Email bookings@clinic.example to cancel.', [CLINIC], ['bookings@clinic.example']],
  ['telecom: 24/7 not in the passage', 'Support is available 24/7 at help@telco.example.', [TELECOM], ['24/7']],
  ['telecom: speed changed, data kept', 'You get 50GB of hotspot data, then 1 Mbps.', [TELECOM], ['1 Mbps']],
  ['india: rupees vs dollars', 'COD works for orders up to $50,000.', [INDIA_SHOP], ['$50,000']],
  ['events: date changed', 'Early-bird tickets are on sale until 2025-05-30.', [EVENTS], ['2025-05-30']],
  ['events: several claims, duplicates listed once', 'Doors open at 6pm and again at 6pm; tickets cost $20.', [EVENTS], ['6pm', '$20']],
];

describe('unsupportedClaims', () => {
  it.each(CASES)('%s', (_company, answer, passages, expected) => {
    expect(unsupportedClaims(answer, passages)).toEqual(expected);
  });
});

describe('extractClaims', () => {
  it.each<[string, [ClaimKind, string][]]>([
    ['Free over $40; otherwise $4.95.', [['money', '$40'], ['money', '$4.95']]],
    ['It takes 5 to 10 business days.', [['duration', '5 to 10 business days']]],
    ['Plans cost between $100 and $300.', [['money', '$100 and $300']]],
    ['A 3% fee, or three percent.', [['percent', '3%'], ['percent', 'three percent']]],
    ['Open 9am-5pm ET, 10:00 on Sundays.', [['time', '9am-5pm ET'], ['time', '10:00']]],
    ['Due March 1st, 2025 or 1 March.', [['date', 'March 1st, 2025'], ['date', '1 March']]],
    ['Mail Help@Acme.com or see https://acme.com/help).', [['email', 'Help@Acme.com'], ['url', 'https://acme.com/help']]],
    ['Call +44 20 7946 0958.', [['phone', '+44 20 7946 0958']]],
    ['Up to 25 users and 10GB.', [['number', '25'], ['number', '10GB']]],
    ['Sale: 1-5 March, until 6:30 pm.', [['date', '1-5 March'], ['time', '6:30 pm']]],
    ['Step 1: log in.\n2. Click Save. One of us replies [3].', []],
    ['Use 2FA on iOS 17.', [['number', '17']]],
    ['We reply within an hour, once a week.', [['duration', 'an hour']]],
    ['Use two-factor login; node.js and e.g. are fine.', []],
  ])('%j', (text, expected) => {
    expect(extractClaims(text).map((c) => [c.kind, c.text])).toEqual(expected);
  });
});

describe('quoting the demo knowledge base', () => {
  const sections = loadKnowledge('demo/kb').flatMap((a) => a.sections.map((s) => s.text));

  it('every run of whole sentences quoted from a section is supported by it', () => {
    let quotes = 0;
    for (const section of sections) {
      const sentences = section.split(/(?<=[.!?])\s+|\n+/).filter(Boolean);
      for (let i = 0; i < sentences.length; i++) {
        for (let j = i + 1; j <= sentences.length; j++) {
          const quote = sentences.slice(i, j).join(' ');
          expect(unsupportedClaims(quote, [section]), quote).toEqual([]);
          quotes++;
        }
      }
    }
    expect(quotes).toBeGreaterThan(20);
  });

  it('changing a number in a section to one the knowledge base does not have is caught', () => {
    const everyNumber = new Set(sections.flatMap((s) => s.match(/\d+(?:\.\d+)?/g) ?? []));
    let checked = 0;
    for (const section of sections) {
      for (const m of section.matchAll(/\d+(?:\.\d+)?/g)) {
        const replacement = m[0].replace(/\d$/, (d) => String((Number(d) + 7) % 10));
        if (everyNumber.has(replacement)) continue; // still in the passage: supported by design
        const changed = section.slice(0, m.index) + replacement + section.slice(m.index + m[0].length);
        expect(unsupportedClaims(changed, sections).length, changed).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });
});
