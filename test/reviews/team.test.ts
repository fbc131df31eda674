import { describe, expect, it } from 'vitest';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';
import { setupTestContext, signIn } from '../helpers/context';
import { buildOrg } from './org';

const ctx = setupTestContext();

describe('team view', () => {
  it('shows a heat map of the subtree with level and gap as text, readiness, report links, and the waiting list', async () => {
    const org = await buildOrg(ctx.db);
    const indirect = await createUser(ctx.db, { name: 'Ivy Indirect', supervisorId: org.employee.id });
    const outsider = await createUser(ctx.db, { name: 'Oscar Outsider', supervisorId: org.otherSupervisor.id });
    const old = await createAssessment(ctx.db, {
      employeeId: org.employee.id,
      cls: org.cls,
      status: 'reviewed',
      self: [0, 0, 0, 0],
      supervisor: [0, 0, 0, 0],
      at: '2025-01-01T00:00:00.000Z',
    });
    const latest = await createAssessment(ctx.db, {
      employeeId: org.employee.id,
      cls: org.cls,
      status: 'submitted',
      self: [2, 3, 5, 1],
      at: '2026-01-01T00:00:00.000Z',
    });
    const ivy = await createAssessment(ctx.db, {
      employeeId: indirect.id,
      cls: org.cls,
      status: 'reviewed',
      self: [4, 3, 3, 3],
      supervisor: [4, 3, 3, 3],
    });
    await createAssessment(ctx.db, { employeeId: outsider.id, cls: org.cls, status: 'submitted', self: [1, 1, 1, 1] });

    const sup = await signIn(ctx.app, org.supervisor.email);
    const page = await sup.get(`/team?class=${org.cls.classSpecId}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<caption id="[^"]+">Levels and gaps per person/);
    expect(page.text).toContain('<th scope="col">Person</th>');
    expect(page.text).toContain(`href="/assessments/${latest}/report">Erin Employee`);
    expect(page.text).not.toContain(`/assessments/${old}/report`);
    expect(page.text).toContain(`href="/assessments/${ivy}/report">Ivy Indirect`);
    expect(page.text).not.toContain('Oscar Outsider');
    // Erin: knowledge required 4, self 2 → "2 (gap 2)"; competency required 3, self 1 → "1 (gap 2)"; ability 5 ≥ 3 → met.
    expect(page.text).toContain('<td class="heat-gap-2">2 (gap 2)</td>');
    expect(page.text).toContain('<td class="heat-met">5 (met)</td>');
    expect(page.text).toMatch(/Erin Employee<\/a>[^]*?<td class="num">50.0%<\/td>/);
    expect(page.text).toMatch(/Ivy Indirect<\/a>[^]*?<td class="num">100.0%<\/td>/);
    expect(page.text).toContain('Not yet assessed against this class: Pat Peer.');
    expect(page.text).toContain(`href="/reviews/${latest}"`);
  });

  it('offers a class choice and shows no table until a class is chosen', async () => {
    const org = await buildOrg(ctx.db);
    const other = await createClassSpec(ctx.db, { title: 'ZZ TEAM CLASS', items: [{ category: 'skill' }] });
    const sup = await signIn(ctx.app, org.supervisor.email);
    const page = await sup.get('/team');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label for="class">Class</label>');
    expect(page.text).toContain(`<option value="${other.classSpecId}">ZZ TEAM CLASS</option>`);
    expect(page.text).not.toContain('heat-map');
  });
});
