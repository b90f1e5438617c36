/**
 * The agents who may sign in, from configuration, and their sessions. A
 * session is a random secret in an HttpOnly cookie; storage keeps only its hash,
 * so a copy of the database signs nobody in.
 */
import type { AgentConfig, Config } from '../config.ts';
import { hashSecret, newSecret } from '../storage/ids.ts';
import type { Storage } from '../storage/types.ts';
import { Registry } from '../util/registry.ts';
import { hashPassword, verifyPassword } from './password.ts';

export interface AgentPublic {
  id: string;
  name: string;
  email: string;
}

export const SESSION_COOKIE = 'baton_agent';

/** What holds a session open (an agent socket); closed when the session ends. */
export interface SessionHolder {
  endSession(): void;
}

export interface AgentSession {
  agent: AgentPublic;
  expiresAt: number;
  /** Ties a holder to this session until the returned function is called. */
  hold(holder: SessionHolder): () => void;
}

/** Burned on an unknown e-mail so a sign-in takes as long whether or not the agent exists. */
let decoyHash: Promise<string> | null = null;

export class Agents {
  readonly #byEmail = new Map<string, AgentConfig>();
  readonly #byId = new Map<string, AgentConfig>();
  readonly #storage: Storage;
  readonly #ttlMs: number;
  /** Live holders per session hash, so signing out ends them at once. */
  readonly #holders = new Registry<string, SessionHolder>();

  private constructor(agents: AgentConfig[], storage: Storage, ttlMs: number) {
    for (const agent of agents) {
      this.#byEmail.set(agent.email.toLowerCase(), agent);
      this.#byId.set(agent.id, agent);
    }
    this.#storage = storage;
    this.#ttlMs = ttlMs;
  }

  /** Builds the registry; a demo agent gets its password hashed here, never kept plain. */
  static async create(config: Config, storage: Storage, demoPassword: string | null): Promise<Agents> {
    const agents = [...config.agents];
    if (config.demoAgent && demoPassword) agents.push({ ...config.demoAgent, passwordHash: await hashPassword(demoPassword) });
    return new Agents(agents, storage, config.sessionTtlMs);
  }

  /** Every agent who may sign in, with their capacity (unset: the configured default). */
  all(): { id: string; name: string; maxConversations?: number }[] {
    return [...this.#byId.values()].map((a) => ({ id: a.id, name: a.name, ...(a.maxConversations !== undefined && { maxConversations: a.maxConversations }) }));
  }

  static publicOf(agent: AgentConfig): AgentPublic {
    return { id: agent.id, name: agent.name, email: agent.email };
  }

  async signIn(email: string, password: string, now: number): Promise<{ agent: AgentPublic; token: string; maxAgeMs: number } | null> {
    const agent = this.#byEmail.get(email.trim().toLowerCase());
    if (!agent) {
      decoyHash ??= hashPassword('decoy');
      await verifyPassword(password, await decoyHash);
      return null;
    }
    if (!(await verifyPassword(password, agent.passwordHash))) return null;
    const token = newSecret();
    await this.#storage.createSession(hashSecret(token), agent.id, now + this.#ttlMs);
    return { agent: Agents.publicOf(agent), token, maxAgeMs: this.#ttlMs };
  }

  async fromSession(token: string | undefined, now: number): Promise<AgentPublic | null> {
    return (await this.session(token, now))?.agent ?? null;
  }

  async session(token: string | undefined, now: number): Promise<AgentSession | null> {
    if (!token) return null;
    const hash = hashSecret(token);
    const found = await this.#storage.sessionAgent(hash, now);
    const agent = found ? this.#byId.get(found.agentId) : undefined;
    if (!found || !agent) return null;
    return {
      agent: Agents.publicOf(agent),
      expiresAt: found.expiresAt,
      hold: (holder) => this.#holders.add(hash, holder),
    };
  }

  async signOut(token: string | undefined): Promise<void> {
    if (!token) return;
    const hash = hashSecret(token);
    await this.#storage.deleteSession(hash);
    for (const holder of this.#holders.members(hash)) holder.endSession();
    this.#holders.delete(hash);
  }
}

/** Reads one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined; // a mangled value is no session
    }
  }
  return undefined;
}
