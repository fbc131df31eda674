import { Router } from 'express';
import type { AppDeps } from '../app';

/** Audit log (admin): filter and CSV download. */
export function auditRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
