import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { ValidationError } from '../errors';
import { formView } from '../web/form-view';
import { currentUser, flash, formBody, str } from '../web/request';
import { SENT_MAIL_TEXT } from './mail.text';
import { mailPreference, sentMailPage, setMailPreference } from './mail.service';

/** Admins: the Sent mail page (/admin/mail). */
export function sentMailRoutes({ db, config }: AppDeps): Router {
  const router = Router();
  router.get('/', requireRole('admin'), async (req, res) => {
    const data = await sentMailPage(db, Number.parseInt(str(req.query.page), 10) || 1);
    res.render('mail/index', { title: 'Sent mail', ...data, smtp: Boolean(config.smtpUrl), text: SENT_MAIL_TEXT });
  });
  return router;
}

const CHOICES = { immediate: false, digest: true } as const;

/** Everyone: the account page (/account) with the e-mail preference. */
export function accountRoutes({ db }: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const me = currentUser(req);
    res.render('mail/account', { title: 'Your account', me, digest: await mailPreference(db, me.id), errors: {} });
  });
  const accountPage = formView('mail/account', async (req) => ({
    title: 'Your account',
    me: currentUser(req),
    digest: await mailPreference(db, currentUser(req).id),
  }));

  router.post('/mail', accountPage, async (req, res) => {
    const me = currentUser(req);
    const choice = str(formBody(req).mail);
    if (!Object.hasOwn(CHOICES, choice)) throw new ValidationError({ mail: 'Choose how you want to receive notifications' });
    const digest = CHOICES[choice as keyof typeof CHOICES];
    await setMailPreference(db, { id: me.id, ip: req.ip ?? null }, digest);
    flash(req, 'success', digest ? 'You will get one daily summary of notifications.' : 'You will get each notification as it happens.');
    res.redirect(303, '/account');
  });
  return router;
}
