/**
 * The escalation policy (FORMAT.md section 2): loading with a clear error that
 * names the field, and the route decision for one reply. The safety floor is
 * not the file's to lower: intents named after a safety category are urgent
 * whatever they say, and safety flags always route urgent.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { BatonError } from '../../shared/errors.ts';
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
  /** Below this calibrated probability no intent fits; absent, the threshold the intent model chose by cross-validation. */
  minIntentScore: v.optional(unit),
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


const isSafety = (name: string): name is SafetyCategory => (SAFETY_CATEGORIES as readonly string[]).includes(name);

/** Validates a parsed policy; `source` names the file in errors. */
export function parsePolicy(data: unknown, source = 'policy'): Policy {
  const result = v.safeParse(PolicySchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    throw new BatonError('bad_policy', `${source}: ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`);
  }
  const policy = result.output;
  const seen = new Set<string>();
  for (const [i, intent] of policy.intents.entries()) {
    if (seen.has(intent.name)) throw new BatonError('bad_policy', `${source}: intents.${i}.name: "${intent.name}" is listed twice`);
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
    throw new BatonError('bad_policy', `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BatonError('bad_policy', `${file}: not valid JSON: ${(error as Error).message}`);
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
  /** The server's frustration score for the visitor (0..1). */
  frustration: number;
  /** The reply could not be written: the model endpoint failed, timed out or cut its stream, or the engine threw. */
  upstreamError: boolean;
}

export type Decided = { route: Route; reason: TriggerReason | null };

const escalate = (reason: TriggerReason): Decided => ({ route: 'escalate', reason });

/**
 * The routing order, the one place that says which reason wins: each rule in
 * turn, the first that holds decides. What the visitor is owed comes first
 * (safety, urgency, their own request, their patience), then what no reply
 * could fix (a failed draft, a human intent, an amount), then whether this
 * reply is good enough to send.
 */
const ORDER: readonly ((policy: Policy, input: RouteInput) => Decided | null)[] = [
  (_, i) => (i.flags[0] ? { route: 'urgent', reason: `safety:${i.flags[0]}` } : null),
  (_, i) => (i.intent?.mode === 'urgent' ? { route: 'urgent', reason: 'urgent_intent' } : null),
  (_, i) => (i.personRequested ? escalate('visitor_request') : null),
  (p, i) => (i.frustration >= p.frustration.handoffAt ? escalate('frustration') : null),
  (_, i) => (i.upstreamError ? escalate('upstream_error') : null),
  (_, i) => (i.intent?.mode === 'human' ? escalate('human_intent') : null),
  (_, i) => {
    const limit = i.intent?.humanAboveAmount;
    return limit !== undefined && i.amount !== null && i.amount > limit ? escalate('amount') : null;
  },
  (_, i) => (i.repeatUnresolved ? escalate('repeat_unresolved') : null),
  (_, i) => (i.unsupportedClaims.length > 0 ? escalate('unsupported_claims') : null),
  (p, i) => (i.confidence < thresholdFor(p, i.intent) ? escalate('low_confidence') : null),
];

/** One route and one reason for one reply: the first rule of ORDER that holds, else the reply is sent. */
export function decideRoute(policy: Policy, input: RouteInput): Decided {
  for (const rule of ORDER) {
    const decided = rule(policy, input);
    if (decided) return decided;
  }
  return { route: 'answer', reason: null };
}

/**
 * The route when there is no reply to judge: the engine failed on the
 * message (`upstreamError`), or only the visitor's frustration changed.
 * Nothing else about the message is known.
 */
export function routeWithoutReply(policy: Policy, known: Pick<RouteInput, 'frustration' | 'upstreamError'>): Decided {
  return decideRoute(policy, { intent: null, confidence: 1, flags: [], amount: null, personRequested: false, repeatUnresolved: false, unsupportedClaims: [], ...known });
}
