/**
 * A site's assistant that follows its files: when the knowledge folder or the
 * policy file changes, the engine is rebuilt and swapped in without a restart;
 * conversations carry on. A change that does not load (a broken policy) is
 * logged and the last good engine stays.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Decision } from '../../shared/model.ts';
import type { Logger } from '../log.ts';
import type { Assistant, AssistantInput, ReplyStream } from './assistant.ts';
import { loadKnowledge, type Article } from './knowledge.ts';
import { loadPolicy, parsePolicy, type Policy } from './policy.ts';
import { RoutedAssistant } from './routed-assistant.ts';

/** Editors write a file in several steps: wait for the burst to end. */
const SETTLE_MS = 150;
const NO_POLICY: Policy = parsePolicy({ version: 1, intents: [] });

export interface SiteFiles {
  kb: string;
  policy: string | null;
}

/** Makes the engine for one load of the files: offline by default, the LLM assistant when configured. */
export type EngineFactory = (articles: readonly Article[], policy: Policy) => Assistant;

const offline: EngineFactory = (articles, policy) => new RoutedAssistant(articles, policy);

export class LiveAssistant implements Assistant {
  #current: Assistant;
  #generation = 0;
  readonly #files: SiteFiles;
  readonly #make: EngineFactory;
  readonly #log: Logger;
  readonly #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | null = null;
  readonly #reloaded: (() => void)[] = [];

  /** Loads the files now; a broken file here stops the start, with the file and field named. */
  constructor(files: SiteFiles, log: Logger, make: EngineFactory = offline) {
    this.#files = files;
    this.#make = make;
    this.#log = log;
    this.#current = this.#build();
  }

  #build(): Assistant {
    return this.#make(loadKnowledge(this.#files.kb), this.#files.policy ? loadPolicy(this.#files.policy) : NO_POLICY);
  }

  /** How many times the engine was rebuilt from changed files. */
  get generation(): number {
    return this.#generation;
  }

  watch(): this {
    const onChange = () => {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.reload(), SETTLE_MS);
    };
    for (const path of [this.#files.kb, this.#files.policy]) {
      if (!path) continue;
      const watcher = watch(path, onChange);
      watcher.on('error', (error) => this.#log.warn('cannot watch', { path, error: String(error) }));
      this.#watchers.push(watcher);
    }
    return this;
  }

  /** Rebuilds from the files; keeps the last good engine when they do not load. */
  reload(): boolean {
    try {
      this.#current = this.#build();
      this.#generation++;
      this.#log.info('knowledge and policy reloaded', { kb: this.#files.kb, policy: this.#files.policy, generation: this.#generation });
      for (const wake of this.#reloaded.splice(0)) wake();
      return true;
    } catch (error) {
      this.#log.error('reload failed; the previous knowledge and policy stay in use', { error: String(error) });
      return false;
    }
  }

  /** Resolves after the next successful reload (for tests and tooling). */
  nextReload(): Promise<void> {
    return new Promise((resolve) => this.#reloaded.push(resolve));
  }

  decide(input: AssistantInput, stream?: ReplyStream, signal?: AbortSignal): Promise<Decision> {
    return this.#current.decide(input, stream, signal);
  }

  /** Read per use, so a policy reload changes it for the next hello and the next check. */
  get policy(): Policy {
    return this.#current.policy;
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    for (const w of this.#watchers.splice(0)) w.close();
  }
}
