import { describe, expect, it } from 'vitest';
import type { HandoffPack } from '../../shared/model.ts';
import { parsePolicy } from '../engine/policy.ts';
import type { SafetyHit } from '../engine/safety.ts';
import { evidenceOf, newCategories, safetyHits, underFloor, withFlags } from './safety-floor.ts';

const PACK: HandoffPack = {
  reason: 'visitor_request',
  at: 1,
  route: 'escalate',
  intent: null,
  confidence: null,
  draft: 'Standard delivery takes 2 to 4 working days.',
  passages: [],
  unsupportedClaims: [],
  flags: [],
  visitor: {},
  frustration: null,
  earlierConversations: 0,
};
const legal: SafetyHit = { category: 'legal_threat', score: 0.9, evidence: 'take you to court' };
const harm: SafetyHit = { category: 'self_harm', score: 0.95, evidence: 'kill myself' };

describe('the safety floor', () => {
  it('holds where a person has the conversation or it waits for one, not where the assistant reads it', () => {
    expect((['queued', 'offline', 'human'] as const).every(underFloor)).toBe(true);
    expect(underFloor('bot')).toBe(false);
    expect(underFloor('resolved')).toBe(false);
  });

  it("reads the policy's urgent intents' examples, and ignores other intents' examples", () => {
    const policy = parsePolicy({
      version: 1,
      intents: [
        { name: 'legal_threat', mode: 'urgent', examples: ['filing a claim with the narnia small debts panel'] },
        { name: 'shipping', mode: 'auto', examples: ['filing a claim with the narnia small debts panel'] },
      ],
    });
    expect(safetyHits('I am filing a claim with the Narnia small debts panel', policy).map((h) => h.category)).toEqual(['legal_threat']);
    expect(safetyHits('I am filing a claim with the Narnia small debts panel', parsePolicy({ version: 1, intents: [] }))).toEqual([]);
  });

  describe('withFlags', () => {
    it('adds the flags and their evidence after the earlier ones, marks the pack urgent and keeps the rest', () => {
      const first = withFlags({ ...PACK, flags: ['regulatory_complaint'] }, [legal], 4, 100);
      expect(first).toMatchObject({ ...PACK, route: 'urgent', flags: ['regulatory_complaint', 'legal_threat'] });
      expect(evidenceOf(first)).toEqual([{ category: 'legal_threat', evidence: 'take you to court', score: 0.9, seq: 4, at: 100 }]);
      const second = withFlags(first!, [legal, harm], 6, 200);
      expect(second?.flags).toEqual(['regulatory_complaint', 'legal_threat', 'self_harm']);
      expect(evidenceOf(second).map((e) => [e.category, e.seq])).toEqual([
        ['legal_threat', 4],
        ['legal_threat', 6],
        ['self_harm', 6],
      ]);
    });

    it('adds nothing for the same message read twice, nor for no hits', () => {
      const once = withFlags(PACK, [legal], 4, 100);
      expect(withFlags(once!, [legal], 4, 150)).toBeNull();
      expect(withFlags(PACK, [], 4, 100)).toBeNull();
    });
  });

  it('names only the categories the pack does not carry yet', () => {
    expect(newCategories(null, [legal, harm])).toEqual(['legal_threat', 'self_harm']);
    expect(newCategories({ ...PACK, flags: ['legal_threat'] }, [legal, harm])).toEqual(['self_harm']);
    expect(newCategories({ ...PACK, flags: ['legal_threat'] }, [legal])).toEqual([]);
  });
});
