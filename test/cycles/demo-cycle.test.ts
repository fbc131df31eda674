import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../seeds/demo';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';

// The newcomer's walk-through of issue 21 on the demo data: the admin opens a cycle for a demo
// department against each person's own job class, sees the messages on Sent mail, and the people
// follow their links to a finalised, acknowledged report while the dashboard reaches 100 %.
// The demo organisation is seeded once into this file's fresh database; each test opens its own
// cycle for a different department.

const ctx = setupTestContext();
beforeAll(async () => {
  await seedDemo(ctx.db);
});

type Agent = Awaited<ReturnType<typeof signIn>>;
const as = (email: string) => signIn(ctx.app, email, DEMO_PASSWORD);

async function post(agent: Agent, path: string, body: Record<string, string>, from: string) {
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: await agent.csrf(from), ...body });
}

async function openForDepartment(admin: Agent, department: string): Promise<number> {
  const res = await post(
    admin,
    '/admin/cycles',
    { name: `${department} round`, population: 'department', department, target: 'own', selfDue: '2099-01-31', reviewDue: '2099-02-28' },
    '/admin/cycles/new',
  );
  expect(res.status, res.text.slice(0, 500)).toBe(303);
  return Number(/\/admin\/cycles\/(\d+)$/.exec(res.headers.location)![1]);
}

/** The cycle's drafts: whose (e-mail) and of which class (title). */
async function draftsOf(cycleId: number): Promise<{ id: number; email: string; title: string; versionId: number }[]> {
  const rows: { id: number; email: string; title: string; class_version_id: number }[] = await ctx
    .db('assessments as a')
    .join('users as u', 'u.id', 'a.employee_id')
    .join('class_specs as c', 'c.id', 'a.class_spec_id')
    .where({ 'a.cycle_id': cycleId, 'a.status': 'draft' })
    .orderBy('u.email')
    .select('a.id', 'u.email', 'c.title', 'a.class_version_id');
  return rows.map((r) => ({ id: Number(r.id), email: r.email, title: r.title, versionId: Number(r.class_version_id) }));
}

/**
 * The path of the deep link that Sent mail shows for the newest message of `kind` to `email` (the
 * page lists the newest first): what the newcomer clicks.
 */
async function linkOnSentMail(admin: Agent, email: string, kind: string): Promise<string> {
  const html = (await admin.get('/admin/mail')).text;
  const rows = html.split('<tr>').filter((r) => r.includes(`>${email}<`) && r.includes(`<td>${kind}</td>`));
  expect(rows.length, `no ${kind} message to ${email} on Sent mail`).toBeGreaterThan(0);
  const href = /<a href="([^"]+)">/.exec(rows[0])?.[1];
  expect(href, `no link shown for the ${kind} message to ${email}`).toBeDefined();
  return new URL(href!).pathname;
}

/** The cells of the dashboard row headed `label`. */
function rowOf(html: string, label: string): string[] {
  const at = html.indexOf(`<th scope="row">${label}</th>`);
  expect(at, `no row for ${label}`).toBeGreaterThan(-1);
  const row = html.slice(at, html.indexOf('</tr>', at));
  return [...row.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]);
}

describe('a cycle for the demo organisation', () => {
  it('starts a draft against their own job class for everyone in the Information Security department', async () => {
    const admin = await as('admin@example.gov');
    const id = await openForDepartment(admin, 'Information Security');
    const drafts = await draftsOf(id);
    const people: string[] = await ctx
      .db('users')
      .whereRaw('lower(department) = ?', ['information security'])
      .orderBy('email')
      .pluck('email');
    expect(people.length).toBeGreaterThan(10);
    expect(drafts.map((d) => d.email)).toEqual(people);
    const classOf = new Map(drafts.map((d) => [d.email, d.title]));
    expect(classOf.get('employee@example.gov')).toBe('IT ENGINEER');
    expect(classOf.get('supervisor@example.gov')).toBe('SENIOR SECURITY ENGINEER');
    expect(classOf.get('director@example.gov')).toBe('CHIEF INFORMATION SECURITY OFFICER (CISO)');
    expect(classOf.get('demo.employee01@example.gov')).toBe('IT ENGINEER');
    const page = await admin.get(`/admin/cycles/${id}`);
    expect(page.text).toContain('Nobody was skipped.');
    expect(page.text).toContain(`${people.length} people with a draft from this cycle`);
  });

  it('takes the Infrastructure department through e-mail, self-assessment, review and acknowledgement to 100 %', async () => {
    const admin = await as('admin@example.gov');
    const id = await openForDepartment(admin, 'Infrastructure');
    const drafts = await draftsOf(id);
    // Two of the four already have an open SENIOR SECURITY ENGINEER self-assessment: skipped and listed.
    expect(drafts.map((d) => d.email)).toEqual(['demo.employee09@example.gov', 'demo.employee10@example.gov']);
    let page = await admin.get(`/admin/cycles/${id}`);
    expect(page.text).toContain('2 people were skipped.');
    expect(rowOf(page.text, 'Infrastructure').slice(0, 2)).toEqual(['2', '2 (100%)']);

    const mail = await admin.get('/admin/mail');
    for (const d of drafts) expect(mail.text).toContain(d.email);
    expect(mail.text).toContain('cycle.opened');

    for (const d of drafts) {
      // The employee follows the link Sent mail shows for their "cycle opened" message, rates every
      // item and submits.
      const link = await linkOnSentMail(admin, d.email, 'cycle.opened');
      expect(link).toBe(`/assessments/${d.id}`);
      const items: number[] = await ctx.db('spec_items').where({ version_id: d.versionId }).pluck('id');
      const emp = await as(d.email);
      expect((await emp.get(link)).status).toBe(200);
      const levels = Object.fromEntries(items.map((i) => [`level[${i}]`, '3']));
      expect((await post(emp, link, { ...levels, action: 'submit' }, link)).status).toBe(303);

      // The director (their supervisor) follows the link of the "submitted" message, reviews and
      // finalises; the employee follows the "finalised" message to the report and acknowledges.
      const reviewLink = await linkOnSentMail(admin, 'director@example.gov', 'assessment.submitted');
      expect(reviewLink).toBe(`/reviews/${d.id}`);
      const director = await as('director@example.gov');
      const review = await director.get(reviewLink);
      expect(review.status).toBe(200);
      const fin = await director
        .post(`/reviews/${d.id}`)
        .type('form')
        .send({
          _csrf: csrfFrom(review.text),
          lock_version: /name="lock_version" value="(\d+)"/.exec(review.text)![1],
          action: 'finalise',
          ...Object.fromEntries(items.map((i) => [`sup_${i}`, '3'])),
        });
      expect(fin.status, fin.text.slice(0, 500)).toBe(303);
      const report = await linkOnSentMail(admin, d.email, 'assessment.finalised');
      expect(report).toBe(`/assessments/${d.id}/report`);
      expect((await post(emp, `/assessments/${d.id}/acknowledge`, { acknowledgement: '' }, report)).status).toBe(303);
      expect((await emp.get(report)).text).toContain('acknowledged this result on');
    }

    page = await admin.get(`/admin/cycles/${id}`);
    // Total, not started, draft, submitted, returned, reviewed.
    expect(rowOf(page.text, 'Infrastructure').slice(0, 6)).toEqual(['2', '0 (0%)', '0 (0%)', '0 (0%)', '0 (0%)', '2 (100%)']);
    const kindsFor = (email: string): Promise<string[]> =>
      ctx.db('mail_outbox as m').join('users as u', 'u.id', 'm.to_user_id').where('u.email', email).orderBy('m.id').pluck('m.kind');
    expect(await kindsFor('demo.employee09@example.gov')).toEqual(['cycle.opened', 'assessment.finalised']);
    expect(await kindsFor('director@example.gov')).toContain('assessment.submitted');
  });
});
