import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { currentUser } from '../web/request';
import { ROLE_LABELS } from '../auth/roles';
import { formatPercent } from '../competency/gap';
import { CATEGORY_LABELS } from '../competency/scale';
import { homeDashboard } from './home.service';
import { HOME_TEXT } from './home.text';

export function homeRoutes({ readDb }: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const user = currentUser(req);
    const dashboard = await homeDashboard(readDb, user);
    res.render('home/index', {
      title: HOME_TEXT.title,
      t: HOME_TEXT,
      dashboard,
      percent: formatPercent,
      categoryLabels: CATEGORY_LABELS,
      roleLabels: user.roles.map((r) => ROLE_LABELS[r]),
    });
  });
  router.get('/about', (_req, res) => {
    res.render('home/about', { title: 'About this tool' });
  });
  return router;
}
