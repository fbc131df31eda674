import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { AppError, NotFoundError, ValidationError } from '../errors';
import type { Logger } from '../logger';
import { isStorageUnavailable } from '../db/db-errors';
import type { FormView } from './form-view';

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError());

/**
 * The one error middleware. Known errors become their page and status; anything else is logged
 * with the request id and answered with a generic 500 page — never a stack trace or SQL.
 * A ValidationError re-renders the form the route named with `formView` (422, the typed input, a
 * message per field); JSON requests get `{ ok: false, errors }`; otherwise the generic 422 page.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return async (err, req, res, _next) => {
    const e = err as { status?: number; statusCode?: number; code?: string; type?: string; message?: string };
    let status = 500;
    let title = 'Something went wrong';
    let message =
      'The problem has been logged. Please try again; if it keeps happening, tell the HR systems team and quote the reference below.';
    if (err instanceof AppError) {
      ({ status, title, message } = err);
    } else if (e.code === 'EBADCSRFTOKEN') {
      status = 403;
      title = 'Form expired';
      message =
        'This form could not be accepted because its security token was missing or out of date. Go back, reload the page and try again.';
    } else if (isStorageUnavailable(err)) {
      status = 503;
      title = 'Cannot save right now';
      message =
        'The service cannot store data right now, so nothing was changed. Please try again in a few minutes; if it keeps happening, tell the HR systems team and quote the reference below.';
    } else if (err instanceof URIError) {
      // A path parameter that is not valid percent-encoded UTF-8 (/assessments/%ff): the router
      // could not decode it, so no page has that address.
      ({ status, title, message } = new NotFoundError());
    } else if (e.code === 'LIMIT_FILE_SIZE' || e.type === 'entity.too.large' || e.status === 413) {
      status = 413;
      title = 'File or form too large';
      message = 'What you sent is larger than the limit (files up to 5 MB, forms up to 2 MB). Please send something smaller.';
    } else if (
      e.type === 'entity.parse.failed' ||
      e.code === 'LIMIT_UNEXPECTED_FILE' ||
      e.code === 'LIMIT_PART_COUNT' ||
      e.code === 'LIMIT_FIELD_COUNT' ||
      e.type === 'parameters.too.many' ||
      // Anything else the body parsers refuse (unsupported charset or content encoding, a body that
      // does not decompress): the client's mistake, 400 or 415 as they say, not a server error.
      ((e.status === 400 || e.status === 415) && (err as { expose?: boolean }).expose === true)
    ) {
      status = e.status === 415 ? 415 : 400;
      title = 'This request could not be used';
      message = 'The form data could not be read. Please go back and try again.';
    }
    const rawId = (req as { id?: unknown }).id;
    const requestId = typeof rawId === 'string' || typeof rawId === 'number' ? String(rawId) : '';
    if (status >= 500) logger.error({ err, requestId }, 'request failed');
    if (res.headersSent) return;
    res.status(status);
    // Errors raised before the view locals were set (body too large, unreadable body, session store
    // down) still get the normal page: fill what the layout needs, as for a signed-out visitor.
    const locals = res.locals as Record<string, unknown>;
    locals.currentUser ??= null;
    locals.nav ??= [];
    locals.flash ??= [];
    locals.csrfToken ??= '';
    locals.currentPath ??= req.path;
    const wantsJson = req.accepts(['html', 'json']) === 'json' && !req.accepts('html');
    const view = res.locals.formView as FormView | undefined;
    if (err instanceof ValidationError) {
      // An API call (the autosave sends JSON) gets the field messages as JSON, whatever it accepts.
      if (wantsJson || (!view && req.is('application/json'))) {
        res.json({ ok: false, errors: err.fields, error: title, message, requestId });
        return;
      }
      if (view && (await renderForm(view, err, req, res, logger, requestId))) return;
    }
    if (wantsJson) {
      res.json({ error: title, message, requestId });
      return;
    }
    res.render('errors/error', { title, message, status, requestId }, (renderErr: Error | null, html?: string) => {
      if (renderErr) {
        logger.error({ err: renderErr, requestId }, 'error page failed to render');
        res.type('text').send(`${status} ${title}. Reference: ${requestId}`);
        return;
      }
      res.send(html);
    });
  };
}

/** Re-renders a refused form; false (after logging) when the page itself cannot be built. */
async function renderForm(
  view: FormView,
  err: ValidationError,
  req: Request,
  res: Response,
  logger: Logger,
  requestId: string,
): Promise<boolean> {
  let html: string;
  try {
    req.params = view.params;
    const page = await view.locals(req, res, err);
    html = await new Promise<string>((resolve, reject) =>
      res.render(view.template, { ...page, errors: err.fields, errorSummary: err.summary }, (renderErr: Error | null, out?: string) =>
        renderErr ? reject(renderErr) : resolve(out ?? ''),
      ),
    );
  } catch (pageErr) {
    logger.error({ err: pageErr, requestId }, 'form failed to re-render');
    return false;
  }
  res.send(html);
  return true;
}
