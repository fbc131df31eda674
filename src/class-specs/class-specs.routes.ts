import { Router } from 'express';
import type { AppDeps } from '../app';

/** Class specifications: admin catalogue, import with preview, versions, required levels, key merges; read-only catalogue for everyone. */
export function classSpecRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
