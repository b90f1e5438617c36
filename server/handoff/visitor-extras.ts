/**
 * What a conversation carries beside its log: the e-mail a visitor leaves to
 * be answered later, the effort survey after a resolve, and the agents'
 * internal notes (never in the visitor's log).
 */
import { BatonError } from '../../shared/errors.ts';
import type { Note } from '../../shared/model.ts';
import { topics, type Bus } from '../bus/types.ts';
import type { Logger } from '../log.ts';
import type { AgentRef, ConversationLog } from './conversation-log.ts';
import type { Serial } from './serial.ts';
import { offlineEvent } from './webhook-events.ts';
import type { Webhooks } from './webhook.ts';

/** Notes an agent sees at most (the oldest first). */
const NOTES_SHOWN = 200;

export interface VisitorExtrasDeps {
  log: ConversationLog;
  serial: Serial;
  bus: Bus;
  logger: Logger;
  webhooks: Pick<Webhooks, 'send'> | null;
}

export class VisitorExtras {
  readonly #log: ConversationLog;
  readonly #serial: Serial;
  readonly #bus: Bus;
  readonly #logger: Logger;
  readonly #webhooks: Pick<Webhooks, 'send'> | null;

  constructor(deps: VisitorExtrasDeps) {
    this.#log = deps.log;
    this.#serial = deps.serial;
    this.#bus = deps.bus;
    this.#logger = deps.logger;
    this.#webhooks = deps.webhooks;
  }

  /** The e-mail a visitor leaves to be answered later; the site's webhook hears of it with the transcript. */
  leaveContact(id: string, email: string): Promise<void> {
    return this.#serial.run(id, async () => {
      const before = await this.#log.get(id);
      // Asked for when nobody can take the conversation now; while waiting, a visitor may prefer it too.
      if (before.state !== 'offline' && before.state !== 'queued') throw new BatonError('invalid_state', 'an e-mail is asked for only while the conversation waits for a person');
      // A resend (after a drop) or the same address again is stored already: nothing new to tell the site.
      if (before.contact === email) return;
      await this.#log.storage.setContact(id, email);
      const record = await this.#log.get(id);
      await this.#log.queueChanged();
      this.#webhooks?.send(record.site, await offlineEvent(this.#log.storage, record, email, this.#log.now()));
    });
  }

  /** The effort survey, once per conversation and only after a resolve. */
  survey(id: string, score: number, comment: string | null): Promise<void> {
    return this.#serial.run(id, async () => {
      const record = await this.#log.get(id);
      if (record.state !== 'resolved') throw new BatonError('invalid_state', 'the survey is asked once the conversation is resolved');
      const saved = await this.#log.storage.setSurvey(id, { score, comment, at: this.#log.now() });
      if (!saved.ok) throw new BatonError('already_done', 'this conversation has been rated already');
      this.#logger.info('survey', { conversation: id, score });
    });
  }

  /** An internal note for the agents; never in the visitor's log. */
  async addNote(id: string, agent: AgentRef, clientId: string, text: string): Promise<{ note: Note; duplicate: boolean }> {
    await this.#log.get(id);
    const stored = await this.#log.storage.addNote(id, { agent, text, clientId, clientKey: `a:${agent.id}:${clientId}` }, this.#log.now());
    if (!stored.duplicate) await this.#bus.publish(topics.agentSide(id), { kind: 'note', conversationId: id, note: stored.note });
    return stored;
  }

  notes(id: string): Promise<Note[]> {
    return this.#log.storage.notes(id, NOTES_SHOWN);
  }
}
