/**
 * A site's assistant that follows its files: when the knowledge folder or the
 * policy file changes, the engine is rebuilt and swapped in without a restart;
 * conversations carry on. The new intent model trains in a worker thread
 * (intent-training.ts) while the previous engine keeps answering. A change
 * that does not load (a broken policy) is logged and the last good engine
 * stays.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { Decision } from '../../shared/model.ts';
import type { Logger } from '../log.ts';
import type { Assistant, AssistantInput, ReplyStream } from './assistant.ts';
import { loadKnowledge, type Article } from './knowledge.ts';
import { loadPolicy, parsePolicy, type Policy } from './policy.ts';
import { trainInWorker } from './intent-training.ts';
import type { ClassifierData } from './ml/classifier.ts';
import { RoutedAssistant } from './routed-assistant.ts';

/** Editors write a file in several steps: wait for the burst to end. */
const SETTLE_MS = 150;
const NO_POLICY: Policy = parsePolicy({ version: 1, intents: [] });

export interface SiteFiles {
  kb: string;
  policy: string | null;
}

/** Makes the engine for one load of the files: offline by default, the LLM assistant when configured; `intents` is the trained intent model when a worker trained it. */
export type EngineFactory = (articles: readonly Article[], policy: Policy, intents?: ClassifierData) => Assistant;

const offline: EngineFactory = (articles, policy, intents) => new RoutedAssistant(articles, policy, intents);

export class LiveAssistant implements Assistant {
  #current: Assistant;
  #generation = 0;
  readonly #files: SiteFiles;
  readonly #make: EngineFactory;
  readonly #log: Logger;
  readonly #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | null = null;
  readonly #reloaded: (() => void)[] = [];
  /** The latest reload's number: a training that finishes after a newer reload started is dropped. */
  #pending = 0;
  readonly #modelsDir: string | undefined;
  #closed = false;

  /** Loads the files now; a broken file here stops the start, with the file and field named. */
  /** `modelsDir`: where reloads cache trained models (tests use their own; default the user cache). */
  constructor(files: SiteFiles, log: Logger, make: EngineFactory = offline, options: { modelsDir?: string } = {}) {
    this.#modelsDir = options.modelsDir;
    this.#files = files;
    this.#make = make;
    this.#log = log;
    this.#current = this.#build();
  }

  /** At start the first model is trained here (or read from the disk cache) before the server listens. */
  #build(): Assistant {
    return this.#make(...this.#load());
  }

  #load(): [readonly Article[], Policy] {
    return [loadKnowledge(this.#files.kb), this.#files.policy ? loadPolicy(this.#files.policy) : NO_POLICY];
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

  /**
   * Reads the files again: false when they do not load (the last good engine
   * stays). Otherwise the new intent model trains in a worker and the new
   * engine is swapped in when it is ready; a later change supersedes a
   * training still running.
   */
  reload(): boolean {
    let loaded: [readonly Article[], Policy];
    try {
      loaded = this.#load();
    } catch (error) {
      this.#log.error('reload failed; the previous knowledge and policy stay in use', { error: String(error) });
      return false;
    }
    const ticket = ++this.#pending;
    void trainInWorker(loaded[1], loaded[0], this.#modelsDir).then(
      (intents) => {
        if (ticket !== this.#pending || this.#closed) return;
        this.#swap(this.#make(...loaded, intents));
      },
      (error: unknown) => this.#log.error('training the intent model failed; the previous engine stays in use', { error: String(error) }),
    );
    return true;
  }

  #swap(engine: Assistant): void {
    this.#current = engine;
    this.#generation++;
    this.#log.info('knowledge and policy reloaded', { kb: this.#files.kb, policy: this.#files.policy, generation: this.#generation });
    for (const wake of this.#reloaded.splice(0)) wake();
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
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const w of this.#watchers.splice(0)) w.close();
  }
}
