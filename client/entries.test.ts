import { describe, expect, it } from 'vitest';
import { mergeEntry } from './entries.ts';

const e = (seq: number, text = `line ${seq}`) => ({ seq, text });
const merged = (seqs: number[]) => seqs.reduce((list, seq) => mergeEntry(list, e(seq)), [] as { seq: number; text: string }[]);

describe('mergeEntry', () => {
  it('appends a newer seq', () => {
    const list = [e(1), e(2)];
    expect(mergeEntry(list, e(3))).toEqual([e(1), e(2), e(3)]);
  });

  it('inserts a missing older seq in order', () => {
    expect(mergeEntry([e(1), e(3), e(5)], e(4)).map((x) => x.seq)).toEqual([1, 3, 4, 5]);
    expect(mergeEntry([e(2), e(3)], e(1)).map((x) => x.seq)).toEqual([1, 2, 3]);
    expect(merged([5, 1, 3, 2, 4])).toEqual([e(1), e(2), e(3), e(4), e(5)]);
  });

  it('ignores a seq already present and returns the same array, keeping the first copy', () => {
    const list = [e(1), e(2), e(3)];
    for (const seq of [1, 2, 3]) expect(mergeEntry(list, e(seq, 'replayed'))).toBe(list);
    expect(merged([1, 2, 2, 1, 3, 3])).toEqual([e(1), e(2), e(3)]);
  });

  it('never changes the array it was given', () => {
    const list = [e(1), e(3)];
    mergeEntry(list, e(2));
    mergeEntry(list, e(4));
    expect(list).toEqual([e(1), e(3)]);
  });

  it('starts a list from empty', () => {
    expect(mergeEntry([], e(7))).toEqual([e(7)]);
  });
});
