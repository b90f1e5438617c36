import { describe, expect, it } from 'vitest';
import { IntentClassifier } from './intents.ts';
import { parsePolicy } from './policy.ts';

const policy = parsePolicy({
  version: 1,
  minConfidence: 0.5,
  intents: [
    { name: 'entry', mode: 'auto', description: 'getting in with the app or the membership card', examples: ['can I use my membership card at another club', 'how do I use the app to book', 'my card does not open the gate'] },
    { name: 'freeze', mode: 'auto', description: 'pausing a membership', examples: ['I want to freeze my membership', 'pause my plan while injured'] },
  ],
});
const classifier = new IntentClassifier(policy);

describe('IntentClassifier', () => {
  it('takes the intent of an example the message says in full, however much else it says', () => {
    // "freeze my membership" is all of one example; the rest leans to the card and the app.
    const top = classifier.classify('I want to freeze my membership, can I still use my card and the app to get in at another club?');
    expect(top?.name).toBe('freeze');
  });

  it('leaves a message with none of the policy words without an intent', () => {
    expect(classifier.classify('what is the weather like')).toBeNull();
  });
});
