import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSiteName } from './site.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('fetchSiteName', () => {
  it('GETs {base}/api/sites/{site} without credentials and returns the name', async () => {
    const fetchImpl = vi.fn(async () => json(200, { site: { id: 'demo', name: '  Harbor Lane Coffee ' } }));
    expect(await fetchSiteName('https://chat.example/', 'de mo', fetchImpl)).toBe('Harbor Lane Coffee');
    expect(fetchImpl).toHaveBeenCalledWith('https://chat.example/api/sites/de%20mo', { credentials: 'omit' });
  });

  it.each([
    ['a refused origin (403)', () => json(403, { error: { code: 'forbidden', message: 'origin not allowed' } }), /HTTP 403 forbidden/],
    ['an unknown site (404)', () => json(404, { error: { code: 'not_found', message: 'no such site' } }), /HTTP 404 not_found/],
    ['a body without a name', () => json(200, { site: { id: 'demo' } }), /HTTP 200 unexpected body/],
    ['a blank name', () => json(200, { site: { id: 'demo', name: '  ' } }), /HTTP 200/],
    ['a body that is not JSON', () => new Response('<html>', { status: 502 }), /HTTP 502/],
  ])('returns null and logs on %s', async (_label, respond, logged) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await fetchSiteName('https://chat.example', 'demo', async () => respond())).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(logged));
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^\[baton\]/);
  });

  it('returns null and logs when the request fails (network, CORS)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const failing = async (): Promise<Response> => {
      throw new TypeError('Failed to fetch');
    };
    expect(await fetchSiteName('https://chat.example', 'demo', failing)).toBeNull();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[baton\] site name unavailable/), expect.any(TypeError));
  });

  it('refuses a name over LIMITS.maxSiteNameChars (the server cuts it; a longer one is not ours)', async () => {
    const name = await fetchSiteName('https://chat.example', 'demo', async () => json(200, { site: { id: 'demo', name: 'x'.repeat(500) } }));
    expect(name).toBeNull();
  });
});
