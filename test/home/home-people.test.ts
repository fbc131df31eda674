import { describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';

// Issue 20 point 6: the employee's and the supervisor's sections of the home page show their own
// figures, computed here by hand, and never another person's.

const ctx = setupTestContext();

/** The page's text between a section's heading and the next section (tags kept). */
function section(html: string, id: string): string {
  const start = html.indexOf(`<h2 id="${id}">`);
  if (start < 0) return '';
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

describe('employee section', () => {
  it('shows the latest readiness, coverage, report link and top three priorities from the supervisor’s levels', async () => {
    const me = await createUser(ctx.db, { name: 'Home Employee' });
    const other = await createUser(ctx.db, { name: 'Someone Else' });
    // required 4 entry, 3, 3 entry, 3, 2 — reviewed at 2, 1, 2, 2, 3:
    // gaps 2 (×2 = 4), 2 (2), 1 (×2 = 2), 1 (1), 0 → met 1 of 5 = 20.0 %; coverage (2+1+2+2+2)/15 = 60.0 %
    const cls = await createClassSpec(ctx.db, {
      title: 'HOME LATEST CLASS',
      items: [
        { category: 'knowledge', text: 'cloud platforms', requiredLevel: 4, requiredAtEntry: true },
        { category: 'skill', name: 'ACTIVE LISTENING', text: 'Gives full attention', requiredLevel: 3 },
        { category: 'ability', name: 'DEDUCTIVE REASONING', text: 'Applies rules', requiredLevel: 3, requiredAtEntry: true },
        { category: 'competency', name: 'FOURTH PRIORITY', text: 'Not among the top three', requiredLevel: 3 },
        { category: 'skill', name: 'ALREADY MET', text: 'Meets it', requiredLevel: 2 },
      ],
    });
    const older = await createClassSpec(ctx.db, { title: 'HOME OLDER CLASS', items: [{ category: 'skill', requiredLevel: 3 }] });
    await createAssessment(ctx.db, { employeeId: me.id, cls: older, status: 'submitted', self: [5], at: '2026-10-01T10:00:00.000Z' });
    const latest = await createAssessment(ctx.db, {
      employeeId: me.id,
      cls,
      status: 'reviewed',
      self: [5, 5, 5, 5, 5],
      supervisor: [2, 1, 2, 2, 3],
      at: '2026-11-20T10:00:00.000Z',
    });
    // Someone else's later assessment must not become "mine".
    const theirs = await createAssessment(ctx.db, {
      employeeId: other.id,
      cls: older,
      status: 'submitted',
      self: [0],
      at: '2026-11-30T10:00:00.000Z',
    });

    const home = await (await signIn(ctx.app, me.email)).get('/');
    expect(home.status).toBe(200);
    const mine = section(home.text, 'home-employee');
    expect(mine).toContain(`<a href="/assessments/${latest}/report">Your latest assessment: HOME LATEST CLASS</a>`);
    expect(mine).toMatch(/Readiness <strong>20\.0%<\/strong>/);
    expect(mine).toMatch(/Coverage <strong>60\.0%<\/strong>/);
    expect(mine).toContain('Reviewed 20 November 2026.');
    const list = mine.slice(mine.indexOf('<ol'), mine.indexOf('</ol>'));
    const order = ['cloud platforms', 'ACTIVE LISTENING', 'DEDUCTIVE REASONING'].map((t) => list.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(list).toContain('your level 2, required 4, required at entry');
    expect(list).not.toContain('FOURTH PRIORITY');
    expect(list).not.toContain('ALREADY MET');
    expect(mine).toContain(`href="/assessments/${latest}/report#priorities"`);
    expect(home.text).not.toContain(`/assessments/${theirs}`);
    expect(home.text).not.toContain('id="home-supervisor"');
    expect(home.text).not.toContain('id="home-training"');
    expect(home.text).not.toContain('id="home-admin"');
  });

  it('says the figures come from self-ratings while the assessment waits for review', async () => {
    const me = await createUser(ctx.db);
    const cls = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', requiredLevel: 3 },
        { category: 'skill', requiredLevel: 3 },
      ],
    });
    await createAssessment(ctx.db, { employeeId: me.id, cls, status: 'submitted', self: [3, 1] });
    const mine = section((await (await signIn(ctx.app, me.email)).get('/')).text, 'home-employee');
    expect(mine).toMatch(/Readiness <strong>50\.0%<\/strong>/);
    expect(mine).toMatch(/Coverage <strong>66\.7%<\/strong>/);
    expect(mine).toContain('From your own ratings: your supervisor has not reviewed it yet.');
  });

  it('tells a person with no assessment what to do next, and one with only a draft to submit it', async () => {
    const fresh = await createUser(ctx.db);
    const empty = section((await (await signIn(ctx.app, fresh.email)).get('/')).text, 'home-employee');
    expect(empty).toContain('No assessment yet — start one');
    expect(empty).toContain('href="/assessments/new"');
    expect(empty).not.toContain('Readiness <strong>');

    const drafter = await createUser(ctx.db);
    const cls = await createClassSpec(ctx.db, { title: 'HOME DRAFT CLASS', items: [{ category: 'skill' }] });
    const draft = await createAssessment(ctx.db, { employeeId: drafter.id, cls, status: 'draft', self: [2] });
    const drafting = section((await (await signIn(ctx.app, drafter.email)).get('/')).text, 'home-employee');
    expect(drafting).toContain('No submitted assessment yet — finish and submit the one in progress');
    expect(drafting).toContain(`<a href="/assessments/${draft}">HOME DRAFT CLASS</a> — draft in progress`);
  });
});

describe('supervisor section', () => {
  it('counts reviews waiting and team readiness per class over the latest assessments of their own subtree only', async () => {
    const boss = await createUser(ctx.db, { roles: ['supervisor'], name: 'Home Boss' });
    const otherBoss = await createUser(ctx.db, { roles: ['supervisor'] });
    const a = await createUser(ctx.db, { supervisorId: boss.id });
    const b = await createUser(ctx.db, { supervisorId: boss.id });
    const c = await createUser(ctx.db, { supervisorId: a.id }); // two levels down
    await createUser(ctx.db, { supervisorId: boss.id }); // nobody assessed yet
    const outsider = await createUser(ctx.db, { supervisorId: otherBoss.id });
    const x = await createClassSpec(ctx.db, { title: 'HOME TEAM CLASS X', items: [{ category: 'skill', requiredLevel: 3 }] });
    const y = await createClassSpec(ctx.db, { title: 'HOME TEAM CLASS Y', items: [{ category: 'skill', requiredLevel: 3 }] });
    const z = await createClassSpec(ctx.db, { title: 'HOME TEAM CLASS Z', items: [{ category: 'skill', requiredLevel: 3 }] });
    // a: an older review at 0 % and the latest at 100 % — only the latest counts.
    await createAssessment(ctx.db, { employeeId: a.id, cls: x, status: 'reviewed', supervisor: [1], at: '2026-09-01T10:00:00.000Z' });
    await createAssessment(ctx.db, { employeeId: a.id, cls: x, status: 'reviewed', supervisor: [4], at: '2026-10-01T10:00:00.000Z' });
    await createAssessment(ctx.db, { employeeId: b.id, cls: x, status: 'submitted', self: [1] });
    await createAssessment(ctx.db, { employeeId: c.id, cls: y, status: 'submitted', self: [3] });
    await createAssessment(ctx.db, { employeeId: outsider.id, cls: x, status: 'submitted', self: [5] });
    await createAssessment(ctx.db, { employeeId: outsider.id, cls: z, status: 'submitted', self: [5] });

    const home = await (await signIn(ctx.app, boss.email)).get('/');
    const team = section(home.text, 'home-supervisor');
    expect(team).toContain('<a href="/reviews">2 assessments waiting for your review</a>');
    expect(team).toContain('3 of 4 people below you have a submitted or reviewed assessment.');
    const row = (title: string) => {
      const m = team.match(new RegExp(`${title}</a></th>((?:<td class="num">[^<]*</td>)+)`));
      return m ? [...m[1].matchAll(/<td class="num">([^<]*)<\/td>/g)].map((c) => c[1]) : null;
    };
    expect(row('HOME TEAM CLASS X')).toEqual(['2', '50.0%', '1']);
    expect(row('HOME TEAM CLASS Y')).toEqual(['1', '100.0%', '1']);
    expect(row('HOME TEAM CLASS Z')).toBeNull();
    expect(team).toContain(`<a href="/team?class=${x.classSpecId}">HOME TEAM CLASS X</a>`);
    // The employee section is still there: a supervisor is also an employee.
    expect(home.text).toContain('id="home-employee"');

    const theOther = section((await (await signIn(ctx.app, otherBoss.email)).get('/')).text, 'home-supervisor');
    expect(theOther).toContain('<a href="/reviews">2 assessments waiting for your review</a>');
    expect(theOther).toContain('1 of 1 person below you has a submitted or reviewed assessment.');
    expect(theOther).not.toContain('HOME TEAM CLASS Y');
    expect(theOther).toMatch(/HOME TEAM CLASS Z<\/a><\/th><td class="num">1<\/td>/);
  });

  it('tells a supervisor without people, or whose people have not submitted, what happens next', async () => {
    const lonely = await createUser(ctx.db, { roles: ['supervisor'] });
    expect(section((await (await signIn(ctx.app, lonely.email)).get('/')).text, 'home-supervisor')).toContain('Nobody reports to you yet.');
    const boss = await createUser(ctx.db, { roles: ['supervisor'] });
    await createUser(ctx.db, { supervisorId: boss.id });
    const team = section((await (await signIn(ctx.app, boss.email)).get('/')).text, 'home-supervisor');
    expect(team).toContain('No assessments are waiting for your review.');
    expect(team).toContain('Nobody in your team has submitted an assessment yet — ask them to start one');
  });
});
