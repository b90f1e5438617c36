/**
 * The widget's HTTP side, per site: the page's Origin must be exactly one of
 * the site's allowedOrigins (the same rule as the visitor socket), and only
 * that origin is named in Access-Control-Allow-Origin.
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { SiteInfo } from '../../shared/http.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { SiteConfig } from '../config.ts';
import { HttpError } from './errors.ts';

export function siteApi(sites: readonly SiteConfig[]): Router {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const router = Router();

  router.use('/:site', (req: Request<{ site: string }>, res: Response, next: NextFunction) => {
    res.setHeader('Vary', 'Origin');
    const site = byId.get(req.params.site);
    if (!site) return next(new HttpError(404, 'not_found', 'unknown site'));
    const origin = req.headers.origin;
    if (!origin || !site.allowedOrigins.includes(origin)) return next(new HttpError(403, 'forbidden', 'origin not allowed for this site'));
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.locals.site = site;
    next();
  });

  /** Public facts the widget shows (the panel title). */
  router.get('/:site', (_req, res) => {
    const site = res.locals.site as SiteConfig;
    const body: SiteInfo = { site: { id: site.id, name: site.name.slice(0, LIMITS.maxSiteNameChars) } };
    res.json(body);
  });

  return router;
}
