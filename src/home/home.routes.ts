import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { currentUser } from '../web/request';
import { navFor } from '../web/nav';
import { ROLE_LABELS } from '../auth/roles';
import { homeSummary } from './home.service';

export function homeRoutes({ readDb }: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const user = currentUser(req);
    const summary = await homeSummary(readDb, user.id, user.roles.includes('supervisor'));
    res.render('home/index', {
      title: 'Home',
      summary,
      actions: navFor(user).filter((a) => a.href !== '/'),
      roleLabels: user.roles.map((r) => ROLE_LABELS[r]),
    });
  });
  router.get('/about', (_req, res) => {
    res.render('home/about', { title: 'About this tool' });
  });
  return router;
}
