import { describe, expect, it } from 'vitest';
import { TextClassifier, type LabelledText } from './classifier.ts';
import { deserialise, serialise } from './model-store.ts';

const items: LabelledText[] = [
  ...['where is my parcel', 'my delivery is late', 'track my order', 'the courier never came', 'when will my package arrive'].map((text) => ({ text, label: 'delivery' })),
  ...['I forgot my password', 'cannot log in', 'reset my login', 'locked out of my account', 'sign in keeps failing'].map((text) => ({ text, label: 'login' })),
  ...['I want my money back', 'refund please', 'how long does a refund take', 'return for a refund', 'money back for a broken item'].map((text) => ({ text, label: 'refund' })),
];
const none = ['who won the football last night', 'tell me a poem about the sea', 'what is the capital of peru', 'how do I bake sourdough', 'asdfgh', 'is it going to rain tomorrow'];

describe('TextClassifier', () => {
  const model = TextClassifier.fit(items, null, {}, undefined, none);

  it('reads messages it was not trained on by their words and word parts', () => {
    expect(model.predict('my parcel still has not arrived').ranked[0]!.label).toBe('delivery');
    expect(model.predict('passwrd reset not working').ranked[0]!.label).toBe('login');
    expect(model.predict('can I get my money refunded').ranked[0]!.label).toBe('refund');
  });

  it('gives calibrated probabilities that sum to one, and a cross-validated threshold', () => {
    const p = model.predict('where is my parcel');
    expect(p.ranked.reduce((n, r) => n + r.p, 0)).toBeCloseTo(1, 6);
    expect(model.data.temperature).toBeGreaterThanOrEqual(1); // few held-out examples never sharpen
    expect(model.data.threshold).toBeGreaterThan(0);
    expect(model.data.crossValidation.noneExamples).toBe(none.length);
  });

  it('is deterministic: the same examples and seed give the same weights', () => {
    const again = TextClassifier.fit(items, null, {}, undefined, none);
    expect(Buffer.from(again.data.weights.sparse.buffer).equals(Buffer.from(model.data.weights.sparse.buffer))).toBe(true);
    const other = TextClassifier.fit(items, null, { seed: 99 }, undefined, none);
    expect(Buffer.from(other.data.weights.sparse.buffer).equals(Buffer.from(model.data.weights.sparse.buffer))).toBe(false);
  });

  it('round-trips through its stored form and predicts the same', () => {
    const back = new TextClassifier(deserialise(serialise(model.data)), null);
    expect(back.predict('locked out again')).toEqual(model.predict('locked out again'));
    expect(() => deserialise(serialise({ ...model.data, weights: { ...model.data.weights, classes: 7 } }))).toThrow(/do not match/);
  });

  it('says none fits under the threshold', () => {
    expect(model.predict('where is my parcel', 0.99).label).toBeNull();
    expect(model.predict('where is my parcel', 0).label).toBe('delivery');
  });
});

describe('feature hashing', () => {
  it('hashes as it goes to the same buckets as hashing each feature string', async () => {
    const { grams } = await import('./features.ts');
    const { fnv1aString } = await import('./hash.ts');
    const BUCKETS = 1 << 22;
    const words = ['where', 'is', 'my', 'refund', 'a', 'ok', 'zürich', '👍'];
    const word: number[] = [];
    const char: number[] = [];
    for (const [i, w] of words.entries()) {
      word.push(fnv1aString(`w ${w}`) % BUCKETS);
      if (i > 0) word.push(fnv1aString(`b ${words[i - 1]} ${w}`) % BUCKETS);
      const padded = `<${w}>`;
      for (let n = 3; n <= 5; n++) for (let s = 0; s + n <= padded.length; s++) char.push(fnv1aString(`c ${padded.slice(s, s + n)}`) % BUCKETS);
    }
    const got = grams(words);
    expect(got.word).toEqual(word);
    expect([...got.char].sort((a, b) => a - b)).toEqual(char.sort((a, b) => a - b));
  });
});
