/**
 * The widget's HTTP side, per site: the page's Origin must be exactly one of
 * the site's allowedOrigins (the same rule as the visitor socket), and only
 * that origin is named in Access-Control-Allow-Origin.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import * as v from 'valibot';
import { ExitReportSchema } from '../../shared/frames/telemetry.ts';
import type { SiteInfo } from '../../shared/http.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { SiteConfig } from '../config.ts';
import { ServiceError } from '../handoff/errors.ts';
import type { ExitRecorder } from '../handoff/telemetry.ts';
import { HttpError } from './errors.ts';

/**
 * The exit report arrives from navigator.sendBeacon (a string body, so
 * `text/plain;charset=UTF-8` and no preflight) or from fetch with keepalive
 * (Baton's widget sends text/plain there too; other clients may send
 * `application/json`): read any type as text, then parse it here.
 */
const readText = express.text({ type: () => true, limit: LIMITS.maxExitReportBytes });

function readExitBody(req: Request, res: Response, next: NextFunction): void {
  readText(req, res, (error?: unknown) => {
    if (error === undefined || error === null) return next();
    const status = typeof error === 'object' && 'status' in error ? Number(error.status) : 500;
    if (status === 413) return next(new HttpError(413, 'too_long', `exit report over ${LIMITS.maxExitReportBytes} bytes`));
    if (status === 415) return next(new HttpError(415, 'bad_frame', 'unsupported charset or content encoding; send UTF-8 text'));
    next(error);
  });
}

/** The report, or a bad_frame naming what is wrong ("exit.stage: Invalid type: ..."). */
function parseExitReport(body: unknown): v.InferOutput<typeof ExitReportSchema> {
  let data: unknown;
  try {
    data = JSON.parse(typeof body === 'string' ? body : '');
  } catch {
    throw new HttpError(400, 'bad_frame', 'body is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new HttpError(400, 'bad_frame', 'exit: must be a JSON object');
  const result = v.safeParse(ExitReportSchema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  throw new HttpError(400, 'bad_frame', `exit${path === null ? '' : `.${path}`}: ${issue.message}`);
}

export function siteApi(sites: readonly SiteConfig[], telemetry: ExitRecorder): Router {
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

  /** The exit report of a leaving page: stored once per exitId; a repeat is answered the same way. */
  router.post('/:site/exit', readExitBody, async (req, res) => {
    const site = res.locals.site as SiteConfig;
    const report = parseExitReport(req.body);
    try {
      await telemetry.recordExit(site.id, report);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'unauthorized') throw new HttpError(401, 'unauthorized', error.message);
      if (error instanceof ServiceError && error.code === 'rate_limited') throw new HttpError(429, 'rate_limited', error.message);
      throw error;
    }
    res.status(204).end();
  });

  return router;
}
