import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { computeGap } from '../../src/competency/gap';
import { loadRatedItems } from '../../src/reports/reports.repository';
import { nowIso } from '../../src/db/time';
import { createAssessment } from '../helpers/factories';
import { csrfFrom, setupTestContext, signIn, type Agent } from '../helpers/context';
import { buildOrg, submitted } from '../reviews/org';

const ctx = setupTestContext();

function binary(agent: Agent, path: string) {
  return agent
    .get(path)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

async function pdfText(buf: Buffer): Promise<string> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(buf) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

function csvRows(text: string): string[][] {
  const rows: string[][] = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true });
  return rows;
}

async function reviewedAssessment() {
  const org = await buildOrg(ctx.db);
  const id = await createAssessment(ctx.db, {
    employeeId: org.employee.id,
    cls: org.cls,
    status: 'reviewed',
    self: [4, 3, 1, 4],
    supervisor: [2, 3, 3, 1],
    reviewerId: org.supervisor.id,
    evidence: ['=HYPERLINK("http://evil.example","click")', 'Plain evidence'],
  });
  return { org, id };
}

describe('gap report access', () => {
  it('shows the report, downloads and charts to the owner, the supervisor and the director two levels up', async () => {
    const { org, id } = await reviewedAssessment();
    for (const who of [org.employee, org.supervisor, org.director]) {
      const agent = await signIn(ctx.app, who.email);
      expect((await agent.get(`/assessments/${id}/report`)).status).toBe(200);
      const chart = await agent.get(`/assessments/${id}/report/chart.svg`);
      expect(chart.status).toBe(200);
      expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect((await agent.get(`/assessments/${id}/report.csv`)).status).toBe(200);
      expect((await binary(agent, `/assessments/${id}/report.pdf`)).status).toBe(200);
    }
  });

  it("answers 404 to another branch's supervisor, a peer, training staff and an administrator on report, downloads, charts, plan and review", async () => {
    const { org, id } = await reviewedAssessment();
    const open = await submitted(ctx.db, { ...org, employee: org.peer });
    for (const who of [org.otherSupervisor, org.employee, org.trainer, org.admin]) {
      const agent = await signIn(ctx.app, who.email);
      const target = who === org.employee ? open : id; // the employee is the owner's peer for `open`
      for (const path of ['/report', '/report.csv', '/report.pdf', '/report/chart.svg', '/report/history.svg']) {
        expect((await agent.get(`/assessments/${target}${path}`)).status, `${who.email} ${path}`).toBe(404);
      }
      expect((await agent.get(`/reviews/${target}`)).status).toBe(404);
      const csrf = await agent.csrf('/');
      expect((await agent.post(`/reviews/${target}`).type('form').send({ _csrf: csrf, action: 'save' })).status).toBe(404);
      expect((await agent.post(`/assessments/${target}/plan`).type('form').send({ _csrf: csrf, description: 'x' })).status).toBe(404);
    }
  });

  it('has no report for a draft, not even for its owner, and the owner cannot review their own assessment', async () => {
    const org = await buildOrg(ctx.db);
    const draft = await createAssessment(ctx.db, { employeeId: org.employee.id, cls: org.cls, status: 'draft', self: [1] });
    const owner = await signIn(ctx.app, org.employee.email);
    const sup = await signIn(ctx.app, org.supervisor.email);
    expect((await owner.get(`/assessments/${draft}/report`)).status).toBe(404);
    expect((await sup.get(`/assessments/${draft}/report`)).status).toBe(404);
    const open = await submitted(ctx.db, { ...org, cls: org.cls, employee: org.peer });
    const peer = await signIn(ctx.app, org.peer.email);
    expect((await peer.get(`/assessments/${open}/report`)).status).toBe(200);
    expect((await peer.get(`/reviews/${open}`)).status).toBe(404);
  });
});

describe('gap report contents and downloads', () => {
  it('page, CSV and PDF show the same readiness, coverage and priorities as computeGap', async () => {
    const { org, id } = await reviewedAssessment();
    const gap = computeGap(await loadRatedItems(ctx.db, id, org.cls.versionId), { reviewed: true });
    expect(gap.priorities.length).toBeGreaterThan(1);
    const agent = await signIn(ctx.app, org.employee.email);

    const page = await agent.get(`/assessments/${id}/report`);
    expect(page.text).toContain(`Readiness <strong>${gap.readiness.toFixed(1)}%</strong>`);
    expect(page.text).toContain(`<img src="/assessments/${id}/report/chart.svg" alt="`);
    expect(page.text).toContain('Hidden strength');
    expect(page.text).toContain('Blind spot');
    expect(page.text).toContain('href="/assessments/' + id + '/report.csv"');
    expect(page.text).toContain('href="/assessments/' + id + '/report.pdf"');

    const csv = await agent.get(`/assessments/${id}/report.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="?gap-report-\d+-[a-z0-9-]+\.csv"?$/);
    const rows = csvRows(csv.text);
    const header = rows[0];
    expect(header).toEqual(
      expect.arrayContaining([
        'Category',
        'Required level',
        'Self level',
        'Supervisor level',
        'Level',
        'Gap',
        'Weight',
        'Priority',
        'Calibration',
      ]),
    );
    const items = rows.slice(1, 1 + gap.totalItems);
    expect(items).toHaveLength(4);
    const readinessRow = rows.find((r) => r[0] === 'Readiness (%)')!;
    expect(Number(readinessRow[1])).toBe(gap.readiness);
    expect(Number(rows.find((r) => r[0] === 'Coverage (%)')![1])).toBe(gap.coverage);
    const rankCol = header.indexOf('Priority rank');
    const textCol = header.indexOf('Text');
    const csvOrder = items
      .filter((r) => r[rankCol] !== '')
      .sort((a, b) => Number(a[rankCol]) - Number(b[rankCol]))
      .map((r) => r[textCol]);
    expect(csvOrder).toEqual(gap.priorities.map((p) => p.text));
    const priorityCol = header.indexOf('Priority');
    for (const p of gap.items) expect(items.find((r) => r[textCol] === p.text)![priorityCol]).toBe(String(p.priority));

    const pdf = await binary(agent, `/assessments/${id}/report.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/attachment; filename="?gap-report-.*\.pdf"?$/);
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain(`Readiness: ${gap.readiness.toFixed(1)}%`);
    expect(text).toContain(`Coverage: ${gap.coverage.toFixed(1)}%`);
    expect(text).toContain('Erin Employee');
    const positions = gap.priorities.map((p) => text.indexOf(p.name ?? p.text));
    expect(positions.every((p) => p > -1)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('escapes evidence and plan text that start with a formula in the CSV', async () => {
    const { org, id } = await reviewedAssessment();
    const gap = computeGap(await loadRatedItems(ctx.db, id, org.cls.versionId), { reviewed: true });
    await ctx.db('plan_actions').insert({
      assessment_id: id,
      item_id: gap.priorities[0].itemId,
      description: '=HYPERLINK("http://evil.example","plan")',
      status: 'planned',
      created_at: nowIso(),
      updated_at: nowIso(),
    });
    const agent = await signIn(ctx.app, org.supervisor.email);
    const rows = csvRows((await agent.get(`/assessments/${id}/report.csv`)).text);
    const cells = rows.flat();
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(cells).toContain(`'=HYPERLINK("http://evil.example","plan")`);
    expect(cells.some((c) => c.startsWith('='))).toBe(false);
  });

  it("recommends active programs linked to a gap item's competency, not inactive ones", async () => {
    const { org, id } = await reviewedAssessment();
    const item = org.cls.items[0]; // knowledge, required 4, supervisor 2: a gap
    const [p1] = await ctx
      .db('training_programs')
      .insert({ title: 'Network Defence Bootcamp', format: 'course', active: true })
      .returning('id');
    const [p2] = await ctx
      .db('training_programs')
      .insert({ title: 'Retired Firewall Course', format: 'course', active: false })
      .returning('id');
    await ctx.db('program_competencies').insert([
      { program_id: typeof p1 === 'object' ? p1.id : p1, competency_key_id: item.keyId },
      { program_id: typeof p2 === 'object' ? p2.id : p2, competency_key_id: item.keyId },
    ]);
    const agent = await signIn(ctx.app, org.employee.email);
    const page = await agent.get(`/assessments/${id}/report`);
    expect(page.text).toContain('Network Defence Bootcamp');
    expect(page.text).not.toContain('Retired Firewall Course');
  });

  it('shows earlier assessments of the same class with readiness over time (chart and table)', async () => {
    const org = await buildOrg(ctx.db);
    const first = await createAssessment(ctx.db, {
      employeeId: org.employee.id,
      cls: org.cls,
      status: 'reviewed',
      self: [1, 1, 1, 1],
      supervisor: [1, 1, 1, 3],
      at: '2025-06-01T09:00:00.000Z',
    });
    const second = await createAssessment(ctx.db, {
      employeeId: org.employee.id,
      cls: org.cls,
      status: 'submitted',
      self: [4, 3, 3, 1],
      at: '2026-06-01T09:00:00.000Z',
    });
    const agent = await signIn(ctx.app, org.employee.email);
    const page = await agent.get(`/assessments/${second}/report`);
    expect(page.text).toContain(`<img src="/assessments/${second}/report/history.svg"`);
    expect(page.text).toContain(`href="/assessments/${first}/report">2025-06-01`);
    expect(page.text).toMatch(/<td class="num">25.0%<\/td>/);
    expect(page.text).toMatch(/<td class="num">75.0%<\/td>/);
    const svg = await binary(agent, `/assessments/${second}/report/history.svg`);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((svg.body as Buffer).toString('utf8')).toContain('from 25.0% on 2025-06-01 to 75.0% on 2026-06-01');
  });
});

describe('development plan', () => {
  it('adds an action with a program and date, audits it, updates its status to done (completed_at) and removes it', async () => {
    const { org, id } = await reviewedAssessment();
    const gap = computeGap(await loadRatedItems(ctx.db, id, org.cls.versionId), { reviewed: true });
    const [prog] = await ctx
      .db('training_programs')
      .insert({ title: 'Mentoring circle', format: 'mentoring', active: true })
      .returning('id');
    const programId = typeof prog === 'object' ? prog.id : prog;
    const sup = await signIn(ctx.app, org.supervisor.email);
    const page = await sup.get(`/assessments/${id}/report`);
    const add = await sup
      .post(`/assessments/${id}/plan`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        item_id: String(gap.priorities[0].itemId),
        description: 'Shadow the network team for a month',
        program_id: String(programId),
        target_date: '2026-12-31',
        status: 'planned',
      });
    expect(add.status).toBe(303);
    const action = await ctx.db('plan_actions').where({ assessment_id: id }).first();
    expect(action.description).toBe('Shadow the network team for a month');
    expect(action.created_by).toBe(org.supervisor.id);
    expect(await ctx.db('audit_log').where({ action: 'plan.action_added', entity_id: String(id) })).toHaveLength(1);

    const owner = await signIn(ctx.app, org.employee.email);
    const ownerPage = await owner.get(`/assessments/${id}/report`);
    expect(ownerPage.text).toContain('Shadow the network team for a month');
    expect(ownerPage.text).toContain('Mentoring circle');
    const upd = await owner
      .post(`/assessments/${id}/plan/${action.id}`)
      .type('form')
      .send({ _csrf: csrfFrom(ownerPage.text), status: 'done' });
    expect(upd.status).toBe(303);
    const updated = await ctx.db('plan_actions').where({ id: action.id }).first();
    expect(updated.status).toBe('done');
    expect(updated.completed_at).toBeTruthy();
    expect(await ctx.db('audit_log').where({ action: 'plan.action_updated', entity_id: String(id) })).toHaveLength(1);

    const pdfText1 = await pdfText((await binary(owner, `/assessments/${id}/report.pdf`)).body as Buffer);
    expect(pdfText1.replace(/\s+/g, ' ')).toContain('Shadow the network team');

    const del = await owner
      .post(`/assessments/${id}/plan/${action.id}/delete`)
      .type('form')
      .send({ _csrf: csrfFrom(ownerPage.text) });
    expect(del.status).toBe(303);
    expect(await ctx.db('plan_actions').where({ id: action.id })).toHaveLength(0);
    expect(await ctx.db('audit_log').where({ action: 'plan.action_removed', entity_id: String(id) })).toHaveLength(1);
  });

  it('re-renders the report with 422 and the typed input when an action is invalid', async () => {
    const { org, id } = await reviewedAssessment();
    const metItem = org.cls.items[1]; // skill: supervisor 3 = required 3, no gap
    const agent = await signIn(ctx.app, org.employee.email);
    const page = await agent.get(`/assessments/${id}/report`);
    const res = await agent
      .post(`/assessments/${id}/plan`)
      .type('form')
      .send({
        _csrf: csrfFrom(page.text),
        item_id: String(metItem.id),
        description: 'x'.repeat(501),
        target_date: '2026-02-30',
        status: 'someday',
        program_id: '999999',
      });
    expect(res.status).toBe(422);
    for (const f of ['plan-item', 'plan-description', 'plan-target', 'plan-status', 'plan-program'])
      expect(res.text).toContain(`href="#${f}"`);
    expect(res.text).toContain('x'.repeat(501));
    expect(res.text).toContain('value="2026-02-30"');
    expect(res.text).toContain('Readiness <strong>');
    expect(await ctx.db('plan_actions').where({ assessment_id: id })).toHaveLength(0);
    expect(await ctx.db('audit_log').where({ action: 'plan.action_added', entity_id: String(id) })).toHaveLength(0);
  });
});
