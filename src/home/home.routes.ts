import { Router } from 'express';
import type { AppDeps } from '../app';
import { currentUser } from '../web/request';
import { navFor } from '../web/nav';
import { ROLE_LABELS } from '../users/roles';

export function homeRoutes(_deps: AppDeps): Router {
  const router = Router();
  router.get('/', (req, res) => {
    const user = currentUser(req);
    res.render('home/index', {
      title: 'Home',
      actions: navFor(user).filter((a) => a.href !== '/'),
      roleLabels: user.roles.map((r) => ROLE_LABELS[r]),
    });
  });
  router.get('/about', (_req, res) => {
    res.render('home/about', { title: 'About this tool' });
  });
  return router;
}
