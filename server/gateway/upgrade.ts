/**
 * The door: every WebSocket upgrade is checked before a socket exists, each
 * refusal with its own HTTP status (ws handleUpgrade style): unknown path 404,
 * unknown site 404, origin not allowed 403, agent without a session 401.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_CODES, ERRORS, type ErrorCode } from '../../shared/codes.ts';
import { errorBody } from '../http/errors.ts';
import { Agents, readCookie, SESSION_COOKIE } from '../auth/agents.ts';
import { handleAgent } from './agent.ts';
import { handleVisitor, type GatewayDeps } from './visitor.ts';

/** Refuses an upgrade with the code's HTTP status and the one error body shape. */
function refuse(socket: Duplex, code: ErrorCode, message: string): void {
  const body = JSON.stringify(errorBody(code, message));
  const { status } = ERRORS[code];
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export interface Gateway {
  close(): Promise<void>;
}

export function attachGateway(server: Server, deps: GatewayDeps & { agents: Agents }): Gateway {
  const { config, agents, log } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxPayloadBytes });
  const alive = new WeakMap<WebSocket, boolean>();
  /** Consoles are pinged more often: a console that vanished (no close frame) must go offline within seconds. */
  const consoles = new Set<WebSocket>();
  const sites = new Map(config.sites.map((s) => [s.id, s]));

  const track = (ws: WebSocket) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    // ws reports oversized frames and protocol errors here, then closes with the matching code (1009, 1002).
    ws.on('error', (error) => log.warn('socket error', { error: error.message }));
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const origin = req.headers.origin;
      if (url.pathname === '/ws/visitor') {
        const site = sites.get(url.searchParams.get('site') ?? '');
        if (!site) return refuse(socket, 'not_found', 'unknown site');
        if (!origin || !site.allowedOrigins.includes(origin)) return refuse(socket, 'forbidden', 'origin not allowed for this site');
        wss.handleUpgrade(req, socket, head, (ws) => {
          track(ws);
          handleVisitor(ws, site, deps);
        });
        return;
      }
      if (url.pathname === '/ws/agent') {
        if (!origin || !config.consoleOrigins.includes(origin)) return refuse(socket, 'forbidden', 'origin not allowed for the console');
        const session = await agents.session(readCookie(req.headers.cookie, SESSION_COOKIE), Date.now());
        if (!session) return refuse(socket, 'unauthorized', 'sign in first');
        wss.handleUpgrade(req, socket, head, (ws) => {
          track(ws);
          // Signing out, or the session running out, ends the socket too (4401: sign in again).
          const end = () => ws.close(CLOSE_CODES.unauthorized, 'session ended');
          const release = session.hold({ endSession: end });
          const expiry = setTimeout(end, Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1));
          expiry.unref();
          consoles.add(ws);
          ws.once('close', () => {
            release();
            clearTimeout(expiry);
            consoles.delete(ws);
          });
          handleAgent(ws, { id: session.agent.id, name: session.agent.name }, deps);
        });
        return;
      }
      refuse(socket, 'not_found', 'no WebSocket endpoint here');
    })().catch((error: unknown) => {
      log.error('upgrade failed', { error: String(error) });
      socket.destroy();
    });
  });

  const ping = (sockets: Iterable<WebSocket>) => {
    for (const ws of sockets) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  };
  // Visitors' liveness: a socket that has not answered the last ping is dropped.
  const pinger = setInterval(() => ping([...wss.clients].filter((ws) => !consoles.has(ws))), config.limits.pingIntervalMs);
  pinger.unref();
  const consolePinger = setInterval(() => ping(consoles), config.handoff.agentPingMs);
  consolePinger.unref();

  return {
    close: () =>
      new Promise((resolve) => {
        clearInterval(pinger);
        clearInterval(consolePinger);
        for (const ws of wss.clients) ws.close(CLOSE_CODES.goingAway, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}
