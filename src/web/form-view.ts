import type { Request, RequestHandler, Response } from 'express';
import type { ValidationError } from '../errors';

/**
 * The locals a form page needs besides `errors`, built again from the request when the service
 * refuses the input: what the person typed comes from `req.body` (or `req.query`), the rest (lists
 * to choose from, the object being edited) from the database. Never put a password back.
 */
export type FormLocals = (req: Request, res: Response, err: ValidationError) => object | Promise<object>;

export interface FormView {
  template: string;
  locals: FormLocals;
  /** The route's parameters: by the time the error middleware runs, req.params is the app's again. */
  params: Request['params'];
}

/**
 * Names the template a route re-renders when its service throws ValidationError, in the manner of
 * Kutt's `viewTemplate`: the route stays a straight line (parse → service → redirect) and the one
 * error middleware renders `template` with 422, `locals(req, res, err)`, `errors` (field → message)
 * and `errorSummary` (the service's message about the whole form, or null). Without it a
 * ValidationError gives the generic 422 page.
 */
export function formView(template: string, locals: FormLocals): RequestHandler {
  return (req, res, next) => {
    res.locals.formView = { template, locals, params: { ...req.params } } satisfies FormView;
    next();
  };
}
