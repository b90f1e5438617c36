import { describe, expect, it } from 'vitest';
import { Registry } from './registry.ts';

describe('Registry', () => {
  it('groups members by key and forgets a key once its last member leaves', () => {
    const r = new Registry<string, number>();
    const a = r.add('k', 1);
    r.add('k', 2);
    expect(r.members('k')).toEqual([1, 2]);
    a();
    a(); // removing twice is harmless
    expect(r.members('k')).toEqual([2]);
  });

  it('hands out a copy, so members may leave while the caller iterates', () => {
    const r = new Registry<string, string>();
    const leave = [r.add('k', 'x'), r.add('k', 'y')];
    const seen: string[] = [];
    for (const m of r.members('k')) {
      seen.push(m);
      for (const l of leave) l();
    }
    expect(seen).toEqual(['x', 'y']);
    expect(r.members('k')).toEqual([]);
  });
});
