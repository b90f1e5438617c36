import { describe, expect, it } from 'vitest';
import { asksForPerson, withoutPersonRequest } from './person.ts';

describe('asksForPerson', () => {
  it.each([
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
    // Turning the assistant away is asking for whoever else there is.
    'no bot pls',
    'stop the bot',
    'enough of this chatbot',
    "I don't want a robot",
  ])('hears "%s" as a request for a person', (t) => {
    expect(asksForPerson(t)).toBe(true);
  });

  it.each([
    'where is my parcel',
    'how do I change my address',
    'is the agent fee refundable',
    'my human resources department ordered this',
    'a real person answered last time',
    'the agent told me yesterday it was sorted',
    'The agent, Sarah, told me I would get a refund',
    'someone used my card without asking',
    'my husband has the account',
    'is this a bot?',
  ])('does not hear "%s" as one', (t) => {
    expect(asksForPerson(t)).toBe(false);
  });
});

describe('withoutPersonRequest', () => {
  it('keeps what the request is about', () => {
    expect(withoutPersonRequest('can I speak to someone about a late fee').split(/\s+/).filter(Boolean)).toEqual(['can', 'I', 'to', 'about', 'a', 'late', 'fee']);
  });
});
