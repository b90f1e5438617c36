import { describe, expect, it } from 'vitest';
import { formatLoad, transferTargets } from './agents.ts';
import { agentPresence } from './test-fixtures.ts';

describe('transferTargets', () => {
  it('lists the other agents who are online and have room', () => {
    const agents = [
      agentPresence('a1'), // me
      agentPresence('b2', { active: 1, max: 3 }),
      agentPresence('c3', { status: 'away' }),
      agentPresence('d4', { status: 'offline' }),
      agentPresence('e5', { active: 3, max: 3 }),
      agentPresence('f6', { active: 0, max: 1 }),
    ];
    expect(transferTargets(agents, 'a1').map((a) => a.id)).toEqual(['b2', 'f6']);
  });
});

describe('formatLoad', () => {
  it('shows held of most', () => {
    expect(formatLoad({ active: 2, max: 3 })).toBe('2/3');
  });
});
