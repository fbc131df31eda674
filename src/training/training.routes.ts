import { Router } from 'express';
import type { AppDeps } from '../app';

/** Training programs, training needs, program effectiveness. */
export function trainingRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
