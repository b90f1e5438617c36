/**
 * The widget's HTTP side, per site: the page's origin must be exactly one of
 * the site's allowedOrigins (the same rule as the visitor socket), a request
 * that names no page may only read the public facts, and only an Origin that
 * was sent is named in Access-Control-Allow-Origin.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import * as v from 'valibot';
import { ExitReportSchema } from '../../shared/frames/telemetry.ts';
import type { SiteInfo } from '../../shared/http.ts';
import { BatonError } from '../../shared/errors.ts';
import type { Limits, SiteConfig } from '../config.ts';
import type { ExitRecorder } from '../handoff/telemetry.ts';

/**
 * The exit report arrives from navigator.sendBeacon (a string body, so
 * `text/plain;charset=UTF-8` and no preflight) or from fetch with keepalive
 * (Baton's widget sends text/plain there too; other clients may send
 * `application/json`): read any type as text, then parse it here.
 */
function exitBodyReader(maxBytes: number) {
  const readText = express.text({ type: () => true, limit: maxBytes });
  return (req: Request, res: Response, next: NextFunction): void => {
    readText(req, res, (error?: unknown) => {
      if (error === undefined || error === null) return next();
      const status = typeof error === 'object' && 'status' in error ? Number(error.status) : 500;
      if (status === 413) return next(new BatonError('too_long', `exit report over ${maxBytes} bytes`));
      if (status === 415) return next(new BatonError('unsupported_media', 'unsupported charset or content encoding; send UTF-8 text'));
      next(error);
    });
  };
}

/** The report, or a bad_frame naming what is wrong ("exit.stage: Invalid type: ..."). */
function parseExitReport(body: unknown): v.InferOutput<typeof ExitReportSchema> {
  let data: unknown;
  try {
    data = JSON.parse(typeof body === 'string' ? body : '');
  } catch {
    throw new BatonError('bad_frame', 'body is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BatonError('bad_frame', 'exit: must be a JSON object');
  const result = v.safeParse(ExitReportSchema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  throw new BatonError('bad_frame', `exit${path === null ? '' : `.${path}`}: ${issue.message}`);
}

/**
 * The origin of the page asking. Browsers send Origin on every cross-origin
 * request and on every POST, but not on a same-origin GET (the demo page Baton
 * serves at `/`): then Sec-Fetch-Site says same-origin, and the page's origin
 * is this server's own. Null when the request names no page.
 */
function pageOrigin(req: Request): string | null {
  if (req.headers.origin) return req.headers.origin;
  if (req.headers['sec-fetch-site'] === 'same-origin' && req.host) return `${req.protocol}://${req.host}`;
  return null;
}

/**
 * No page named and the browser does not say another site asked (curl, or a
 * browser too old to send Sec-Fetch-Site): the public facts are harmless to
 * answer, with no CORS grant no other page can read them; an exit report needs its page.
 */
function anonymousRead(req: Request): boolean {
  const from = req.headers['sec-fetch-site'];
  return (req.method === 'GET' || req.method === 'HEAD') && from !== 'cross-site' && from !== 'same-site';
}

export function siteApi(sites: readonly SiteConfig[], telemetry: ExitRecorder, limits: Pick<Limits, 'maxExitReportBytes' | 'maxSiteNameChars'>): Router {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const router = Router();

  router.use('/:site', (req: Request<{ site: string }>, res: Response, next: NextFunction) => {
    res.setHeader('Vary', 'Origin, Sec-Fetch-Site');
    const site = byId.get(req.params.site);
    if (!site) return next(new BatonError('not_found', 'unknown site'));
    const origin = pageOrigin(req);
    const allowed = origin === null ? anonymousRead(req) : site.allowedOrigins.includes(origin);
    if (!allowed) return next(new BatonError('forbidden', 'origin not allowed for this site'));
    if (req.headers.origin) res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
    res.locals.site = site;
    next();
  });

  /** Public facts the widget shows (the panel title). */
  router.get('/:site', (_req, res) => {
    const site = res.locals.site as SiteConfig;
    const body: SiteInfo = { site: { id: site.id, name: site.name.slice(0, limits.maxSiteNameChars) } };
    res.json(body);
  });

  /** The exit report of a leaving page: stored once per exitId; a repeat is answered the same way. */
  // A refusal (unknown token, too many reports) reaches the central handler with its code's status.
  router.post('/:site/exit', exitBodyReader(limits.maxExitReportBytes), async (req, res) => {
    const site = res.locals.site as SiteConfig;
    await telemetry.recordExit(site.id, parseExitReport(req.body));
    res.status(204).end();
  });

  return router;
}
