import { Router } from 'express';
import type { AppDeps } from '../app';

/** Administration of users, reporting lines, bulk org import, password resets. */
export function userRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
