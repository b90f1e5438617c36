import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT, CONSOLE, SHOP, startHarness, type Harness } from '../testing/harness.ts';

/** A GET with any Host (fetch sends its own): how a browser asks Baton from a page that Baton itself serves. */
function getAs(url: string, headers: Record<string, string>): Promise<{ status: number; allowOrigin: string | undefined; body: unknown }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allowOrigin: res.headers['access-control-allow-origin'], body: JSON.parse(text) as unknown }));
    })
      .on('error', reject)
      .end();
  });
}

describe('HTTP', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.baton.url}${path}`, { headers });

  describe('GET /api/sites/:site', () => {
    it('answers an allowed origin, naming exactly that origin for CORS', async () => {
      const res = await get('/api/sites/demo', { origin: SHOP });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
      expect(await res.json()).toEqual({ site: { id: 'demo', name: 'Demo' } });
    });

    it.each(['http://shop.test.evil.com', 'https://shop.test', CONSOLE])('refuses %s with 403 and no CORS grant', async (origin) => {
      const res = await get('/api/sites/demo', { origin });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    });

    it('answers a same-origin page, which sends no Origin, when its origin is allowed, and grants no CORS', async () => {
      const res = await getAs(`${h.baton.url}/api/sites/demo`, { host: 'shop.test', 'sec-fetch-site': 'same-origin' });
      expect(res).toEqual({ status: 200, allowOrigin: undefined, body: { site: { id: 'demo', name: 'Demo' } } });
    });

    it('refuses a same-origin page on a host the site does not allow, and a foreign Origin whatever Sec-Fetch-Site says', async () => {
      expect((await get('/api/sites/demo', { 'sec-fetch-site': 'same-origin' })).status).toBe(403); // Host 127.0.0.1:port
      const foreign = await get('/api/sites/demo', { origin: 'http://evil.test', 'sec-fetch-site': 'same-origin' });
      expect(foreign.status).toBe(403);
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers a request naming no page (curl) with the public facts and no CORS grant, unless the browser says another site asked', async () => {
      const bare = await get('/api/sites/demo');
      expect(bare.status).toBe(200);
      expect(bare.headers.get('access-control-allow-origin')).toBeNull();
      expect(await bare.json()).toEqual({ site: { id: 'demo', name: 'Demo' } });
      expect((await get('/api/sites/demo', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await get('/api/sites/demo', { 'sec-fetch-site': 'same-site' })).status).toBe(403);
    });

    it('refuses an unknown site with 404', async () => {
      expect((await get('/api/sites/nope', { origin: SHOP })).status).toBe(404);
    });
  });

  describe('agent API', () => {
    const login = (password: string) =>
      fetch(`${h.baton.url}/api/agent/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: CONSOLE },
        body: JSON.stringify({ email: AGENT.email, password }),
      });

    it('makes an address wait after ten failed sign-ins, even with the right password', async () => {
      for (let i = 0; i < 10; i++) expect((await login(`wrong ${i}`)).status).toBe(401);
      const blocked = await login(AGENT.password);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await blocked.json()).toMatchObject({ error: { code: 'rate_limited' } });
    });

    it('answers a mangled session cookie with 401, not a failure', async () => {
      const res = await get('/api/agent/me', { cookie: 'baton_agent=%E0%A4%A' });
      expect(res.status).toBe(401);
    });

    it('answers unknown endpoints with a JSON not_found', async () => {
      const res = await get('/api/nothing');
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    });
  });
});
