import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { buildNeedsFixture, type NeedsFixture } from './needs-fixture';
import { aggregateNeeds } from '../../src/results/results.service';

const ctx = setupTestContext();
let fx: NeedsFixture;
let trainingEmail: string;

beforeAll(async () => {
  fx = await buildNeedsFixture(ctx.db);
  trainingEmail = (await createUser(ctx.db, { roles: ['training'], department: 'HR' })).email;
});

/** The cells of the table row whose header cell starts with the label (tags stripped). */
function pageRow(html: string, label: string): string[] | undefined {
  const rows = html.split('<tr>').slice(1);
  const row = rows.find((r) => r.includes(`<th scope="row">${label} `));
  if (!row) return undefined;
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
}

function binary(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

async function xlsxRows(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

async function allViews(query: string, label: string) {
  const agent = await signIn(ctx.app, trainingEmail);
  const page = await agent.get(`/training/needs?${query}`);
  const csv = await agent.get(`/training/needs.csv?${query}`);
  const xlsx = await agent
    .get(`/training/needs.xlsx?${query}`)
    .buffer(true)
    .parse(binary as never);
  const csvRows: string[][] = parse(csv.text.replace(/^\uFEFF/, ''), { relax_column_count: true });
  const csvRow = csvRows.find((r) => r[0] === label);
  const xlsxRow = (await xlsxRows(xlsx.body as Buffer)).find((r) => r[0] === label);
  return { page, pageRow: pageRow(page.text, label), csv, csvRow, xlsx, xlsxRow };
}

describe('training needs figures', () => {
  it('counts each person once on their latest submitted or reviewed assessment, supervisor level over self, across classes', async () => {
    const v = await allViews('', fx.labels.k1);
    expect(v.page.status).toBe(200);
    // 5 of 10 with a gap, all 5 of them on an entry-required item: "0 with a gap elsewhere" is a
    // figure about those 5, so the entry count is hidden.
    expect(v.pageRow?.slice(0, 5)).toEqual(['10', '5', '50.0%', '0.9', 'fewer than 5']);
    expect(v.pageRow?.[5]).toBe('No program');
    expect(v.csvRow?.slice(2, 7)).toEqual(['10', '5', '50', '0.9', 'fewer than 5']);
    expect(v.xlsxRow?.slice(2, 7)).toEqual([10, 5, 50, 0.9, 'fewer than 5']);
  });

  it('filters by class: class A alone gives the hand-computed figures and the draft never counts', async () => {
    const base = { department: null, from: null, toExclusive: null, employeeIds: null };
    const k1 = (await aggregateNeeds(ctx.db, { ...base, classSpecId: fx.a.classSpecId })).find((r) => r.label === fx.labels.k1);
    expect(k1).toMatchObject({ assessed: 6, withGap: 5, meanGap: 1.5, entryGaps: 5 });
    // On the page the K1 row of class A is withheld: all classes (10 people) minus class A (6)
    // would give away the 4 people of class B on K1 (differencing rule).
    const v = await allViews(`class=${fx.a.classSpecId}`, fx.labels.k1);
    expect(v.pageRow?.[0]).toContain('suppressed');
    expect(v.pageRow?.join(' ').replace(/fewer than 5/g, '')).not.toMatch(/\d/);
    expect(v.csvRow?.slice(2, 7)).toEqual(Array(5).fill('suppressed'));
    // K2 is only in class A: nothing to subtract, so its figures stand.
    const k2 = await allViews(`class=${fx.a.classSpecId}`, fx.labels.k2);
    expect(k2.pageRow?.[0]).toBe('6');
  });

  it('hides a gap count of 1–4 with its share and mean, and a zero, but shows the people assessed', async () => {
    const v = await allViews(`class=${fx.a.classSpecId}`, fx.labels.k2);
    expect(v.pageRow?.slice(0, 5)).toEqual(['6', 'fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5']);
    expect(v.csvRow?.slice(2, 7)).toEqual(['6', 'fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5']);
    expect(v.xlsxRow?.slice(2, 7)).toEqual([6, 'fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5']);
    const k3 = await allViews(`class=${fx.a.classSpecId}`, fx.labels.k3);
    expect(k3.pageRow?.slice(1, 4)).toEqual(['fewer than 5', 'fewer than 5', 'fewer than 5']);
  });

  const fourPeople: [string, () => string, () => string][] = [
    ['no filter', () => '', () => fx.labels.k5],
    ['a class filter', () => `class=${fx.b.classSpecId}`, () => fx.labels.k1],
    ['a period filter', () => 'period=2026-Q1', () => fx.labels.k5],
  ];
  it.each(fourPeople)('never shows a number for a group under 5 with %s, in the page, CSV and XLSX', async (_name, query, label) => {
    const v = await allViews(query(), label());
    expect(v.page.status).toBe(200);
    expect(v.pageRow, 'row on the page').toBeDefined();
    expect(v.pageRow!.slice(0, 5)).toEqual(Array(5).fill('fewer than 5'));
    expect(v.csvRow!.slice(2, 7)).toEqual(Array(5).fill('fewer than 5'));
    expect(v.xlsxRow!.slice(2, 7)).toEqual(Array(5).fill('fewer than 5'));
    for (const cell of [...v.pageRow!.slice(0, 5), ...v.csvRow!.slice(2, 7)]) expect(cell.replace('fewer than 5', '')).not.toMatch(/\d/);
  });

  it('refuses a department of fewer than 5 people (Ops has 4 assessed), on the page and in both downloads', async () => {
    const agent = await signIn(ctx.app, trainingEmail);
    const page = await agent.get('/training/needs?department=Ops');
    expect(page.status).toBe(422);
    expect(page.text).toContain('That department is not offered');
    expect(page.text).not.toContain(`<th scope="row">${fx.labels.k1} `);
    expect((await agent.get('/training/needs.csv?department=Ops')).status).toBe(422);
    expect((await agent.get('/training/needs.xlsx?department=Ops')).status).toBe(422);
  });

  it('sorts suppressed cells last in both directions, and marks the sorted column with aria-sort', async () => {
    const agent = await signIn(ctx.app, trainingEmail);
    for (const dir of ['asc', 'desc']) {
      const res = await agent.get(`/training/needs?class=${fx.a.classSpecId}&sort=withGap&dir=${dir}`);
      const order = [fx.labels.k1, fx.labels.k2, fx.labels.k3].map((l) => res.text.indexOf(`<th scope="row">${l} `));
      expect(order[0]).toBeLessThan(order[1]);
      expect(order[1]).toBeLessThan(order[2]); // K2 before K3 by name, not by their hidden counts
      expect(res.text).toContain(`aria-sort="${dir === 'asc' ? 'ascending' : 'descending'}"`);
    }
  });

  it("counts each person's latest assessment within the period, even when they were assessed again later", async () => {
    // p1: reviewed in January (every level 0), submitted again in March.
    const base = { classSpecId: fx.a.classSpecId, department: null, employeeIds: null };
    const january = await aggregateNeeds(ctx.db, { ...base, from: '2026-01-01T00:00:00.000Z', toExclusive: '2026-02-01T00:00:00.000Z' });
    expect(january.find((r) => r.label === fx.labels.k1)).toMatchObject({ assessed: 1, withGap: 1, meanGap: 3, entryGaps: 1 });
    const march = await aggregateNeeds(ctx.db, { ...base, from: '2026-03-01T00:00:00.000Z', toExclusive: '2026-04-01T00:00:00.000Z' });
    expect(march.find((r) => r.label === fx.labels.k1)).toMatchObject({ assessed: 1, withGap: 0 });
    // Both in the period: the March assessment is the one that counts for p1.
    const both = await aggregateNeeds(ctx.db, { ...base, from: '2026-01-01T00:00:00.000Z', toExclusive: '2026-04-01T00:00:00.000Z' });
    const latest = await aggregateNeeds(ctx.db, { ...base, from: null, toExclusive: null });
    expect(both.find((r) => r.label === fx.labels.k1)).toEqual(latest.find((r) => r.label === fx.labels.k1));
    const agent = await signIn(ctx.app, trainingEmail);
    const page = await agent.get(`/training/needs?class=${fx.a.classSpecId}&period=2026-Q1`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<th scope="row">${fx.labels.k1} `);
  });

  it('refuses free dates and periods not offered with 422 and a message (periods are quarters from a list)', async () => {
    const agent = await signIn(ctx.app, trainingEmail);
    const res = await agent.get('/training/needs?from=2026-02-01&to=2026-02-28');
    expect(res.status).toBe(422);
    expect(res.text).toContain('free dates are not accepted');
    expect(res.text).toContain('<option value="2026-Q1">');
    expect((await agent.get('/training/needs.csv?from=2026-02-01')).status).toBe(422);
    const unknown = await agent.get('/training/needs?period=2026-Q9');
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('Choose a reporting period from the list');
    const notOffered = await agent.get('/training/needs?period=2019-Q1');
    expect(notOffered.status).toBe(422);
    expect((await agent.get('/training/needs?period=2026-Q1')).status).toBe(200);
  });

  it('limits a supervisor to their own reporting subtree, with the same suppression', async () => {
    const agent = await signIn(ctx.app, fx.sup.email);
    const res = await agent.get(`/training/needs?class=${fx.a.classSpecId}`);
    expect(res.status).toBe(200);
    // p1–p5 are below sup (p4, p5 through p3); p6 is not. Of them p2–p5 have a K1 gap: 4 → hidden.
    expect(pageRow(res.text, fx.labels.k1)?.slice(0, 5)).toEqual(['5', 'fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5']);
    expect(pageRow(res.text, fx.labels.k5)).toBeUndefined();
    const mid = await signIn(ctx.app, fx.p3.email);
    const sub = await mid.get(`/training/needs?class=${fx.a.classSpecId}`);
    expect(pageRow(sub.text, fx.labels.k1)?.[0]).toBe('fewer than 5');
  });

  it('answers 404 to an employee on training needs, its downloads and effectiveness', async () => {
    const agent = await signIn(ctx.app, fx.p1.email);
    for (const path of ['/training/needs', '/training/needs.csv', '/training/needs.xlsx', '/training/effectiveness']) {
      expect((await agent.get(path)).status, path).toBe(404);
    }
    const sup = await signIn(ctx.app, fx.sup.email);
    expect((await sup.get('/training/effectiveness')).status).toBe(404);
  });

  it('gives training staff 404 on an individual gap report', async () => {
    const row = await ctx.db('assessments').where({ employee_id: fx.p1.id }).first('id');
    const agent = await signIn(ctx.app, trainingEmail);
    expect((await agent.get(`/assessments/${row.id}/report`)).status).toBe(404);
  });

  it('lists linked active programs and highlights "No program"', async () => {
    const [p] = await ctx
      .db('training_programs')
      .insert({
        title: 'Alpha Workshop',
        format: 'course',
        hours: 8,
        active: true,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning('id');
    const pid = typeof p === 'object' ? p.id : p;
    await ctx.db('program_competencies').insert({ program_id: pid, competency_key_id: fx.a.items[0].keyId });
    const agent = await signIn(ctx.app, trainingEmail);
    const res = await agent.get('/training/needs');
    expect(pageRow(res.text, fx.labels.k1)?.[5]).toBe('Alpha Workshop');
    expect(pageRow(res.text, fx.labels.k2)?.[5]).toBe('No program');
    const csv = await agent.get('/training/needs.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('Alpha Workshop');
  });
});
