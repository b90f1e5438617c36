/**
 * The site's public name for the panel title: GET {base}/api/sites/{site} ->
 * {"site":{"id","name"}}. A plain GET without credentials (no cookies, no
 * custom headers, so no preflight); the server allows the page's origin or answers 403.
 */
import * as v from 'valibot';
import { ErrorBody, SiteInfoBody } from '../shared/http.ts';

/** The name, or null on any failure (logged with [baton]); the caller keeps its fallback. */
export async function fetchSiteName(base: string, site: string, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  try {
    const res = await fetchImpl(`${base.replace(/\/+$/, '')}/api/sites/${encodeURIComponent(site)}`, { credentials: 'omit' });
    const body: unknown = await res.json().catch(() => null);
    const info = v.safeParse(SiteInfoBody, body);
    if (res.ok && info.success) return info.output.site.name;
    const refusal = v.safeParse(ErrorBody, body);
    console.warn(`[baton] site name unavailable: HTTP ${res.status} ${refusal.success ? refusal.output.error.code : 'unexpected body'}`);
  } catch (err) {
    // A network failure, or a CORS refusal the browser does not let us see.
    console.warn('[baton] site name unavailable:', err);
  }
  return null;
}
