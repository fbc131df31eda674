import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInSupervisorChain } from '../../src/users/users.repository';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';

const ctx = setupTestContext();
const SAMPLE = path.resolve(__dirname, '../../seeds/samples/org-200.csv');

describe('the 200-person sample organisation (seeds/samples/org-200.csv)', () => {
  it('imports through the browser flow with no errors, and its reporting lines drive access', async () => {
    const admin = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(ctx.app, admin.email);
    const token = csrfFrom((await agent.get('/admin/users/import')).text);
    const res = await agent.post(`/admin/users/import`).field('_csrf', token).attach('file', fs.readFileSync(SAMPLE), 'org-200.csv');
    expect(res.status).toBe(303);
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toMatch(/<strong>200<\/strong> new people/);
    const done = await agent
      .post(`${res.headers.location}/confirm`)
      .type('form')
      .send({ _csrf: csrfFrom(preview.text) });
    expect(done.status).toBe(303);
    const people = await ctx.db('users').where('email', 'like', '%@city.example.gov');
    expect(people).toHaveLength(200);
    const cio = people.find((p) => p.employee_id === 'E10000')!;
    const leaf = people.find(
      (p) => p.job_title !== 'Manager' && !p.job_title.includes('Director') && p.department === 'Information Technology' && p.supervisor_id,
    )!;
    expect(await isInSupervisorChain(ctx.db, cio.id, leaf.id)).toBe(true);
    expect(await isInSupervisorChain(ctx.db, leaf.id, cio.id)).toBe(false);
  });
});
