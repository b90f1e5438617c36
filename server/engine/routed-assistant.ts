/**
 * The assistant the server runs: the router (safety floor, intent, retrieval,
 * policy) behind the Assistant seam, so the gateway is unchanged.
 */
import type { Decision } from '../../shared/model.ts';
import type { Assistant, AssistantInput, FrustrationThresholds } from './assistant.ts';
import type { Article } from './knowledge.ts';
import type { Policy } from './policy.ts';
import { Router } from './router.ts';

export class RoutedAssistant implements Assistant {
  readonly #router: Router;
  readonly frustration: FrustrationThresholds;

  constructor(articles: readonly Article[], policy: Policy) {
    this.#router = new Router(articles, policy);
    this.frustration = policy.frustration;
  }

  async decide(input: AssistantInput): Promise<Decision> {
    const { article: _article, ...decision } = this.#router.route(input.turns);
    return decision;
  }
}
