import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';

/**
 * A request id on every request (X-Request-Id; error pages quote it) and one log line per finished
 * request: `{ req: { id, method, url }, res: { statusCode }, responseTime }` — the fields pino-http
 * logged. Written here on pino directly because pino-http's per-request child logger and wrapped
 * response cost more than the rest of a small page's middleware together (issue 11 profiling).
 */
export function requestLog(logger: Logger, { autoLogging }: { autoLogging: boolean }): RequestHandler {
  return (req, res, next) => {
    const id = crypto.randomUUID();
    (req as { id?: string }).id = id;
    res.setHeader('X-Request-Id', id);
    if (autoLogging) {
      const start = performance.now();
      const line = () => ({
        req: { id, method: req.method, url: req.originalUrl.split('?')[0] },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - start),
      });
      res.once('finish', () => logger.info(line(), 'request completed'));
      res.once('close', () => {
        if (!res.writableFinished) logger.warn(line(), 'request aborted');
      });
    }
    next();
  };
}
