import { Router, type Request } from 'express';
import type { AppDeps } from '../app-deps';
import { requireRole } from '../auth/require-role';
import { NotFoundError } from '../errors';
import { formView } from '../web/form-view';
import { currentUser, flash, idParam, str, formBody } from '../web/request';
import { ASSIGNABLE_ROLES, emptyUserForm, readUserForm, type UserFormInput } from './user-form';
import { ROLE_LABELS } from '../auth/roles';
import { listClassTitles } from '../class-specs/catalogue.service';
import { USER_TEXT } from './users.text';
import { activeUserOptions, countActiveUsers, findUserById, listUsers, rolesOf, type MissingField } from './users.repository';
import { createUserAccount, deactivateUser, reactivateUser, resetUserPassword, updateUserAccount, type Actor } from './users.service';

export const USERS_PER_PAGE = 50;
/** Above this many active people the supervisor is typed as an email instead of picked from a list. */
const SELECT_LIMIT = 500;

type OneTime = { oneTimePassword?: { userId: number; password: string; name: string; reason: 'created' | 'reset' } };

/** Administration of users, reporting lines, bulk org import, password resets. */
export function userRoutes(deps: AppDeps): Router {
  const { db } = deps;
  const router = Router();
  const admin = requireRole('admin');
  const actorOf = (req: Request): Actor => ({ user: currentUser(req), ip: req.ip ?? null });

  router.get('/', admin, async (req, res) => {
    const q = str(req.query.q).trim().slice(0, 200);
    const page = Math.max(1, Math.min(100_000, Number.parseInt(str(req.query.page), 10) || 1));
    const rawMissing = str(req.query.missing);
    const missing: MissingField | null = rawMissing === 'supervisor' || rawMissing === 'job-class' ? rawMissing : null;
    const { rows, total } = await listUsers(db, q, page, USERS_PER_PAGE, missing);
    const pages = Math.max(1, Math.ceil(total / USERS_PER_PAGE));
    res.render('users/index', {
      title: 'Users',
      q,
      page,
      pages,
      total,
      rows,
      roleLabels: ROLE_LABELS,
      missing,
      missingLabel: missing ? USER_TEXT.missing[missing] : '',
    });
  });

  /** The locals of the person form; `errors` are added by the caller or by the error middleware. */
  async function formLocals(opts: { mode: 'new' | 'edit'; id?: number; active?: boolean; form: UserFormInput }) {
    const useSelect = (await countActiveUsers(db)) <= SELECT_LIMIT;
    const options = useSelect ? (await activeUserOptions(db, SELECT_LIMIT)).filter((o) => o.id !== opts.id) : [];
    if (useSelect && opts.form.supervisor && !options.some((o) => o.email === opts.form.supervisor.toLowerCase())) {
      // Keep a current (possibly deactivated) or typed supervisor visible in the list.
      options.unshift({ id: 0, email: opts.form.supervisor, displayName: opts.form.supervisor });
    }
    return {
      title: opts.mode === 'new' ? 'Add a person' : `Edit ${opts.form.displayName || 'person'}`,
      ...opts,
      useSelect,
      options,
      classes: await listClassTitles(db),
      assignable: ASSIGNABLE_ROLES,
      roleLabels: ROLE_LABELS,
    };
  }

  /** The edit page of person `:id` with what they typed, or with what is stored. */
  async function editLocals(req: Request, typed: boolean) {
    const id = idParam(req.params.id);
    const user = await findUserById(db, id);
    if (!user) throw new NotFoundError();
    return formLocals({ mode: 'edit', id, active: user.active, form: typed ? readUserForm(formBody(req)) : await storedForm(user) });
  }

  async function storedForm(user: NonNullable<Awaited<ReturnType<typeof findUserById>>>): Promise<UserFormInput> {
    const sup = user.supervisor_id ? await findUserById(db, user.supervisor_id) : undefined;
    return {
      email: user.email,
      displayName: user.display_name,
      employeeId: user.employee_id ?? '',
      department: user.department ?? '',
      jobTitle: user.job_title ?? '',
      jobClass: user.job_class_id == null ? '' : String(user.job_class_id),
      supervisor: sup?.email ?? '',
      roles: await rolesOf(db, user.id),
    };
  }

  const newForm = formView('users/form', (req) => formLocals({ mode: 'new', form: readUserForm(formBody(req)) }));
  const typedEditForm = formView('users/form', (req) => editLocals(req, true));
  // Refusals of the account buttons (your own account) are shown on the edit page as stored.
  const storedEditForm = formView('users/form', (req) => editLocals(req, false));

  router.get('/new', admin, async (_req, res) => {
    res.render('users/form', { ...(await formLocals({ mode: 'new', form: emptyUserForm() })), errors: {} });
  });

  router.post('/', admin, newForm, async (req, res) => {
    const out = await createUserAccount(db, actorOf(req), readUserForm(formBody(req)));
    (req.session as unknown as OneTime).oneTimePassword = { userId: out.id, password: out.password, name: out.name, reason: 'created' };
    flash(req, 'success', USER_TEXT.created(out.name));
    res.redirect(303, `/admin/users/${out.id}/temporary-password`);
  });

  router.get('/:id/edit', admin, async (req, res) => {
    res.render('users/form', { ...(await editLocals(req, false)), errors: {} });
  });

  router.post('/:id/edit', admin, typedEditForm, async (req, res) => {
    const id = idParam(req.params.id);
    if (!(await findUserById(db, id))) throw new NotFoundError();
    const out = await updateUserAccount(db, actorOf(req), id, readUserForm(formBody(req)));
    flash(req, 'success', out.changed ? USER_TEXT.updated(out.name) : USER_TEXT.unchanged);
    res.redirect(303, `/admin/users/${id}/edit`);
  });

  // Deactivation signs the person out everywhere at once, so the edit page asks first.
  router.get('/:id/deactivate', admin, async (req, res) => {
    const id = idParam(req.params.id);
    const user = await findUserById(db, id);
    if (!user) throw new NotFoundError();
    if (id === currentUser(req).id || !user.active) return res.redirect(303, `/admin/users/${id}/edit`);
    res.render('users/deactivate', {
      title: `Deactivate ${user.display_name}`,
      person: { id, name: user.display_name, email: user.email },
    });
  });

  router.post('/:id/deactivate', admin, storedEditForm, async (req, res) => {
    const id = idParam(req.params.id);
    flash(req, 'success', await deactivateUser(db, actorOf(req), id));
    res.redirect(303, `/admin/users/${id}/edit`);
  });

  router.post('/:id/reactivate', admin, async (req, res) => {
    const id = idParam(req.params.id);
    flash(req, 'success', await reactivateUser(db, actorOf(req), id));
    res.redirect(303, `/admin/users/${id}/edit`);
  });

  router.post('/:id/reset-password', admin, storedEditForm, async (req, res) => {
    const id = idParam(req.params.id);
    const out = await resetUserPassword(db, actorOf(req), id);
    (req.session as unknown as OneTime).oneTimePassword = { userId: id, password: out.password, name: out.name, reason: 'reset' };
    flash(req, 'success', USER_TEXT.reset(out.name));
    res.redirect(303, `/admin/users/${id}/temporary-password`);
  });

  // The temporary password lives in the admin's session only until this page has shown it once.
  router.get('/:id/temporary-password', admin, async (req, res) => {
    const id = idParam(req.params.id);
    const s = req.session as unknown as OneTime;
    const shown = s.oneTimePassword && s.oneTimePassword.userId === id ? s.oneTimePassword : null;
    if (shown) delete s.oneTimePassword;
    const user = await findUserById(db, id);
    if (!user) throw new NotFoundError();
    res.render('users/temporary-password', { title: 'Temporary password', id, email: user.email, name: user.display_name, shown });
  });

  return router;
}
