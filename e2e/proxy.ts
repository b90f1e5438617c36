/**
 * A TCP proxy the test controls: everything the browser sends to the server
 * goes through it, and cut() drops every open connection at once, the way a
 * network drop does (Playwright's offline mode leaves open WebSockets alone).
 * hold() keeps what browsers send until release(), so two clicks in two
 * browsers reach the server together: a race the UI alone cannot time.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

export interface Proxy {
  port: number;
  /** Destroys every live connection; new ones are accepted again right away. */
  cut(): number;
  /** From now on, bytes from browsers wait in the proxy (answers still flow). */
  hold(): void;
  /** Sends what was held, in order, and stops holding. */
  release(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<Proxy> {
  const live = new Set<Socket>();
  let held: { to: Socket; chunk: Buffer }[] | null = null;
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      live.add(s);
      s.on('close', () => live.delete(s));
      s.on('error', () => s.destroy());
    }
    client.on('data', (chunk: Buffer) => (held ? held.push({ to: upstream, chunk }) : upstream.write(chunk)));
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hold() {
      held ??= [];
    },
    release() {
      const queued = held ?? [];
      held = null;
      for (const { to, chunk } of queued) if (!to.destroyed) to.write(chunk);
    },
    cut() {
      const n = live.size;
      for (const s of live) s.destroy();
      return n;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of live) s.destroy();
        server.close(() => resolve());
      }),
  };
}
