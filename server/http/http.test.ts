import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT, CONSOLE, SHOP, startHarness, type Harness } from '../testing/harness.ts';

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

    it('refuses a request without Origin and an unknown site', async () => {
      expect((await get('/api/sites/demo')).status).toBe(403);
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
