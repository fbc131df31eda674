import { Router } from 'express';
import type { AppDeps } from '../app';
import { programRoutes } from './programs.routes';
import { needsRoutes } from './needs.routes';

/** Training programs, training needs, program effectiveness. */
export function trainingRoutes(deps: AppDeps): Router {
  const router = Router();
  router.use(programRoutes(deps));
  router.use(needsRoutes(deps));
  return router;
}
