import { describe, expect, it } from 'vitest';
import { seedDemoSpecs } from '../../seeds/demo-specs';
import { ensureOnetLoaded } from '../../src/onet/onet.service';
import { csrfFrom, setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';

const ctx = setupTestContext();

describe('O*NET level examples at the rating controls', () => {
  it('shows ACTIVE LEARNING examples with attribution on the rating form, but not on unlinked knowledge items', async () => {
    await seedDemoSpecs(ctx.db);
    await ensureOnetLoaded(ctx.db);
    const cls = await ctx.db('class_specs').where({ title: 'IT ENGINEER' }).first('id');
    const boss = await createUser(ctx.db, { roles: ['supervisor'] });
    const me = await createUser(ctx.db, { supervisorId: boss.id });
    const agent = await signIn(ctx.app, me.email);
    const page = await agent.get(`/assessments/new?class=${cls.id}`);
    const started = await agent
      .post('/assessments')
      .type('form')
      .send({ _csrf: csrfFrom(page.text), classSpecId: String(cls.id) });
    expect(started.status).toBe(303);
    const form = await agent.get(started.headers.location);
    expect(form.status).toBe(200);
    const item = form.text.slice(form.text.indexOf('<legend>ACTIVE LEARNING</legend>'));
    const fieldset = item.slice(0, item.indexOf('</fieldset>'));
    expect(fieldset).toContain('Examples from O*NET');
    expect(fieldset).toContain('Active Learning');
    expect(fieldset.match(/On O\*NET's 0–7 scale, level \d looks like:/g)).toHaveLength(3);
    expect(fieldset).toContain('Used under the CC BY 4.0 license');
    // An item with no O*NET link (a knowledge statement) shows no examples.
    const knowledge = form.text.slice(form.text.indexOf('<legend>applicable computer software packages</legend>'));
    expect(knowledge.slice(0, knowledge.indexOf('</fieldset>'))).not.toContain('Examples from O*NET');
  });
});
