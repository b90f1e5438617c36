import { describe, expect, it } from 'vitest';
import { parseArticle } from './knowledge.ts';
import { parsePolicy } from './policy.ts';
import { Router } from './router.ts';

const articles = [
  parseArticle('gift-cards', '# Gift cards\n\n## Expiry\n\nGift cards never expire and work online and in store.\n\n## Balance\n\nCheck a gift card balance on the Gift cards page.'),
  parseArticle('returns', '# Returns\n\n## Return window\n\nReturn unworn items within 30 days for a full refund to your card.'),
];
const policy = parsePolicy({
  version: 1,
  minConfidence: 0.5,
  intents: [
    // A handful of examples an intent, as a team writes them in an afternoon.
    {
      name: 'gift_cards',
      mode: 'auto',
      description: 'gift card expiry and balance',
      examples: ['does my gift card expire', 'gift card balance', 'how much is left on my voucher', 'can I use a gift card in the shop'],
    },
    {
      name: 'returns',
      mode: 'auto',
      humanAboveAmount: 300,
      description: 'returning items and refunds',
      examples: ['how do I return an item', 'refund for a return', 'I want to send these shoes back', 'how long do I have to return something'],
    },
    {
      name: 'chargeback',
      mode: 'human',
      description: 'disputed card payments',
      examples: ['I want to dispute a charge on my card', 'there is a payment I do not recognise', 'my bank statement shows a charge I did not make'],
    },
  ],
});
const router = new Router(articles, policy);
const ask = (text: string) => router.route([{ role: 'user', text }]);

describe('Router#route', () => {
  it('answers a question its knowledge covers, with intent, article and passage', () => {
    const r = ask('do gift cards expire?');
    expect(r).toMatchObject({ route: 'answer', intent: { name: 'gift_cards' }, article: 'gift-cards', flags: [] });
    expect(r.reply).toContain('never expire');
  });

  it('routes the safety floor urgent before anything else', () => {
    expect(ask("I'm reporting you to trading standards and taking you to court")).toMatchObject({ route: 'urgent' });
  });

  it('sends a human intent to a person with its draft kept', () => {
    const r = ask('I want to dispute a charge on my card');
    expect(r).toMatchObject({ route: 'escalate', reason: 'human_intent', reply: null, intent: { name: 'chargeback' } });
  });

  it('sends an amount above the intent limit to a person', () => {
    expect(ask('how do I return an item I paid $450 for?')).toMatchObject({ route: 'escalate', reason: 'amount', intent: { name: 'returns' } });
  });

  it('reads a short follow-up with the topic of the message before it', () => {
    const r = router.route([
      { role: 'user', text: 'does my gift card expire' },
      { role: 'assistant', text: 'Gift cards never expire.' },
      { role: 'user', text: 'and the balance?' },
    ]);
    expect(r.intent?.name).toBe('gift_cards');
  });

  it('answers small talk, emoticons and all, without an intent', () => {
    expect(ask('good morning :)')).toMatchObject({ route: 'answer', intent: null });
  });

  it('gives a bare request for a person no intent, and keeps the topic it names', () => {
    expect(ask('can I speak to someone please')).toMatchObject({ route: 'escalate', reason: 'visitor_request', intent: null });
    expect(ask('let me talk to a person about my gift card balance')).toMatchObject({ reason: 'visitor_request', intent: { name: 'gift_cards' } });
  });

  it('carries the conversation topic into a request for a person that names none', () => {
    const r = router.route([
      { role: 'user', text: 'does my gift card expire' },
      { role: 'assistant', text: 'Gift cards never expire.' },
      { role: 'user', text: 'that did not help, I need someone' },
    ]);
    expect(r).toMatchObject({ reason: 'visitor_request', intent: { name: 'gift_cards' } });
  });

  it('routes a threat whose words only brush an article by its flag, with at most a weak topic', () => {
    const r = ask('I will be reporting you to trading standards for how I was treated');
    expect(r).toMatchObject({ route: 'urgent', reason: 'safety:regulatory_complaint' });
    expect(r.intent?.score ?? 0).toBeLessThan(0.5);
  });

  it('reads despair over what one owes as the hardship topic of the policy, and still routes it urgent', () => {
    const lender = new Router(
      articles,
      parsePolicy({
        version: 1,
        intents: [
          { name: 'money_trouble', mode: 'human', description: 'customers who cannot afford what they owe', examples: ['I am struggling with my debts', 'I cannot afford my bills'] },
          { name: 'billing', mode: 'auto', description: 'bills, payments and due dates', examples: ['when is my bill due', 'how do I pay my bill'] },
        ],
      }),
    );
    expect(lender.route([{ role: 'user', text: "nobody would miss me if I wasn't here, so why even pay the bill" }])).toMatchObject({
      route: 'urgent',
      flags: ['self_harm'],
      intent: { name: 'money_trouble' },
    });
  });

  it('reads "money back" and "sent back" as refund and return (thesaurus)', () => {
    expect(ask('I sent back a jumper, when do I get my money back?')).toMatchObject({ intent: { name: 'returns' }, article: 'returns' });
  });

  it('answers small talk without an intent', () => {
    expect(ask('thanks!')).toMatchObject({ route: 'answer', intent: null, article: null });
  });
});

describe('retrieval guided by the intent', () => {
  // The delivery article shares more words with the question; the policy's examples say it is a return.
  const kb = [
    parseArticle('delivery', '# Delivery\n\n## Tracking a parcel\n\nWe send your parcel by courier in 3 working days. If the courier brings the parcel back to us, we send it again.'),
    parseArticle('returns', '# Returns\n\n## Sending an item back\n\nPost the item back within 30 days using the prepaid label. We refund you within 5 days of receiving it.'),
  ];
  const shop = new Router(
    kb,
    parsePolicy({
      version: 1,
      intents: [
        { name: 'returns', mode: 'auto', description: 'sending items back and refunds for returns', examples: ['how do I send an item back', 'return my order', 'I want to send this back'] },
        { name: 'delivery', mode: 'auto', description: 'tracking parcels and delivery times', examples: ['where is my parcel', 'when will my order arrive', 'track my delivery'] },
      ],
    }),
  );

  it('moves a close section on the intent\'s topic first', () => {
    expect(shop.route([{ role: 'user', text: 'send the item back in the parcel' }])).toMatchObject({ intent: { name: 'returns' }, article: 'returns' });
  });

  it('boosts by a bounded share: a far better match elsewhere still wins', () => {
    expect(shop.route([{ role: 'user', text: 'how do I send this parcel back' }]).article).toBe('delivery');
  });
});

describe('Router intent from the knowledge base', () => {
  const world = new Router(
    [
      parseArticle('deliveries', '# Deliveries\n\n## Damaged in transit\n\nIf a parcel arrives crushed, soaked or smashed, photograph the box and the goods and send the photos from the order page within 48 hours; the courier collects it.'),
      parseArticle('accounts', '# Your account\n\n## Password\n\nReset your password from the sign-in page.'),
    ],
    parsePolicy({
      version: 1,
      minConfidence: 0.5,
      intents: [
        { name: 'delivery', mode: 'auto', description: 'late or missing orders', examples: ['where is my order', 'my order is late', 'the parcel never came', 'when will my things arrive'] },
        { name: 'account', mode: 'auto', description: 'signing in and passwords', examples: ['I forgot my password', 'I cannot sign in', 'locked out of my account', 'how do I change my email'] },
      ],
    }),
  );
  const say = (text: string) => world.route([{ role: 'user', text }]);

  it('takes the topic of the section a message clearly lands on when no policy word reaches it', () => {
    expect(say('the box came soaked and the goods smashed, who collects it?')).toMatchObject({ intent: { name: 'delivery' }, article: 'deliveries' });
  });

  it('does not answer a message neither the policy nor the knowledge base covers', () => {
    // With two intents the softmax must split everything between them: the route, not the intent, is the safeguard.
    expect(say('what is the weather like on mars')).toMatchObject({ route: 'escalate', reason: 'low_confidence' });
  });
});
