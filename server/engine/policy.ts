/**
 * The escalation policy (FORMAT.md section 2): loading with a clear error that
 * names the field, and the route decision for one reply. The safety floor is
 * not the file's to lower: intents named after a safety category are urgent
 * whatever they say, and safety flags always route urgent.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { SAFETY_CATEGORIES, type Route, type SafetyCategory, type TriggerReason } from '../../shared/codes.ts';

const Mode = v.picklist(['auto', 'human', 'urgent'], 'must be "auto", "human" or "urgent"');
const unit = v.pipe(v.number(), v.minValue(0), v.maxValue(1));

const IntentSchema = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be snake_case, 1-64 characters')),
  description: v.optional(v.string()),
  examples: v.optional(v.array(v.pipe(v.string(), v.minLength(1))), []),
  mode: Mode,
  minConfidence: v.optional(unit),
  humanAboveAmount: v.optional(v.pipe(v.number(), v.minValue(0))),
});

const PolicySchema = v.strictObject({
  version: v.literal(1, 'must be 1'),
  minConfidence: v.optional(unit, 0.6),
  intents: v.array(IntentSchema),
  frustration: v.optional(
    v.pipe(
      v.strictObject({ offerHumanAt: unit, handoffAt: unit }),
      // Strictly between: at 0 every visitor would be offered a person on sight, and with the two equal the
      // widget's own word (which can reach offerHumanAt) could hand a visitor over.
      v.check((f) => f.offerHumanAt > 0 && f.offerHumanAt < f.handoffAt, 'offerHumanAt must be above 0 and below handoffAt'),
    ),
    { offerHumanAt: 0.5, handoffAt: 0.8 },
  ),
});

export type Intent = v.InferOutput<typeof IntentSchema>;
export type Policy = v.InferOutput<typeof PolicySchema>;
export type IntentMode = Intent['mode'];

export class PolicyError extends Error {}

const isSafety = (name: string): name is SafetyCategory => (SAFETY_CATEGORIES as readonly string[]).includes(name);

/** Validates a parsed policy; `source` names the file in errors. */
export function parsePolicy(data: unknown, source = 'policy'): Policy {
  const result = v.safeParse(PolicySchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    throw new PolicyError(`${source}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  const policy = result.output;
  const seen = new Set<string>();
  for (const [i, intent] of policy.intents.entries()) {
    if (seen.has(intent.name)) throw new PolicyError(`${source}: intents.${i}.name: "${intent.name}" is listed twice`);
    seen.add(intent.name);
    // The floor: a policy may add examples to a safety category, never soften it.
    if (isSafety(intent.name)) intent.mode = 'urgent';
  }
  return policy;
}

export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  return parsePolicy(data, file);
}

export function intentByName(policy: Policy, name: string | null): Intent | null {
  return name === null ? null : (policy.intents.find((i) => i.name === name) ?? null);
}

/** The threshold a reply of this intent must reach to be sent (auto intents only). */
export function thresholdFor(policy: Policy, intent: Intent | null): number {
  return intent?.minConfidence ?? policy.minConfidence;
}

export interface RouteInput {
  intent: Intent | null;
  confidence: number;
  flags: readonly SafetyCategory[];
  /** The largest money amount in the visitor's message, or null. */
  amount: number | null;
  personRequested: boolean;
  repeatUnresolved: boolean;
  unsupportedClaims: readonly string[];
  /** The widget's frustration score (0..1), when known. */
  frustration?: number;
  upstreamError?: boolean;
}

/**
 * One route and one reason, first match wins: safety, urgent intents, then
 * what a person must handle, then whether this reply is good enough to send.
 */
export function decideRoute(policy: Policy, input: RouteInput): { route: Route; reason: TriggerReason | null } {
  const flag = input.flags[0];
  if (flag) return { route: 'urgent', reason: `safety:${flag}` };
  if (input.intent?.mode === 'urgent') return { route: 'urgent', reason: 'urgent_intent' };
  if (input.personRequested) return { route: 'escalate', reason: 'visitor_request' };
  if (input.frustration !== undefined && input.frustration >= policy.frustration.handoffAt) return { route: 'escalate', reason: 'frustration' };
  if (input.intent?.mode === 'human') return { route: 'escalate', reason: 'human_intent' };
  const limit = input.intent?.humanAboveAmount;
  if (limit !== undefined && input.amount !== null && input.amount > limit) return { route: 'escalate', reason: 'amount' };
  if (input.upstreamError) return { route: 'escalate', reason: 'upstream_error' };
  if (input.repeatUnresolved) return { route: 'escalate', reason: 'repeat_unresolved' };
  if (input.unsupportedClaims.length > 0) return { route: 'escalate', reason: 'unsupported_claims' };
  if (input.confidence < thresholdFor(policy, input.intent)) return { route: 'escalate', reason: 'low_confidence' };
  return { route: 'answer', reason: null };
}
