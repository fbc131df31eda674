import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, type CreatedClass, createUser } from '../helpers/factories';

const ctx = setupTestContext();
let cls: CreatedClass;
let top: { id: number; email: string },
  mid: { id: number; email: string },
  emp: { id: number; email: string },
  peer: { id: number; email: string };

beforeAll(async () => {
  cls = await createClassSpec(ctx.db, { title: 'ACCESS CLASS', items: [{ category: 'skill', name: 'ONLY SKILL', requiredLevel: 3 }] });
  top = await createUser(ctx.db, { roles: ['supervisor'], name: 'Top Boss' });
  mid = await createUser(ctx.db, { roles: ['supervisor'], supervisorId: top.id, name: 'Mid Manager' });
  emp = await createUser(ctx.db, { supervisorId: mid.id, name: 'Erin Employee' });
  peer = await createUser(ctx.db, { supervisorId: mid.id, name: 'Pat Peer' });
  await createAssessment(ctx.db, { employeeId: emp.id, cls, status: 'submitted', self: [4] });
});

describe('who can see career readiness', () => {
  it("lets anyone in the supervisor chain see a report's readiness and class needs", async () => {
    for (const boss of [mid, top]) {
      const agent = await signIn(ctx.app, boss.email);
      const page = await agent.get(`/career/${emp.id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Career readiness of Erin Employee');
      expect(page.text).toContain('100.0%');
      const needs = await agent.get(`/career/${emp.id}/classes/${cls.classSpecId}`);
      expect(needs.status).toBe(200);
      expect(needs.text).not.toContain('Start an assessment for this class');
    }
  });

  it('answers 404 to a peer and to an employee looking at anyone else', async () => {
    const peerAgent = await signIn(ctx.app, peer.email);
    expect((await peerAgent.get(`/career/${emp.id}`)).status).toBe(404);
    expect((await peerAgent.get(`/career/${emp.id}/classes/${cls.classSpecId}`)).status).toBe(404);
    const empAgent = await signIn(ctx.app, emp.email);
    expect((await empAgent.get(`/career/${mid.id}`)).status).toBe(404);
    expect((await empAgent.get(`/career/${peer.id}`)).status).toBe(404);
    expect((await empAgent.get('/career/999999')).status).toBe(404);
  });

  it('shows an employee only their own figures on /career', async () => {
    const peerAgent = await signIn(ctx.app, peer.email);
    const res = await peerAgent.get('/career');
    expect(res.status).toBe(200);
    expect(res.text).toContain('no submitted or reviewed assessment yet');
    expect(res.text).not.toContain('Erin Employee');
    expect(res.text).toContain('not yet rated: 1 of 1 items (100.0%)');
  });

  it('sends anonymous visitors to sign in', async () => {
    const res = await request(ctx.app).get('/career');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});
