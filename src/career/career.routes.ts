import { Router } from 'express';
import type { AppDeps } from '../app';

/** Career readiness across classes, class comparison, O*NET anchors. */
export function careerRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
