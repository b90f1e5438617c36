import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideRoute, intentByName, loadPolicy, parsePolicy, PolicyError, type RouteInput } from './policy.ts';

const policy = parsePolicy({
  version: 1,
  minConfidence: 0.6,
  intents: [
    { name: 'delivery', mode: 'auto', minConfidence: 0.5, examples: ['where is my parcel'] },
    { name: 'refund', mode: 'auto', humanAboveAmount: 100 },
    { name: 'fraud', mode: 'human' },
    { name: 'outage', mode: 'urgent' },
    { name: 'self_harm', mode: 'auto', examples: ['I feel hopeless'] },
  ],
});
const base: RouteInput = { intent: null, confidence: 0.9, flags: [], amount: null, personRequested: false, repeatUnresolved: false, unsupportedClaims: [] };
const route = (over: Partial<RouteInput>) => decideRoute(policy, { ...base, ...over });
const intent = (name: string) => intentByName(policy, name);

describe('parsePolicy', () => {
  it('fills the stated defaults', () => {
    const p = parsePolicy({ version: 1, intents: [{ name: 'x', mode: 'auto' }] });
    expect(p.minConfidence).toBe(0.6);
    expect(p.frustration).toEqual({ offerHumanAt: 0.5, handoffAt: 0.8 });
    expect(p.intents[0]?.examples).toEqual([]);
  });

  it('keeps the safety floor urgent whatever the file says', () => {
    expect(intent('self_harm')?.mode).toBe('urgent');
  });

  it.each([
    [{ version: 2, intents: [] }, 'version: must be 1'],
    [{ version: 1, intents: [{ name: 'x', mode: 'sometimes' }] }, 'intents.0.mode: must be "auto", "human" or "urgent"'],
    [{ version: 1, intents: [{ name: 'x', mode: 'auto', minConfidence: 1.5 }] }, 'intents.0.minConfidence'],
    [{ version: 1, intents: [{ name: 'Bad Name', mode: 'auto' }] }, 'intents.0.name: must be snake_case'],
    [{ version: 1, intents: [{ name: 'x', mode: 'auto', colour: 'red' }] }, 'intents.0.colour'],
    [{ version: 1, intents: [{ name: 'x', mode: 'auto' }, { name: 'x', mode: 'human' }] }, 'intents.1.name: "x" is listed twice'],
    [{ version: 1, intents: [], frustration: { offerHumanAt: 0.9, handoffAt: 0.5 } }, 'offerHumanAt must be above 0 and below handoffAt'],
    [{ version: 1, intents: [], frustration: { offerHumanAt: 0.7, handoffAt: 0.7 } }, 'offerHumanAt must be above 0 and below handoffAt'],
    [{ version: 1, intents: [], frustration: { offerHumanAt: 0, handoffAt: 0.7 } }, 'offerHumanAt must be above 0 and below handoffAt'],
  ])('names the field of an invalid policy (%#)', (data, message) => {
    expect(() => parsePolicy(data, 'p.json')).toThrow(PolicyError);
    expect(() => parsePolicy(data, 'p.json')).toThrow(message);
  });

  it('names the file when it cannot be read or parsed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-policy-'));
    writeFileSync(join(dir, 'bad.json'), '{"version":1,');
    expect(() => loadPolicy(join(dir, 'bad.json'))).toThrow(/bad\.json: not valid JSON/);
    expect(() => loadPolicy(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read: ENOENT/);
  });
});

describe('decideRoute', () => {
  it('answers a confident auto reply', () => {
    expect(route({ intent: intent('delivery'), confidence: 0.55 })).toEqual({ route: 'answer', reason: null });
  });

  it('uses the intent threshold, else the policy one', () => {
    expect(route({ intent: intent('delivery'), confidence: 0.49 })).toEqual({ route: 'escalate', reason: 'low_confidence' });
    expect(route({ intent: intent('refund'), confidence: 0.59 })).toEqual({ route: 'escalate', reason: 'low_confidence' });
    expect(route({ intent: null, confidence: 0.59 })).toEqual({ route: 'escalate', reason: 'low_confidence' });
  });

  it('puts safety first, even over an explicit request or a human intent', () => {
    expect(route({ flags: ['legal_threat', 'regulatory_complaint'], personRequested: true, intent: intent('fraud') })).toEqual({
      route: 'urgent',
      reason: 'safety:legal_threat',
    });
  });

  it('routes urgent and human intents whatever the confidence', () => {
    expect(route({ intent: intent('outage'), confidence: 1 })).toEqual({ route: 'urgent', reason: 'urgent_intent' });
    expect(route({ intent: intent('fraud'), confidence: 1 })).toEqual({ route: 'escalate', reason: 'human_intent' });
  });

  it('honours a request for a person over everything but safety', () => {
    expect(route({ personRequested: true, intent: intent('fraud') })).toEqual({ route: 'escalate', reason: 'visitor_request' });
  });

  it('escalates an amount above the limit of the intent that declares it, not one equal to it', () => {
    expect(route({ intent: intent('refund'), amount: 100.01 })).toEqual({ route: 'escalate', reason: 'amount' });
    expect(route({ intent: intent('refund'), amount: 100 })).toEqual({ route: 'answer', reason: null });
    expect(route({ intent: intent('delivery'), amount: 5000 })).toEqual({ route: 'answer', reason: null });
  });

  it('escalates repeats, unsupported claims, frustration and upstream failures with their reasons', () => {
    expect(route({ repeatUnresolved: true })).toMatchObject({ reason: 'repeat_unresolved' });
    expect(route({ unsupportedClaims: ['$12'] })).toMatchObject({ reason: 'unsupported_claims' });
    expect(route({ frustration: 0.8 })).toMatchObject({ reason: 'frustration' });
    expect(route({ frustration: 0.79 })).toMatchObject({ route: 'answer' });
    expect(route({ upstreamError: true })).toMatchObject({ reason: 'upstream_error' });
  });
});
