import { Router } from 'express';
import type { AppDeps } from '../app';

/** Supervisor review queue, review form, return, finalise, team view. */
export function reviewRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
