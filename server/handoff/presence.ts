/**
 * Who is there: each agent's presence from their open consoles. An agent with
 * one console online is online; with consoles but none online, away; with none,
 * offline — after a short grace, so a reload is not a departure. In memory per
 * server; every change is announced so the consoles and the queue can react.
 */
import type { AgentStatus } from '../../shared/codes.ts';

export interface Seat {
  id: string;
  name: string;
  /** Conversations the agent may hold at once. */
  max: number;
}

export interface PresenceOptions {
  graceMs: number;
  /** Called after every change of an agent's status (not for a console that changes nothing). */
  onChange: () => void;
  setTimer?: (fn: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
}

export class Presence {
  readonly #seats = new Map<string, Seat>();
  /** Open consoles per agent: console key -> the status that console chose. */
  readonly #consoles = new Map<string, Map<string, Exclude<AgentStatus, 'offline'>>>();
  /** Agents whose last console closed, still counted until the grace ends. */
  readonly #leaving = new Map<string, unknown>();
  readonly #options: Required<PresenceOptions>;

  constructor(seats: readonly Seat[], options: PresenceOptions) {
    for (const seat of seats) this.#seats.set(seat.id, seat);
    this.#options = {
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
      ...options,
    };
  }

  seat(agentId: string): Seat | null {
    return this.#seats.get(agentId) ?? null;
  }

  get seats(): readonly Seat[] {
    return [...this.#seats.values()];
  }

  status(agentId: string): AgentStatus {
    const consoles = this.#consoles.get(agentId);
    if (!consoles || consoles.size === 0) return this.#leaving.has(agentId) ? 'online' : 'offline';
    return [...consoles.values()].includes('online') ? 'online' : 'away';
  }

  /** Agents taking new conversations now (an agent in the reload grace counts: they are coming back). */
  online(): Seat[] {
    return this.seats.filter((s) => this.status(s.id) === 'online');
  }

  /** Agents with a console open and online: the ones a conversation can be given to right now. */
  connected(): Seat[] {
    return this.seats.filter((s) => [...(this.#consoles.get(s.id)?.values() ?? [])].includes('online'));
  }

  /** A console opened (signed in and greeted); it starts online. */
  connect(agentId: string, consoleKey: string): void {
    this.#change(agentId, () => {
      const leaving = this.#leaving.get(agentId);
      if (leaving !== undefined) this.#options.clearTimer(leaving);
      this.#leaving.delete(agentId);
      let consoles = this.#consoles.get(agentId);
      if (!consoles) this.#consoles.set(agentId, (consoles = new Map()));
      consoles.set(consoleKey, 'online');
    });
  }

  setStatus(agentId: string, consoleKey: string, status: Exclude<AgentStatus, 'offline'>): void {
    this.#change(agentId, () => {
      const consoles = this.#consoles.get(agentId);
      if (consoles?.has(consoleKey)) consoles.set(consoleKey, status);
    });
  }

  /**
   * A console closed. An agent who chose away stays away to the end; one who was
   * online counts as online through the grace (`grace`: a clean close, such as a
   * reload), then goes offline. A console that vanished (no answer to pings) gets none.
   */
  disconnect(agentId: string, consoleKey: string, grace = true): void {
    const consoles = this.#consoles.get(agentId);
    const chose = consoles?.get(consoleKey);
    if (!consoles || chose === undefined) return;
    this.#change(agentId, () => {
      consoles.delete(consoleKey);
      if (consoles.size > 0) return;
      this.#consoles.delete(agentId);
      if (chose !== 'online' || !grace || this.#options.graceMs === 0) return;
      const timer = this.#options.setTimer(() => this.#change(agentId, () => this.#leaving.delete(agentId)), this.#options.graceMs);
      timer.unref?.();
      this.#leaving.set(agentId, timer);
    });
  }

  close(): void {
    for (const timer of this.#leaving.values()) this.#options.clearTimer(timer);
    this.#leaving.clear();
  }

  #change(agentId: string, apply: () => void): void {
    const before = this.status(agentId);
    apply();
    if (this.status(agentId) !== before) this.#options.onChange();
  }
}
