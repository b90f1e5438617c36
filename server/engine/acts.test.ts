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

  it('takes a request for a person over a complaint in the same message', () => {
    expect(model.of('useless answers, I need to talk to someone')).toBe('person');
  });
});
