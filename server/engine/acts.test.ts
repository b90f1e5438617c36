import { describe, expect, it } from 'vitest';
import { actsModel } from './acts.ts';

// Sentences written for this test; none is in the acts corpus or an evaluation set (scripts/leaks.test.ts).
const cases: [string, string | null][] = [
  ['hiya folks', 'greeting'],
  ['cheers, all sorted now 👍', 'closing'],
  ['merci, ça marche', 'closing'],
  ['yep, that one', 'yes'],
  ['nope not that', 'no'],
  ['put me through to a human being please', 'person'],
  ['je voudrais parler à quelqu’un', 'person'],
  ['this chatbot understands nothing I say', 'complaint'],
  ['is there a phone line for lost luggage', null],
  ['hello, my invoice shows the wrong address', null],
  ['the engineer we spoke to last week said it was fixed', null],
];

describe('acts model', () => {
  const model = actsModel();
  it.each(cases)('%s -> %s', (text, act) => {
    expect(model.of(text)).toBe(act);
  });

  // The requests and look-alikes the regex detector this model replaced was held to, none of them in the corpus.
  // A model is held to a floor, not to every sentence: today it misses "stop the bot", "enough of this
  // chatbot" and "I don't want a robot" (read as complaints about the assistant, which hand over only after a
  // reply) and hears "a real person answered last time" and "my human resources department ordered this" as
  // requests. Fewer right than this is a regression.
  const requests = [
    'agent',
    'can I talk to someone',
    'can I speak to someone real',
    'I SAID A PERSON',
    'I asked to speak to a person',
    'get me a real human',
    'real person pls',
    'A human, please!',
    'no, a human please',
    'a real human, I already asked once',
    'connect me with a representative',
    'I need a human',
    'could you pass me to a member of staff',
    'put me through to someone at the shop please',
    'no bot pls',
    'stop the bot',
    'enough of this chatbot',
    "I don't want a robot",
  ];
  const lookalikes = [
    'where is my parcel',
    'how do I change my address',
    'is the agent fee refundable',
    'my human resources department ordered this',
    'a real person answered last time',
    'the agent told me yesterday it was sorted',
    'The agent, Sarah, told me I would get a refund',
    'someone used my card without asking',
    'my husband has the account',
  ];

  it('hears at least 15 of 18 requests for a person, and at most 2 of 9 look-alikes as one', () => {
    const heard = requests.filter((t) => model.of(t) === 'person');
    const misheard = lookalikes.filter((t) => model.of(t) === 'person');
    expect(heard.length, `missed: ${requests.filter((t) => !heard.includes(t)).join(' | ')}`).toBeGreaterThanOrEqual(15);
    expect(misheard.length, `misheard: ${misheard.join(' | ')}`).toBeLessThanOrEqual(2);
  });

  it('takes a request for a person over a complaint in the same message', () => {
    expect(model.of('useless answers, I need to talk to someone')).toBe('person');
  });
});
