import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createClassSpec, type CreatedClass, createUser } from '../helpers/factories';

const ctx = setupTestContext();
let cls: CreatedClass;
let trainingEmail: string;
let employeeEmail: string;

const VALID = {
  title: 'Cloud Security Fundamentals',
  provider: 'City Academy',
  format: 'course',
  hours: '16',
  cost: '450',
  url: 'https://academy.example.gov/cloud',
  description: 'Two days.',
};

beforeAll(async () => {
  cls = await createClassSpec(ctx.db, {
    items: [
      { category: 'skill', name: 'CLOUD SECURITY PROGRAMME', requiredLevel: 3 },
      { category: 'skill', name: 'INCIDENT HANDLING', requiredLevel: 3 },
      { category: 'ability', name: 'WRITTEN COMPREHENSION', requiredLevel: 3 },
    ],
  });
  trainingEmail = (await createUser(ctx.db, { roles: ['training'] })).email;
  employeeEmail = (await createUser(ctx.db)).email;
});

async function post(path: string, body: Record<string, unknown>, email = trainingEmail) {
  const agent = await signIn(ctx.app, email);
  const _csrf = await agent.csrf('/training/programs');
  return {
    agent,
    res: await agent
      .post(path)
      .type('form')
      .send({ ...body, _csrf }),
  };
}

describe('training program catalogue', () => {
  it('creates a program with its competencies, audited, and shows it to everyone', async () => {
    const { res } = await post('/training/programs', { ...VALID, keys: [String(cls.items[0].keyId), String(cls.items[1].keyId)] });
    expect(res.status).toBe(303);
    const program = await ctx.db('training_programs').where({ title: VALID.title }).first();
    expect(res.headers.location).toBe(`/training/programs/${program.id}`);
    expect(Number(program.hours)).toBe(16);
    expect(Number(program.cost)).toBe(450);
    const links = await ctx.db('program_competencies').where({ program_id: program.id }).pluck('competency_key_id');
    expect(links.map(Number).sort()).toEqual([cls.items[0].keyId, cls.items[1].keyId].sort());
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'program.created', entity_id: String(program.id) })
      .first();
    expect(audit).toBeDefined();

    const employee = await signIn(ctx.app, employeeEmail);
    const list = await employee.get('/training/programs?q=cloud');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Cloud Security Fundamentals');
    expect(list.text).toContain('CLOUD SECURITY PROGRAMME');
    expect(list.text).not.toContain('New program');
    const none = await employee.get('/training/programs?q=zzzz-nothing');
    expect(none.text).not.toContain('Cloud Security Fundamentals');
    const detail = await employee.get(`/training/programs/${program.id}`);
    expect(detail.text).toContain('href="https://academy.example.gov/cloud"');
    expect(detail.text).not.toContain('Edit program');
  });

  it('rejects bad input with 422, keeps everything typed and says what is wrong next to each field', async () => {
    const { res } = await post('/training/programs', {
      title: '',
      provider: 'Kept Provider',
      format: 'webinar',
      hours: '-3',
      cost: 'lots',
      url: 'javascript:alert(1)',
      description: 'Kept description',
      keys: String(cls.items[2].keyId),
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('Enter a title');
    expect(res.text).toContain('Choose a format');
    expect(res.text).toContain('Hours must be a number');
    expect(res.text).toContain('Cost must be a number');
    expect(res.text).toContain('Enter a web address starting with http:// or https://');
    expect(res.text).toContain('value="Kept Provider"');
    expect(res.text).toContain('value="-3"');
    expect(res.text).toContain('value="javascript:alert(1)"');
    expect(res.text).toContain('Kept description</textarea>');
    expect(res.text).toMatch(new RegExp(`name="keys" value="${cls.items[2].keyId}" checked`));
    expect(res.text).toContain('aria-invalid="true"');
    expect(res.text).toContain('href="#title"');
    const long = await post('/training/programs', { ...VALID, title: 'x'.repeat(301) });
    expect(long.res.status).toBe(422);
    expect(long.res.text).toContain('300 characters or fewer');
    expect(await ctx.db('training_programs').where({ provider: 'Kept Provider' }).first()).toBeUndefined();
  });

  it('filters the competency list without losing what was ticked or typed', async () => {
    const ticked = cls.items[0].keyId;
    const { res } = await post('/training/programs', {
      ...VALID,
      title: 'Half typed',
      keys: String(ticked),
      keyFilter: 'incident',
      action: 'filter',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('value="Half typed"');
    expect(res.text).toMatch(new RegExp(`name="keys" value="${ticked}" checked`));
    expect(res.text).toContain(`value="${cls.items[1].keyId}"`);
    expect(res.text).not.toContain(`value="${cls.items[2].keyId}"`);
    expect(await ctx.db('training_programs').where({ title: 'Half typed' }).first()).toBeUndefined();
    const agent = await signIn(ctx.app, trainingEmail);
    const get = await agent.get('/training/programs/new?keyFilter=written');
    expect(get.text).toContain(`value="${cls.items[2].keyId}"`);
    expect(get.text).not.toContain(`value="${cls.items[1].keyId}"`);
    // Length limits and the numeric keypad are real attributes, not escaped text.
    expect(get.text).toMatch(/id="title" name="title" value=""[^>]* maxlength="300"/);
    expect(get.text).toMatch(/id="hours" name="hours" value=""[^>]* inputmode="decimal"/);
    expect(get.text).toMatch(/<textarea id="description" name="description" maxlength="5000"/);
    expect(get.text).not.toContain('&#34;');
  });

  it('edits and archives a program, audited; archived programs leave the catalogue', async () => {
    const { res } = await post('/training/programs', { ...VALID, title: 'To be edited' });
    const id = res.headers.location.split('/').pop();
    const edit = await post(`/training/programs/${id}`, {
      ...VALID,
      title: 'Edited title',
      format: 'mentoring',
      cost: '',
      keys: String(cls.items[2].keyId),
    });
    expect(edit.res.status).toBe(303);
    const row = await ctx.db('training_programs').where({ id }).first();
    expect(row.title).toBe('Edited title');
    expect(row.format).toBe('mentoring');
    expect(row.cost).toBeNull();
    expect((await ctx.db('program_competencies').where({ program_id: id }).pluck('competency_key_id')).map(Number)).toEqual([
      cls.items[2].keyId,
    ]);
    const bad = await post(`/training/programs/${id}`, { ...VALID, hours: '' });
    expect(bad.res.status).toBe(422);
    expect(bad.res.text).toContain('Enter the hours');
    const archive = await post(`/training/programs/${id}/archive`, {});
    expect(archive.res.status).toBe(303);
    expect(Boolean((await ctx.db('training_programs').where({ id }).first()).active)).toBe(false);
    const actions = await ctx
      .db('audit_log')
      .where({ entity_type: 'training_program', entity_id: String(id) })
      .pluck('action');
    expect(actions).toEqual(expect.arrayContaining(['program.created', 'program.updated', 'program.archived']));
    // The update records old → new of what changed (issue 18.9), not only the new values.
    const updated = await ctx
      .db('audit_log')
      .where({ entity_type: 'training_program', entity_id: String(id), action: 'program.updated' })
      .first();
    const { changes } = JSON.parse(updated.details);
    expect(changes.title).toEqual({ from: 'To be edited', to: 'Edited title' });
    expect(changes.format).toEqual({ from: VALID.format, to: 'mentoring' });
    expect(changes.keyIds.to).toEqual([cls.items[2].keyId]);
    expect(changes.keyIds.from).not.toEqual(changes.keyIds.to);
    expect(changes).not.toHaveProperty('provider');
    const list = await archive.agent.get('/training/programs');
    expect(list.text).not.toContain('Edited title');
    expect((await archive.agent.get('/training/programs?archived=1')).text).toContain('Edited title');
  });

  it('gives employees 404 on every edit route and changes nothing', async () => {
    const [p] = await ctx
      .db('training_programs')
      .insert({
        title: 'Untouchable',
        format: 'course',
        hours: 1,
        active: true,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning('id');
    const id = typeof p === 'object' ? p.id : p;
    const agent = await signIn(ctx.app, employeeEmail);
    expect((await agent.get('/training/programs/new')).status).toBe(404);
    expect((await agent.get(`/training/programs/${id}/edit`)).status).toBe(404);
    const _csrf = await agent.csrf('/training/programs');
    expect(
      (
        await agent
          .post('/training/programs')
          .type('form')
          .send({ ...VALID, _csrf })
      ).status,
    ).toBe(404);
    expect(
      (
        await agent
          .post(`/training/programs/${id}`)
          .type('form')
          .send({ ...VALID, title: 'Hacked', _csrf })
      ).status,
    ).toBe(404);
    expect((await agent.post(`/training/programs/${id}/archive`).type('form').send({ _csrf })).status).toBe(404);
    const row = await ctx.db('training_programs').where({ id }).first();
    expect(row.title).toBe('Untouchable');
    expect(Boolean(row.active)).toBe(true);
    expect((await agent.get('/training/programs/999999')).status).toBe(404);
  });

  it('never renders a javascript: address stored in the database as a link', async () => {
    const [p] = await ctx
      .db('training_programs')
      .insert({
        title: 'Sneaky',
        format: 'course',
        hours: 1,
        url: 'javascript:alert(1)',
        active: true,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning('id');
    const id = typeof p === 'object' ? p.id : p;
    const agent = await signIn(ctx.app, employeeEmail);
    const res = await agent.get(`/training/programs/${id}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toMatch(/href="javascript:/i);
  });
});
