/**
 * The assistant the server runs: the router (safety floor, intent, retrieval,
 * policy) behind the Assistant seam, so the gateway is unchanged.
 */
import type { Decision } from '../../shared/model.ts';
import type { Assistant, AssistantInput } from './assistant.ts';
import type { Article } from './knowledge.ts';
import type { Policy } from './policy.ts';
import { Router } from './router.ts';

export class RoutedAssistant implements Assistant {
  readonly #router: Router;
  readonly policy: Policy;

  constructor(articles: readonly Article[], policy: Policy) {
    this.#router = new Router(articles, policy);
    this.policy = policy;
  }

  async decide(input: AssistantInput): Promise<Decision> {
    const { article: _article, ...decision } = this.#router.route(input.turns, input.frustration);
    return decision;
  }
}
