/**
 * The assistant the server runs: the router (safety floor, intent, retrieval,
 * policy) behind the Assistant seam, so the gateway is unchanged.
 */
import type { Decision } from '../../shared/model.ts';
import type { Assistant, AssistantInput } from './assistant.ts';
import type { Article } from './knowledge.ts';
import type { ClassifierData } from './ml/classifier.ts';
import type { Policy } from './policy.ts';
import { Router } from './router.ts';

export class RoutedAssistant implements Assistant {
  readonly #router: Router;
  readonly policy: Policy;

  /** `intents`: the policy's trained intent model, when it was trained elsewhere (a worker). */
  constructor(articles: readonly Article[], policy: Policy, intents?: ClassifierData) {
    this.#router = new Router(articles, policy, intents);
    this.policy = policy;
  }

  async decide(input: AssistantInput): Promise<Decision> {
    const { article: _article, ...decision } = this.#router.route(input.turns, input.frustration);
    return decision;
  }
}
