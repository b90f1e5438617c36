import { describe, expect, it } from 'vitest';
import { withoutPersonRequest } from './person-topic.ts';

describe('withoutPersonRequest', () => {
  it('keeps what the request is about', () => {
    expect(withoutPersonRequest('can I speak to someone about a late fee').split(/\s+/).filter(Boolean)).toEqual(['can', 'I', 'to', 'about', 'a', 'late', 'fee']);
  });
});
