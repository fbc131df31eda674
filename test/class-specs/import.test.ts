import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { UploadParser } from '../../src/uploads/isolated-parse';
import { setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { classIdFrom, EXPECTED, expectStored, makePdf, pasteSpec, pressOnPreview, readSpec, uploadSpec } from './spec-test-helpers';

const ctx = setupTestContext();

async function admin() {
  const a = await createUser(ctx.db, { roles: ['admin'] });
  return signIn(ctx.app, a.email);
}

const countRows = async (table: string) => Number((await ctx.db(table).count({ n: '*' }).first())?.n);

describe('class spec import: preview and confirm', () => {
  it.each(Object.keys(EXPECTED))('imports %s by pasted text, previews the counts and stores exactly them on confirm', async (file) => {
    const agent = await admin();
    const e = EXPECTED[file];
    const res = await pasteSpec(agent, readSpec(file));
    expect(res.status).toBe(303);
    const previewPath = res.headers.location;
    expect(previewPath).toMatch(/^\/admin\/class-specs\/import\/\d+$/);
    const preview = await agent.get(previewPath);
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(e.title);
    expect(preview.text).toContain(`<strong>${e.duties}</strong> duties`);
    expect(preview.text).toContain(`<strong>${e.knowledge}</strong> knowledge`);
    expect(preview.text).toContain(`<strong>${e.skill}</strong> skills`);
    expect(preview.text).toContain(`<strong>${e.ability}</strong> abilities`);
    expect(preview.text).toContain(`<strong>${e.competency}</strong> competencies`);
    expect(preview.text).toContain(`<strong>${e.entry}</strong> required at entry`);
    expect(preview.text).toContain('NEW CLASS');
    expect(preview.text).toContain('Confirm import');

    const confirmed = await pressOnPreview(agent, previewPath, 'confirm');
    expect(confirmed.status).toBe(303);
    const classId = classIdFrom(confirmed.headers.location);
    await expectStored(ctx.db, classId, e);
    const audit = await ctx
      .db('audit_log')
      .where({ action: 'class_spec.imported', entity_id: String(classId) })
      .first();
    expect(JSON.parse(audit.details)).toMatchObject({ title: e.title, version: 1, newClass: true });
    const page = await agent.get(confirmed.headers.location);
    expect(page.text).toContain(`Imported ${e.title} as version 1`);
    expect(await agent.get(previewPath).then((r) => r.status)).toBe(404);
  });

  it('stores the IT Engineer header fields and puts JUDGMENT/JUDGEMENT AND DECISION MAKING of all three classes on one key', async () => {
    const cls = await ctx.db('class_specs').where({ title: 'IT ENGINEER' }).first();
    expect(cls).toMatchObject({
      code: '06A3',
      family: 'Information Technology',
      service: 'Administrative',
      group_name: 'Clerical, Accounting, and General Office',
      series: 'Information Technology',
    });
    const judgment = await ctx
      .db('spec_items as i')
      .join('class_spec_versions as v', 'v.id', 'i.version_id')
      .whereRaw("UPPER(i.name) LIKE 'JUDG%MENT AND DECISION MAKING'")
      .select('i.competency_key_id', 'v.class_spec_id');
    expect(new Set(judgment.map((r) => r.class_spec_id)).size).toBe(3);
    expect(new Set(judgment.map((r) => r.competency_key_id)).size).toBe(1);
    const comms = await ctx.db('spec_items').whereRaw("UPPER(name) LIKE 'COMMUNICATION%FOR RESULTS'").distinct('competency_key_id');
    expect(comms).toHaveLength(1);
  });

  it('imports an uploaded .txt file and remembers the file name as the source', async () => {
    const agent = await admin();
    const text = readSpec('it-engineer.txt').replace('IT ENGINEER', 'IT ENGINEER UPLOADED');
    const res = await uploadSpec(agent, Buffer.from(text, 'utf8'), 'upload-test.txt');
    expect(res.status).toBe(303);
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toContain('Read from upload-test.txt');
    const confirmed = await pressOnPreview(agent, res.headers.location, 'confirm');
    const version = await ctx
      .db('class_spec_versions')
      .where({ class_spec_id: classIdFrom(confirmed.headers.location) })
      .first();
    expect(version.source_name).toBe('upload-test.txt');
  });

  it('imports a PDF made from a spec with the same counts as the text', async () => {
    const agent = await admin();
    const text = readSpec('senior-security-engineer.txt').replace('SENIOR SECURITY ENGINEER', 'SENIOR SECURITY ENGINEER PDF');
    const res = await uploadSpec(agent, await makePdf(text), 'sse.pdf');
    expect(res.status).toBe(303);
    const confirmed = await pressOnPreview(agent, res.headers.location, 'confirm');
    await expectStored(ctx.db, classIdFrom(confirmed.headers.location), {
      ...EXPECTED['senior-security-engineer.txt'],
      title: 'SENIOR SECURITY ENGINEER PDF',
    });
  });

  it('starts the reading child when the upload form is shown, and the form says what happens while the server reads', async () => {
    // An app of its own, so that no child of the other tests is idle already.
    const uploads = new UploadParser();
    afterAll(() => uploads.close());
    const app = createApp({ db: ctx.db, readDb: ctx.readDb, config: ctx.config, uploads });
    const a = await createUser(ctx.db, { roles: ['admin'] });
    const agent = await signIn(app, a.email);
    expect(uploads.spawned).toBe(0);
    const form = await agent.get('/admin/class-specs/import');
    expect(form.status).toBe(200);
    expect(uploads.spawned).toBe(1);
    expect(form.text).toContain('data-progress="Reading the document… this can take a few seconds."');
    expect(form.text).toMatch(/<p class="progress-note" role="status" aria-live="polite"><\/p>\s*<\/form>/);
    expect(form.text).toMatch(/<script src="\/public\/js\/form-progress.js" nonce="[^"]+" defer><\/script>/);
    // Showing the form again does not start a second child; the upload is read by the one started.
    await agent.get('/admin/class-specs/import');
    const text = readSpec('it-engineer.txt').replace('IT ENGINEER', 'IT ENGINEER WARM');
    const res = await uploadSpec(agent, await makePdf(text), 'warm.pdf');
    expect(res.status).toBe(303);
    expect(uploads.spawned).toBe(1);
    expect(uploads.jobs).toBe(1);
    expect((await agent.get('/public/js/form-progress.js')).status).toBe(200);
  });

  it('cancel deletes the preview and stores nothing in the catalogue', async () => {
    const agent = await admin();
    const before = {
      classes: await countRows('class_specs'),
      items: await countRows('spec_items'),
      keys: await countRows('competency_keys'),
    };
    const res = await pasteSpec(agent, readSpec('it-engineer.txt').replace('IT ENGINEER', 'IT ENGINEER CANCELLED'));
    const cancelled = await pressOnPreview(agent, res.headers.location, 'cancel');
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.location).toBe('/admin/class-specs');
    expect({
      classes: await countRows('class_specs'),
      items: await countRows('spec_items'),
      keys: await countRows('competency_keys'),
    }).toEqual(before);
    expect(
      await ctx
        .db('pending_imports')
        .where({ id: Number(res.headers.location.split('/').pop()) })
        .first(),
    ).toBeUndefined();
  });

  it('rejects a recipe with 422, keeps the pasted text and says what is missing; nothing is stored', async () => {
    const agent = await admin();
    const before = await countRows('pending_imports');
    const recipe = 'Pancakes\n\nIngredients:\n- 2 cups flour\n- 2 eggs\n\nMix & fry <gently>.';
    const res = await pasteSpec(agent, recipe);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/Not a class specification: no CLASS TITLE/);
    expect(res.text).toContain('id="text-error"');
    expect(res.text).toContain('Mix &amp; fry &lt;gently&gt;.');
    expect(await countRows('pending_imports')).toBe(before);
  });

  it('answers 422 with a message when neither a file nor text is sent', async () => {
    const agent = await admin();
    const res = await pasteSpec(agent, '   ');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Choose a file or paste the text');
  });

  it('refuses PNG bytes named .pdf with 400 and a clear message', async () => {
    const agent = await admin();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    const res = await uploadSpec(agent, png, 'spec.pdf');
    expect(res.status).toBe(400);
    expect(res.text).toContain('spec.pdf is not a PDF: its content is a PNG image');
  });

  it('refuses an upload over 5 MB with the 413 page', async () => {
    const agent = await admin();
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 'a');
    const res = await uploadSpec(agent, big, 'big.txt');
    expect(res.status).toBe(413);
    expect(res.text).toContain('File or form too large');
  });

  it('shows a preview only to the admin who made it (another admin gets 404 and cannot confirm)', async () => {
    const owner = await admin();
    const other = await admin();
    const res = await pasteSpec(owner, readSpec('it-engineer.txt'));
    expect((await other.get(res.headers.location)).status).toBe(404);
    const token = await other.csrf('/admin/class-specs/import');
    expect((await other.post(`${res.headers.location}/confirm`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await owner.get(res.headers.location)).status).toBe(200);
  });

  it('lists the imported classes in the catalogue with items per category', async () => {
    const agent = await admin();
    const page = await agent.get('/admin/class-specs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Import class specification');
    expect(page.text).toMatch(
      /IT ENGINEER<\/a><\/th>\s*<td>06A3<\/td>\s*<td>Information Technology<\/td>\s*<td class="num">15<\/td><td class="num">10<\/td><td class="num">8<\/td><td class="num">4<\/td>/,
    );
  });
});
