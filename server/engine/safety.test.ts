import { describe, expect, it } from 'vitest';
import type { SafetyCategory } from '../../shared/codes.ts';
import { detectSafety } from './safety.ts';

const cats = (text: string, extra?: Parameters<typeof detectSafety>[1]) =>
  detectSafety(text, extra)
    .map((h) => h.category)
    .sort();

// Sentences written for these tests, across a bank, a telecom, a shop, a travel firm and a utility.
const SELF_HARM: string[] = [
  'i just want to die, this overdraft is crushing me',
  "I've decided to take my own life once this month is over",
  'im suicidal and i cant pay the mortgage',
  "There's no point in living if you cut off my power in winter",
  'everyone would be better off without me, including you lot',
  'i dont want to be alive anymore',
  'whats the point of going on, honestly',
  "I can't go on like this, the bills keep coming",
  "I've been stockpiling my tablets for weeks",
  "I'm going to take all my sleeping pills tonight",
  'I keep thinking about not being here',
  "I wish I'd never been born, just cancel everything",
  'I honestly feel like hurting myself over this debt',
  'no one would even notice if I was dead',
  "I won't be alive for much longer so the loan hardly matters",
  "I'm just a burden on everyone",
  'i wanna kil myself',
  'sucidal thoughts again today because of the bailiffs',
  'There is no reason to live anymore',
  "what's the point anymore. nothing I do changes anything",
  "i don't think i want to be here much longer, the debt won't stop",
  "I can't face going on after losing the house",
  "I'm tired of living, and now the phone contract too",
  'i cant see any way out of this hole',
  "I'll jump off a bridge before I pay this",
  'Some nights I just want to end it all.',
  "Honestly if the bailiffs come I'm just going to end it",
  'i keep thinking everyone would be happier if i was gone',
  "i don't want to be on this earth anymore",
  "I'm planning to overdose tonight",
  'my kids would be better off without me',
];

const LEGAL: string[] = [
  'Our lawyer has drafted a letter about the fees on the last two invoices, where do we send it?',
  "If the refund isn't in my account by Monday I'll sue",
  'We are suing your airline for the ruined honeymoon',
  "I'm filing a small claims case against you next week",
  'My attorney will be contacting your billing department',
  "I've instructed solicitors regarding the overcharging",
  'Expect a letter before action from me',
  "You'll be getting a letter from my lawyer",
  "Happy to let a judge decide who's right here",
  "I'll see your company in court over the mis-sold broadband",
  "There's a class action against you for these fees and I'm joining it",
  "I'm going to take legal action over the damaged sofa",
  'Fine. I am lawyering up.',
  'I will be seeking legal advice about this energy bill',
  'Sue you? Absolutely, I will.',
  "i'll drag u thru the courts for this",
  "I'm calling my attorney right now",
  "Pay up or I'm issuing proceedings",
  "I'll take you to arbitration if that's what it takes",
  'you can justify these roaming charges in front of a judge',
  "I don't want to sue you, but I will if this isn't fixed",
  "I won't hesitate to sue",
  "I'll be speaking to my solicitor in the morning",
  "I'm going down the legal route",
  'We have retained counsel',
  'my attorney is drafting a demand letter',
  "I'll get a county court judgment against you",
];

const REGULATORY: string[] = [
  "I'm lodging a complaint with Ofcom about my broadband speeds",
  "I'll be writing to Ofgem about this estimated bill",
  "I'll file a complaint with the FTC about your auto-renewal",
  'Reporting you to the Better Business Bureau',
  "I've contacted trading standards about the faulty fridge",
  "I'm going to the energy ombudsman if this isn't fixed",
  "I'm going to report this to the data protection authority",
  "I've already emailed the ICO about you sharing my data",
  'my complaint is with the CAA now',
  'the consumer protection agency will hear about this',
  "I'm going to complain to the state public utility commission",
  "I'm escalating this to the CNIL",
  "I've opened a case with the CFPB",
  "I'm telling the FCA everything",
  'I am reporting your company to the authorities',
  'gonna report u to the fcc',
  "I'll raise a dispute with the Telecommunications Industry Ombudsman",
  "I'm taking this up with the DOT",
  'your bank will be hearing from the ombudsman, the complaint is already in',
  'Ofwat will be hearing from me',
  "I'll be letting the regulator know",
  "We've reported your airline to the national enforcement body",
  "I've raised a complaint with the ASA about your advert",
];

const MULTI: Array<[string, SafetyCategory[]]> = [
  ["I'm suing you and reporting you to the Federal Trade Commission", ['legal_threat', 'regulatory_complaint']],
  ['My lawyer is on it and the FTC is investigating you too', ['legal_threat', 'regulatory_complaint']],
  ['you have ruined me, I want to die, and my solicitor has been instructed', ['legal_threat', 'self_harm']],
  ["If the collectors ring again I'll end my life. I'm complaining to the Financial Conduct Authority too", ['regulatory_complaint', 'self_harm']],
  ["I've got nothing left to live for, I'll sue you and go to the ombudsman", ['legal_threat', 'regulatory_complaint', 'self_harm']],
];

const LOOK_ALIKES: string[] = [
  // idioms
  'my phone battery is dying, quick question about my bill',
  'this roaming charge is killing me',
  "I'll be killing myself laughing if that is the real price",
  "I'm dying to know when the sale starts",
  'I could murder a pizza, where is my delivery?',
  'the app is killing me, it logs me out every hour',
  'dead tired after the flight, can I check in early?',
  'Is Suicide Squad available to stream on your TV package?',
  'kill the app and restart it, you said?',
  'my laptop died and I lost the confirmation email',
  "you've taken my life savings with these fees",
  'I nearly killed myself on your icy car park',
  'I would die of embarrassment if my card got declined at dinner',
  'I want to die my hair before the trip, is there a salon at the resort?',
  "I won't be around next week, can we move the broadband install?",
  "I can't take this anymore, just switch me to another tariff",
  // everyday words near the triggers
  'I hurt myself on a broken step in your store, who handles that?',
  'What happens to my account when I die?',
  'Is there no way out of my contract early?',
  "I won't be around to sign for the parcel tomorrow",
  "I don't want to be here on hold for another hour",
  'I need to take my pills on the flight, can they go in hand luggage?',
  "I can't go on the trip on the 5th, can I change the dates?",
  "what's the point of this button?",
  'I think I hurt myself lifting the boiler box',
  // calm law and regulator questions
  'what are my rights under consumer law?',
  'is this fee legal in Texas?',
  'what does the law say about late fees in California?',
  'do you follow FCA rules?',
  'are you regulated by the FCA?',
  'what is your complaints procedure?',
  'what do you do to keep my account safe from scammers?',
  'Is my deposit FSCS protected?',
  "what's your FCA registration number?",
  'does the ombudsman scheme cover gift cards?',
  'Which regulator oversees energy prices?',
  'Can you point me to the Ofcom rules on switching?',
  'I want to complain about the delivery driver',
  // substrings and third parties
  'thanks for the courtesy call this morning',
  'I have an issue with the issue date on my card',
  "I'd like to pursue a refund for the broken kettle",
  'the judgement of the fit was off, can I exchange the jeans?',
  'My lawyer told me to keep receipts, can you resend mine?',
  'I have a court date on the 14th, can I move my flight?',
  "Sue in customer service said I'd get a call back",
  'Can my solicitor get a redemption statement for the mortgage?',
  "I have power of attorney for my mum's account, how do I register it?",
  'is the food court open at terminal 2?',
  'how do I file a claim for my lost luggage?',
  'Will you sue me if I miss a payment?',
  "I'll report back in a sec",
  'please report the fault with my gas regulator',
  'Where do I send a complaint, is there a dot com address?',
  'my neighbour is suing me over the fence, can I pause my direct debit?',
  // negated
  "I'm not going to sue, I just want my parcel",
  "I'm not suicidal, just really annoyed about the fee",
  'I have no intention of taking legal action, just fix it',
  'Do I have to go through the courts to get a CCJ removed?',
  'I have a solicitor ready to sign the mortgage paperwork',
  'I got my tablets ready for the flight, are they allowed in cabin bags?',
  "I'd be happier if I was upgraded to business class",
  "I'm just going to end it and go with another provider",
  "Let me know whether you're regulated by the FCA",
  "take a look at Ofcom's coverage map",
  "I'm going to report you to your manager",
  "I'm not going to kill myself over a parcel, but this is ridiculous",
];

describe('detectSafety', () => {
  it.each(SELF_HARM)('self_harm: %s', (text) => expect(cats(text)).toEqual(['self_harm']));
  it.each(LEGAL)('legal_threat: %s', (text) => expect(cats(text)).toEqual(['legal_threat']));
  it.each(REGULATORY)('regulatory_complaint: %s', (text) => expect(cats(text)).toEqual(['regulatory_complaint']));
  it.each(MULTI)('several categories: %s', (text, want) => expect(cats(text)).toEqual(want));
  it.each(LOOK_ALIKES)('look-alike raises nothing: %s', (text) => expect(detectSafety(text)).toEqual([]));

  it('returns hits strongest first, with scores in 0..1 and evidence cut from the visitor text', () => {
    const hits = detectSafety('I might Take Legal Action, and I have thought about ending it all');
    expect(hits.map((h) => h.category)).toEqual(['self_harm', 'legal_threat']);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    for (const h of hits) expect(h.score).toBeGreaterThan(0), expect(h.score).toBeLessThanOrEqual(1);
    expect(hits[1]!.evidence).toContain('Legal Action');
  });

  it('reads curly apostrophes and missing ones alike', () => {
    expect(cats('I don’t want to live anymore')).toEqual(['self_harm']);
    expect(cats('I dont want to live anymore')).toEqual(['self_harm']);
  });
});

describe('detectSafety extraExamples', () => {
  const mp = { regulatory_complaint: ['going to my member of parliament about this'] };

  it('adds a detection the built-in rules lack', () => {
    const text = "I'm going to my Member of Parliament over these roaming fees";
    expect(detectSafety(text)).toEqual([]);
    const hits = detectSafety(text, mp);
    expect(hits.map((h) => h.category)).toEqual(['regulatory_complaint']);
    expect(hits[0]!.evidence).toContain('member of parliament');
  });

  it('cannot remove or weaken a built-in detection', () => {
    const text = 'I want to die and I am suing you';
    const plain = detectSafety(text);
    const withEmpty = detectSafety(text, { self_harm: [], legal_threat: ['thank you so much for the help'] });
    expect(withEmpty).toEqual(plain);
    expect(plain.map((h) => h.category).sort()).toEqual(['legal_threat', 'self_harm']);
  });

  it('ignores vague examples and does not trip on ordinary questions', () => {
    const vague = { legal_threat: ['I want a refund', 'order', 'my order never arrived and I want my money back'] };
    expect(detectSafety('I want a refund please', vague)).toEqual([]);
    expect(detectSafety('where is my order?', vague)).toEqual([]);
    expect(detectSafety('can I get my money back on a gift card?', vague)).toEqual([]);
  });

  it('does not fire an example when the visitor negates it', () => {
    expect(detectSafety("I'm not going to my member of parliament about this, relax", mp)).toEqual([]);
  });
});

describe('safety floor, words that only begin like a guard word', () => {
  it('keeps a legal threat whose message holds a word starting like a contract acronym ("slam dunk", "sla")', () => {
    // The business-paperwork guard names agreements (DPA, NDA, MSA, SLA) as whole words, not word beginnings.
    const hits = detectSafety("my attorney says its a slam dunk, you'll be served next week").map((h) => h.category);
    expect(hits).toContain('legal_threat');
    expect(detectSafety('our legal team is reviewing the SLA before we sign, can you send it?')).toEqual([]);
  });

  it("reads a quoted title as the title's words, not the visitor's", () => {
    expect(detectSafety("My novel 'Ending It All' got flagged on your platform, it's a cosy crime book")).toEqual([]);
    expect(detectSafety('honestly i am ending it all tonight, sorry').map((h) => h.category)).toContain('self_harm');
  });
});
