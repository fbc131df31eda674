import { describe, expect, it } from 'vitest';
import { changeRequiredLevel, importSpec } from '../../src/class-specs/class-specs.service';
import { parseClassSpec } from '../../src/class-specs/parser/spec-parser';
import { setupTestContext, signIn } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';
import { classIdFrom, makePdf, pasteSpec, pressOnPreview, readSpec, uploadSpec } from './spec-test-helpers';

const ctx = setupTestContext();

async function admin() {
  const a = await createUser(ctx.db, { roles: ['admin'] });
  return { ...a, agent: await signIn(ctx.app, a.email) };
}

describe('class spec versions', () => {
  it('re-importing the same title with a revised text makes version 2; an assessment started on version 1 stays there', async () => {
    const { agent } = await admin();
    const text = readSpec('senior-security-engineer.txt');
    const first = await pressOnPreview(agent, (await pasteSpec(agent, text)).headers.location, 'confirm');
    const classId = classIdFrom(first.headers.location);
    const v1 = await ctx.db('class_specs').where({ id: classId }).first();
    const employee = await createUser(ctx.db);
    const assessment = await ctx
      .db('assessments')
      .insert({
        employee_id: employee.id,
        class_spec_id: classId,
        class_version_id: v1.current_version_id,
        status: 'draft',
        started_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning('id');
    const assessmentId = Number(typeof assessment[0] === 'object' ? assessment[0].id : assessment[0]);

    // The class characteristics were revised; the items were not.
    const revised = text.replace('performs related duties as required', 'performs related duties as assigned');
    expect(revised).not.toBe(text);
    const again = await pasteSpec(agent, revised.replace(/\n/g, '\r\n'));
    const preview = await agent.get(again.headers.location);
    expect(preview.text).toContain('NEW VERSION 2');
    expect(preview.text).toContain("are the same as version 1's");
    expect(preview.text).not.toContain('changed by hand');
    const second = await pressOnPreview(agent, again.headers.location, 'confirm');
    expect(classIdFrom(second.headers.location)).toBe(classId);

    const cls = await ctx.db('class_specs').where({ id: classId }).first();
    const versions = await ctx.db('class_spec_versions').where({ class_spec_id: classId }).orderBy('version');
    expect(versions.map((v) => Number(v.version))).toEqual([1, 2]);
    expect(cls.current_version_id).toBe(versions[1].id);
    const a = await ctx.db('assessments').where({ id: assessmentId }).first();
    expect(a.class_version_id).toBe(versions[0].id);
    expect(
      await ctx
        .db('class_specs')
        .where({ title: 'SENIOR SECURITY ENGINEER' })
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
    ).toBe(1);

    const page = await agent.get(`/admin/class-specs/${classId}`);
    expect(page.text).toContain('Version 2 (shown)');
    expect(page.text).toContain(`href="/admin/class-specs/${classId}?version=1"`);
    const old = await agent.get(`/admin/class-specs/${classId}?version=1`);
    expect(old.status).toBe(200);
    expect(old.text).toContain('You are looking at version 1');
    expect((await agent.get(`/admin/class-specs/${classId}?version=9`)).status).toBe(404);
  });

  it('says on the preview when the items are unchanged and when hand-edited levels will start from the file again', async () => {
    const { agent, id } = await admin();
    const text = readSpec('it-engineer.txt');
    const first = await importSpec(ctx.db, parseClassSpec(text), { actorId: id, sourceName: 'it-engineer.txt' });
    const item = await ctx.db('spec_items').where({ version_id: first.versionId }).orderBy('position').first();
    await changeRequiredLevel(ctx.db, {
      classSpecId: first.classSpecId,
      itemId: Number(item.id),
      raw: String((Number(item.required_level) + 1) % 6),
      actorId: id,
      ip: null,
    });

    const revised = text.replace('performs related duties as required', 'performs related duties as assigned');
    const same = await agent.get((await pasteSpec(agent, revised)).headers.location);
    expect(same.text).toContain('NEW VERSION 2');
    expect(same.text).toContain("are the same as version 1's");
    expect(same.text).toContain('1 required level was changed by hand on version 1; version 2 starts from the levels in this file.');

    // One item's wording changed: a real new version, without the "same" note.
    const changed = text.replace(/SYSTEMS EVALUATION/, 'SYSTEMS EVALUATION AND REVIEW');
    expect(changed).not.toBe(text);
    const other = await agent.get((await pasteSpec(agent, changed)).headers.location);
    expect(other.text).toContain('NEW VERSION 2');
    expect(other.text).not.toContain('are the same as version 1');
  });

  it('stores nothing for a file identical to the current version, and says so', async () => {
    const { agent, id } = await admin();
    const text = readSpec('it-engineer.txt');
    const first = await importSpec(ctx.db, parseClassSpec(text), { actorId: id, sourceName: 'it-engineer.txt' });
    const item = await ctx.db('spec_items').where({ version_id: first.versionId }).orderBy('position').first();
    const edited = (Number(item.required_level) + 1) % 6;
    await changeRequiredLevel(ctx.db, {
      classSpecId: first.classSpecId,
      itemId: Number(item.id),
      raw: String(edited),
      actorId: id,
      ip: null,
    });
    const audits = await ctx
      .db('audit_log')
      .count({ n: '*' })
      .first()
      .then((r) => Number(r?.n));

    // Windows line endings read the same.
    const location = (await pasteSpec(agent, text.replace(/\n/g, '\r\n'))).headers.location;
    const preview = await agent.get(location);
    expect(preview.text).toContain('ALREADY IN THE CATALOGUE.');
    expect(preview.text).toContain('identical to version 1 of');
    expect(preview.text).toContain('1 required level was changed by hand on version 1 and stays as it is.');
    expect(preview.text).not.toContain('NEW VERSION');
    expect(preview.text).not.toContain('Confirm import');
    expect(preview.text).toContain('>Cancel</button>');

    // Confirming anyway (an old tab) stores nothing and ends the preview.
    const confirmed = await pressOnPreview(agent, location, 'confirm');
    expect(confirmed.headers.location).toBe(`/admin/class-specs/${first.classSpecId}`);
    const page = await agent.get(confirmed.headers.location);
    expect(page.text).toContain('Nothing imported: the file is identical to version 1 of IT ENGINEER');
    const versions = await ctx.db('class_spec_versions').where({ class_spec_id: first.classSpecId });
    expect(versions).toHaveLength(1);
    expect(Number((await ctx.db('spec_items').where({ id: item.id }).first()).required_level)).toBe(edited);
    expect(
      await ctx
        .db('audit_log')
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
    ).toBe(audits);
    expect((await agent.get(location)).status).toBe(404);

    // The importer itself says so to its other callers (command line, seeds).
    const again = await importSpec(ctx.db, parseClassSpec(text), { actorId: id, sourceName: 'it-engineer.txt' });
    expect(again).toMatchObject({ unchanged: true, version: 1, versionId: first.versionId, classSpecId: first.classSpecId });
  });

  it('stores nothing for a PDF whose content is the current version, whether that came from the text or the same PDF', async () => {
    const { agent } = await admin();
    const text = readSpec('senior-security-engineer.txt').replace('SENIOR SECURITY ENGINEER', 'SENIOR SECURITY ENGINEER (PDF)');
    const first = await pressOnPreview(agent, (await pasteSpec(agent, text)).headers.location, 'confirm');
    const classId = classIdFrom(first.headers.location);
    // The PDF loses the blank lines between the paragraphs of the characteristics: same words, not a new version.
    const pdf = await makePdf(text, new Date('2026-01-05T10:00:00Z'));
    const fromPdf = (await uploadSpec(agent, pdf, 'senior-security-engineer.pdf')).headers.location;
    const preview = await agent.get(fromPdf);
    expect(preview.text).toContain('ALREADY IN THE CATALOGUE.');
    expect(preview.text).toContain('identical to version 1 of');
    expect(preview.text).not.toContain('Confirm import');
    expect((await pressOnPreview(agent, fromPdf, 'confirm')).headers.location).toBe(`/admin/class-specs/${classId}`);

    // The same document saved again as a PDF (other bytes: another creation date) is still the same.
    const again = await makePdf(text, new Date('2026-03-09T15:30:00Z'));
    expect(again.equals(pdf)).toBe(false);
    const secondPdf = await agent.get((await uploadSpec(agent, again, 'senior-security-engineer.pdf')).headers.location);
    expect(secondPdf.text).toContain('identical to version 1 of');
    expect(await ctx.db('class_spec_versions').where({ class_spec_id: classId })).toHaveLength(1);

    // One word changed in the characteristics is a new version.
    const revised = await makePdf(text.replace('performs related duties as required', 'performs related duties as assigned'));
    const changed = await agent.get((await uploadSpec(agent, revised, 'senior-security-engineer.pdf')).headers.location);
    expect(changed.text).toContain('NEW VERSION 2');
    expect(changed.text).toContain("are the same as version 1's");
  });

  it('shows the class page with duties, qualifications and items by category', async () => {
    const { agent } = await admin();
    const r = await importSpec(ctx.db, parseClassSpec(readSpec('it-engineer.txt')), { actorId: null, sourceName: 'it-engineer.txt' });
    const page = await agent.get(`/admin/class-specs/${r.classSpecId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>IT ENGINEER</h1>');
    expect(page.text).toContain('Essential duties (13)');
    expect(page.text).toContain('Knowledge (15)');
    expect(page.text).toContain('<strong>SYSTEMS EVALUATION</strong>');
    expect(page.text).toContain('Required at entry');
  });
});

describe('required levels', () => {
  it('changes an item required level and audits old → new; the default stays', async () => {
    const { id, agent } = await admin();
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill', requiredLevel: 3 }, { category: 'ability' }] });
    const item = cls.items[0];
    const token = await agent.csrf(`/admin/class-specs/${cls.classSpecId}`);
    const res = await agent
      .post(`/admin/class-specs/${cls.classSpecId}/items/${item.id}/required-level`)
      .type('form')
      .send({ _csrf: token, level: '5', version: '1' });
    expect(res.status).toBe(303);
    const row = await ctx.db('spec_items').where({ id: item.id }).first();
    expect([row.required_level, row.default_required_level]).toEqual([5, 3]);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'class_spec.required_level_changed', entity_id: String(item.id) })
      .first();
    expect(audit.actor_id).toBe(id);
    expect(JSON.parse(audit.details)).toMatchObject({ old: 3, new: 5 });
  });

  it('keeps the stored results of submitted assessments in step with the new required level', async () => {
    const { agent } = await admin();
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill', requiredLevel: 3 }] });
    const employee = await createUser(ctx.db);
    await createAssessment(ctx.db, { employeeId: employee.id, cls, status: 'submitted', self: [2] });
    const token = await agent.csrf(`/admin/class-specs/${cls.classSpecId}`);
    await agent
      .post(`/admin/class-specs/${cls.classSpecId}/items/${cls.items[0].id}/required-level`)
      .type('form')
      .send({ _csrf: token, level: '4' });
    const result = await ctx.db('assessment_results').where({ item_id: cls.items[0].id }).first();
    expect([result.required_level, result.gap]).toEqual([4, 2]);
  });

  it.each(['6', '-1', '2.5', 'three', ''])('rejects required level %j with 422, keeps the input and changes nothing', async (bad) => {
    const { agent } = await admin();
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill', requiredLevel: 3 }] });
    const item = cls.items[0];
    const token = await agent.csrf(`/admin/class-specs/${cls.classSpecId}`);
    const res = await agent
      .post(`/admin/class-specs/${cls.classSpecId}/items/${item.id}/required-level`)
      .type('form')
      .send({ _csrf: token, level: bad, version: '1' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`id="level-${item.id}-error"`);
    expect(res.text).toContain('Enter a whole number from 0 to 5');
    expect(res.text).toMatch(new RegExp(`id="level-${item.id}"[^>]*value="${bad.replace(/[.]/g, '\\.')}"`));
    expect((await ctx.db('spec_items').where({ id: item.id }).first()).required_level).toBe(3);
    expect(
      await ctx
        .db('audit_log')
        .where({ action: 'class_spec.required_level_changed', entity_id: String(item.id) })
        .first(),
    ).toBeUndefined();
  });

  it('answers 404 for an item of another class', async () => {
    const { agent } = await admin();
    const a = await createClassSpec(ctx.db, { items: [{ category: 'skill' }] });
    const b = await createClassSpec(ctx.db, { items: [{ category: 'skill' }] });
    const token = await agent.csrf(`/admin/class-specs/${a.classSpecId}`);
    const res = await agent
      .post(`/admin/class-specs/${a.classSpecId}/items/${b.items[0].id}/required-level`)
      .type('form')
      .send({ _csrf: token, level: '1' });
    expect(res.status).toBe(404);
  });
});

describe('competency key merge', () => {
  it('moves items, program links (deduplicated) and results of one key to the other, and audits it', async () => {
    const { id, agent } = await admin();
    const a = await createClassSpec(ctx.db, { items: [{ category: 'skill', name: 'ZETA REASONING', key: 'zeta-reasoning-x' }] });
    const b = await createClassSpec(ctx.db, { items: [{ category: 'skill', name: 'ZETA REASONINGS', key: 'zeta-reasonings-x' }] });
    const from = a.items[0].keyId;
    const into = b.items[0].keyId;
    const [p1, p2] = await Promise.all(
      ['One', 'Two'].map(async (t) => {
        const [row] = await ctx.db('training_programs').insert({ title: t, format: 'course' }).returning('id');
        return Number(typeof row === 'object' ? row.id : row);
      }),
    );
    await ctx.db('program_competencies').insert([
      { program_id: p1, competency_key_id: from },
      { program_id: p2, competency_key_id: from },
      { program_id: p2, competency_key_id: into },
    ]);
    const employee = await createUser(ctx.db);
    await createAssessment(ctx.db, { employeeId: employee.id, cls: a, status: 'submitted', self: [1] });

    const page = await agent.get('/admin/class-specs/keys?q=zeta');
    expect(page.text).toContain('ZETA REASONINGS (skill, 1 item in 1 class)');
    const token = await agent.csrf('/admin/class-specs/keys');
    // First a confirmation page that changes nothing, then the merge.
    const ask = await agent
      .post('/admin/class-specs/keys')
      .type('form')
      .send({ _csrf: token, fromId: String(from), intoId: String(into), q: 'zeta' });
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('<h1>Merge these keys?</h1>');
    expect(ask.text).toContain('ZETA REASONINGS (skill, 1 item in 1 class)');
    expect(ask.text).toContain('name="confirm" value="yes"');
    expect(ask.text).toContain(`href="/admin/class-specs/keys?q=zeta&amp;fromId=${from}&amp;intoId=${into}"`);
    expect((await ctx.db('competency_keys').where({ id: from }).first()).merged_into_id).toBeNull();
    const res = await agent
      .post('/admin/class-specs/keys')
      .type('form')
      .send({ _csrf: token, fromId: String(from), intoId: String(into), q: 'zeta', confirm: 'yes' });
    expect(res.status).toBe(303);

    expect((await ctx.db('spec_items').where({ id: a.items[0].id }).first()).competency_key_id).toBe(into);
    expect((await ctx.db('competency_keys').where({ id: from }).first()).merged_into_id).toBe(into);
    const links = await ctx.db('program_competencies').whereIn('competency_key_id', [from, into]).orderBy('program_id');
    // Ordered by program id, whichever of the two programs got the lower id.
    expect(links.map((l) => [l.program_id, l.competency_key_id])).toEqual(
      [
        [p1, into],
        [p2, into],
      ].sort((x, y) => x[0] - y[0]),
    );
    expect(
      await ctx
        .db('assessment_results')
        .where({ competency_key_id: from })
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
    ).toBe(0);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'competency_key.merged', entity_id: String(into) })
      .first();
    expect(audit.actor_id).toBe(id);
    expect(JSON.parse(audit.details)).toMatchObject({ from: { id: from }, into: { id: into }, items: 1, programs: 1, results: 1 });
    const after = await agent.get('/admin/class-specs/keys?q=zeta');
    expect(after.text).not.toContain('ZETA REASONING (skill');
  });

  it('filters keys by the characters typed: % and _ are not wildcards', async () => {
    const { agent } = await admin();
    await createClassSpec(ctx.db, { items: [{ category: 'skill', name: 'OMEGA 100% FOCUS', key: 'omega-100-focus-x' }] });
    await createClassSpec(ctx.db, { items: [{ category: 'skill', name: 'OMEGA PLAIN FOCUS', key: 'omega-plain-focus-x' }] });
    const page = await agent.get('/admin/class-specs/keys?q=' + encodeURIComponent('omega 100%'));
    expect(page.text).toContain('OMEGA 100% FOCUS');
    const wild = await agent.get('/admin/class-specs/keys?q=' + encodeURIComponent('omega%focus'));
    expect(wild.text).not.toContain('OMEGA PLAIN FOCUS');
    expect(wild.text).not.toContain('OMEGA 100% FOCUS');
  });

  it('refuses to merge a key into itself or into another category, with a message at the field', async () => {
    const { agent } = await admin();
    const c = await createClassSpec(ctx.db, { items: [{ category: 'skill' }, { category: 'ability' }] });
    const token = await agent.csrf('/admin/class-specs/keys');
    const self = await agent
      .post('/admin/class-specs/keys')
      .type('form')
      .send({ _csrf: token, fromId: String(c.items[0].keyId), intoId: String(c.items[0].keyId) });
    expect(self.status).toBe(422);
    expect(self.text).toContain('a key cannot be merged into itself');
    const cross = await agent
      .post('/admin/class-specs/keys')
      .type('form')
      .send({ _csrf: token, fromId: String(c.items[0].keyId), intoId: String(c.items[1].keyId), confirm: 'yes' });
    expect(cross.status).toBe(422);
    expect(cross.text).toContain('Keys of different categories can be merged only when their names agree (skill and ability)');
    expect(cross.text).toContain('id="intoId-error"');
    expect(await ctx.db('competency_keys').whereIn('id', [c.items[0].keyId, c.items[1].keyId]).whereNotNull('merged_into_id')).toHaveLength(
      0,
    );
  });

  it('sends a later import of a merged key to the key it was merged into', async () => {
    const { agent } = await admin();
    const cls = await createClassSpec(ctx.db, {
      items: [
        { category: 'skill', name: 'ACTIVE LEARNING', key: 'active-learning' },
        { category: 'skill', name: 'LEARNING ACTIVELY', key: 'learning-actively' },
      ],
    });
    const token = await agent.csrf('/admin/class-specs/keys');
    await agent
      .post('/admin/class-specs/keys')
      .type('form')
      .send({ _csrf: token, fromId: String(cls.items[0].keyId), intoId: String(cls.items[1].keyId), confirm: 'yes' });
    const r = await importSpec(ctx.db, parseClassSpec(readSpec('it-engineer.txt')), { actorId: null, sourceName: null });
    const item = await ctx.db('spec_items').where({ version_id: r.versionId, name: 'ACTIVE LEARNING' }).first();
    expect(item.competency_key_id).toBe(cls.items[1].keyId);
  });
});

describe('access', () => {
  it.each([['employee'], ['supervisor'], ['training']] as const)('answers 404 to a %s on every class-spec admin page', async (role) => {
    const person = await createUser(ctx.db, { roles: role === 'employee' ? ['employee'] : ['employee', role] });
    const agent = await signIn(ctx.app, person.email);
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill' }] });
    const pending = await ctx
      .db('pending_imports')
      .insert({ user_id: person.id, kind: 'class-spec', payload: '{}', created_at: new Date().toISOString() })
      .returning('id');
    const pendingId = Number(typeof pending[0] === 'object' ? pending[0].id : pending[0]);
    for (const path of [
      '/admin/class-specs',
      '/admin/class-specs/import',
      `/admin/class-specs/import/${pendingId}`,
      `/admin/class-specs/${cls.classSpecId}`,
      '/admin/class-specs/keys',
    ]) {
      expect((await agent.get(path)).status, path).toBe(404);
    }
    const token = await agent.csrf('/');
    for (const path of [
      '/admin/class-specs/import',
      `/admin/class-specs/import/${pendingId}/confirm`,
      `/admin/class-specs/${cls.classSpecId}/items/${cls.items[0].id}/required-level`,
      '/admin/class-specs/keys',
    ]) {
      expect(
        (
          await agent
            .post(path)
            .type('form')
            .send({ _csrf: token, text: readSpec('it-engineer.txt'), level: '1' })
        ).status,
        path,
      ).toBe(404);
    }
  });
});
