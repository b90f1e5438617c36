import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TriggerReason } from '../../shared/codes.ts';
import { BatonError } from '../../shared/errors.ts';
import { decideRoute, intentByName, loadPolicy, parsePolicy, routeWithoutReply, type RouteInput } from './policy.ts';

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
const base: RouteInput = { intent: null, confidence: 0.9, flags: [], amount: null, personRequested: false, repeatUnresolved: false, unsupportedClaims: [], frustration: 0, upstreamError: false };
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
    expect(() => parsePolicy(data, 'p.json')).toThrow(BatonError);
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

describe('the routing order', () => {
  // Written out here on purpose, not imported: the order is the contract, and this test fails when policy.ts changes it.
  const ORDER = [
    'safety:self_harm',
    'urgent_intent',
    'visitor_request',
    'frustration',
    'upstream_error',
    'human_intent',
    'amount',
    'repeat_unresolved',
    'unsupported_claims',
    'low_confidence',
  ] as const satisfies readonly TriggerReason[];
  type Reason = (typeof ORDER)[number];

  // Intents for every mode, with and without an amount limit, so two reasons that both need an intent can meet.
  const modes = parsePolicy({
    version: 1,
    minConfidence: 0.6,
    frustration: { offerHumanAt: 0.5, handoffAt: 0.8 },
    intents: ['auto', 'human', 'urgent'].flatMap((mode) => [
      { name: mode, mode },
      { name: `${mode}_limited`, mode, humanAboveAmount: 100 },
    ]),
  });
  /** What makes each reason hold: input fields, plus the intent's mode and whether it has an amount limit. */
  const TRIGGERS: Record<Reason, Partial<RouteInput> & { mode?: 'human' | 'urgent'; limited?: boolean }> = {
    'safety:self_harm': { flags: ['self_harm'] },
    urgent_intent: { mode: 'urgent' },
    visitor_request: { personRequested: true },
    frustration: { frustration: 0.8 },
    upstream_error: { upstreamError: true },
    human_intent: { mode: 'human' },
    amount: { limited: true, amount: 250 },
    repeat_unresolved: { repeatUnresolved: true },
    unsupported_claims: { unsupportedClaims: ['$12'] },
    low_confidence: { confidence: 0.59 },
  };
  const decide = (...reasons: Reason[]) => {
    const { mode, limited, ...fields } = Object.assign({}, ...reasons.map((r) => TRIGGERS[r])) as (typeof TRIGGERS)[Reason];
    const name = `${mode ?? 'auto'}${limited ? '_limited' : ''}`;
    return decideRoute(modes, { ...base, intent: intentByName(modes, name), ...fields });
  };

  it('sends a reply when no reason holds', () => {
    expect(decide()).toEqual({ route: 'answer', reason: null });
  });

  it.each(ORDER)('gives %s when it holds alone', (reason) => {
    expect(decide(reason).reason).toBe(reason);
  });

  // Every pair, each way round: the earlier in ORDER wins. An intent has one mode, so urgent and human never meet.
  const pairs = ORDER.flatMap((first, i) => ORDER.slice(i + 1).flatMap((second) => (first === 'urgent_intent' && second === 'human_intent' ? [] : [[first, second] as const])));
  it.each(pairs)('gives %s over %s', (first, second) => {
    expect(decide(first, second).reason).toBe(first);
    expect(decide(second, first).reason).toBe(first);
  });

  it('routes safety and urgent intents urgent, every other reason escalate', () => {
    for (const reason of ORDER) expect(decide(reason).route).toBe(reason === 'safety:self_harm' || reason === 'urgent_intent' ? 'urgent' : 'escalate');
  });

  it('decides without a reply from the same order: frustration outranks a failed engine, which always escalates', () => {
    expect(routeWithoutReply(modes, { frustration: 0.9, upstreamError: true })).toEqual({ route: 'escalate', reason: 'frustration' });
    expect(routeWithoutReply(modes, { frustration: 0.2, upstreamError: true })).toEqual({ route: 'escalate', reason: 'upstream_error' });
    expect(routeWithoutReply(modes, { frustration: 0.8, upstreamError: false })).toEqual({ route: 'escalate', reason: 'frustration' });
    expect(routeWithoutReply(modes, { frustration: 0.79, upstreamError: false })).toEqual({ route: 'answer', reason: null });
  });
});
