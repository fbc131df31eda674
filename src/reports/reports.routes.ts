import { Router } from 'express';
import type { AppDeps } from '../app';

/** Individual gap report, CSV/PDF downloads, development plan, history. */
export function reportRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
