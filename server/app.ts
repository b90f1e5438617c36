/**
 * Composition root: config -> storage -> bus -> engine -> conversations ->
 * http + ws on one port. main.ts runs it; tests start it on port 0.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agents } from './auth/agents.ts';
import { MemoryBus } from './bus/memory.ts';
import type { Config } from './config.ts';
import type { Assistant } from './engine/assistant.ts';
import { LiveAssistant, type EngineFactory } from './engine/live-assistant.ts';
import { LlmAssistant } from './engine/llm-assistant.ts';
import { responderFromConfig } from './engine/llm/from-config.ts';
import { attachGateway } from './gateway/upgrade.ts';
import { Conversations } from './handoff/conversations.ts';
import { Desk } from './handoff/desk.ts';
import { Presence } from './handoff/presence.ts';
import { Webhooks } from './handoff/webhook.ts';
import { topics } from './bus/types.ts';
import { Telemetry } from './handoff/telemetry.ts';
import { createHttpApp } from './http/app.ts';
import { createLogger, type Logger } from './log.ts';
import { SqliteStorage } from './storage/sqlite.ts';

export interface Baton {
  server: Server;
  /** Base URL the server listens on, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  conversations: Conversations;
  /** Presence, queue order, auto-assignment and the wait limit. */
  desk: Desk;
  /** Outbound webhooks (tests wait on their deliveries). */
  webhooks: Webhooks;
  /** The widget's exit reports and event batches, stored with the conversation. */
  telemetry: Telemetry;
  /** Each site's assistant, rebuilt when its knowledge or policy files change. */
  assistants: ReadonlyMap<string, LiveAssistant>;
  close(): Promise<void>;
}

/**
 * The engine every site runs: the LLM assistant when an endpoint is configured
 * (one client for all sites: same endpoint, same limits), else the offline router.
 */
function engineFactory(config: Config, log: Logger): EngineFactory | undefined {
  if (!config.llm) return undefined;
  const { baseURL, model, timeoutMs, logprobs } = config.llm;
  // The upstream's own words stay in the server log; visitors only ever see the hand-over.
  const responder = responderFromConfig(config.llm, (event) => log.warn('model call failed', event));
  log.info('LLM assistant on', { baseURL, model, timeoutMs, logprobs });
  return (articles, policy, intents) => new LlmAssistant(articles, policy, responder, intents ? { intents } : {});
}

export async function startBaton(config: Config, options: { demoPassword?: string | null; log?: Logger } = {}): Promise<Baton> {
  const log = options.log ?? createLogger(config.logLevel);
  const storage = new SqliteStorage(config.dbPath);
  const bus = new MemoryBus(log.child('bus'));
  const engine = engineFactory(config, log.child('llm'));
  const assistants = new Map<string, LiveAssistant>(
    config.sites.map((site) => [site.id, new LiveAssistant({ kb: site.kb, policy: site.policy }, log.child(`engine.${site.id}`), engine).watch()]),
  );
  const assistantFor = (site: string): Assistant => {
    const assistant = assistants.get(site);
    if (!assistant) throw new Error(`no assistant for site ${site}`);
    return assistant;
  };
  const agents = await Agents.create(config, storage, options.demoPassword ?? config.demoPassword);
  const { handoff } = config;
  const presence = new Presence(
    agents.all().map((a) => ({ id: a.id, name: a.name, max: a.maxConversations ?? handoff.maxConversations })),
    { graceMs: handoff.presenceGraceMs, onChange: () => void bus.publish(topics.presence, { kind: 'presence' }) },
  );
  const webhookTargets = new Map(config.sites.flatMap((s) => (s.webhook ? [[s.id, s.webhook] as const] : [])));
  const { limits } = config;
  const webhooks = new Webhooks((site) => webhookTargets.get(site) ?? null, {
    log: log.child('webhook'),
    maxAttempts: limits.webhookMaxAttempts,
    baseDelayMs: limits.webhookBaseDelayMs,
    maxDelayMs: limits.webhookMaxDelayMs,
    timeoutMs: limits.webhookTimeoutMs,
    maxPending: limits.webhookMaxPending,
  });
  const conversations = new Conversations({
    storage,
    bus,
    assistantFor,
    log: log.child('conversations'),
    capacityOf: (agentId) => presence.seat(agentId)?.max ?? handoff.maxConversations,
    webhooks,
    waitEstimateMs: handoff.waitEstimateMs,
    limits,
  });
  const desk = new Desk({
    conversations,
    presence,
    bus,
    log: log.child('desk'),
    settings: handoff,
    frustratedAt: (site) => assistantFor(site).policy.frustration.offerHumanAt,
  }).start();
  const telemetry = new Telemetry({ storage, log: log.child('telemetry'), limits });
  const server = createServer(createHttpApp(config, agents, log.child('http'), telemetry));
  const gateway = attachGateway(server, { config, conversations, bus, log: log.child('gateway'), agents, telemetry, desk, presence });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    conversations,
    desk,
    webhooks,
    telemetry,
    assistants,
    async close() {
      for (const assistant of assistants.values()) assistant.close();
      await desk.close();
      await gateway.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await conversations.drain();
      presence.close();
      webhooks.close();
      server.closeAllConnections();
      await bus.close();
      await storage.close();
    },
  };
}
