/**
 * The HTTP side: widget assets (public, any origin may load them), the
 * console, the demo page, and the agent API (console origins only).
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Agents } from '../auth/agents.ts';
import type { Config } from '../config.ts';
import type { ExitRecorder } from '../handoff/telemetry.ts';
import type { Logger } from '../log.ts';
import { DEMO_DIR, PUBLIC_DIR } from '../paths.ts';
import { agentApi } from './agent-api.ts';
import { siteApi } from './site-api.ts';
import { BatonError } from '../../shared/errors.ts';
import { errorHandler } from './errors.ts';

/** The widget is loaded cross-origin as modules, which needs CORS; it holds no secrets. */
function publicAsset(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
}

export function createHttpApp(config: Config, agents: Agents, log: Logger, telemetry: ExitRecorder): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });

  if (!existsSync(join(PUBLIC_DIR, 'widget.js'))) log.warn('widget not built: run `npm run build`', { dir: PUBLIC_DIR });
  // The loader and the app entry keep fixed names, so caches must revalidate them.
  const assets = { etag: true, lastModified: true, cacheControl: true, maxAge: 0, setHeaders: (res: Response) => res.setHeader('Cache-Control', 'no-cache') };
  app.get('/widget.js', publicAsset, (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(PUBLIC_DIR, 'widget.js'), (error) => error && next(new BatonError('unavailable', 'widget not built: run npm run build')));
  });
  app.use('/widget', publicAsset, express.static(join(PUBLIC_DIR, 'widget'), assets));

  app.use('/console', express.static(join(PUBLIC_DIR, 'console'), assets));

  app.use('/api/sites', siteApi(config.sites, telemetry, config.limits));
  // Everything else under /api belongs to the console.
  app.use('/api', (req, _res, next) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !config.consoleOrigins.includes(origin)) return next(new BatonError('forbidden', 'origin not allowed'));
    next();
  });
  app.use('/api', express.json({ limit: config.limits.httpBodyBytes }));
  app.get('/api/health', (_req, res) => {
    res.json({ ok: true });
  });
  app.use('/api/agent', agentApi(agents));
  app.use('/api', (_req, _res, next) => next(new BatonError('not_found', 'no such endpoint')));

  app.use('/', express.static(DEMO_DIR, { index: 'index.html', extensions: ['html'] }));
  app.use(errorHandler(log));
  return app;
}
