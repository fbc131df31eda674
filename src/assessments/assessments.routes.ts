import { Router } from 'express';
import type { AppDeps } from '../app';

/** Self-assessment: my assessments, start, rating form, drafts, submit, reassess. */
export function assessmentRoutes(_deps: AppDeps): Router {
  const router = Router();
  return router;
}
