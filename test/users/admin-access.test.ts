import { describe, expect, it } from 'vitest';
import request from 'supertest';
import { setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import type { Role } from '../../src/auth/roles';

const ctx = setupTestContext();

const GET_PAGES = (id: number) => [
  '/admin/users',
  '/admin/users?q=a&page=2',
  '/admin/users/new',
  `/admin/users/${id}/edit`,
  `/admin/users/${id}/temporary-password`,
  '/admin/users/import',
  '/admin/users/import/1',
  '/admin/users/import/1/result',
  '/admin/audit',
  '/admin/audit?action=auth.sign_in',
  '/admin/audit.csv',
];
const POSTS = (id: number) => [
  '/admin/users',
  `/admin/users/${id}/edit`,
  `/admin/users/${id}/deactivate`,
  `/admin/users/${id}/reactivate`,
  `/admin/users/${id}/reset-password`,
  '/admin/users/import/1/confirm',
  '/admin/users/import/1/passwords',
];

describe('administration is for admins only', () => {
  for (const role of ['employee', 'supervisor', 'training'] as Role[]) {
    it(`answers 404 to a ${role} on every users and audit page and action`, async () => {
      const person = await createUser(ctx.db, { roles: [role] });
      if (role === 'supervisor') await createUser(ctx.db, { supervisorId: person.id });
      const target = await createUser(ctx.db);
      const agent = await signIn(ctx.app, person.email);
      const token = await agent.csrf('/');
      for (const path of GET_PAGES(target.id)) {
        expect([path, (await agent.get(path)).status]).toEqual([path, 404]);
      }
      for (const path of POSTS(target.id)) {
        expect([
          path,
          (await agent.post(path).type('form').send({ _csrf: token, email: 'x@example.gov', displayName: 'X' })).status,
        ]).toEqual([path, 404]);
      }
      const up = await agent
        .post(`/admin/users/import`)
        .field('_csrf', token)
        .attach('file', Buffer.from('email\nx@example.gov\n'), 'x.csv');
      expect(up.status).toBe(404);
      expect((await ctx.db('users').where({ id: target.id }).first()).active).toBeTruthy();
      expect(await ctx.db('users').where({ email: 'x@example.gov' }).first()).toBeUndefined();
    });
  }

  it('sends anonymous visitors to sign in', async () => {
    const res = await request(ctx.app).get('/admin/users');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});
