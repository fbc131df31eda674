import crypto from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupTestContext, signIn, type Agent } from '../helpers/context';
import { createAssessment, createClassSpec, type CreatedClass, createUser } from '../helpers/factories';

// Issue 18.2: each answer honoured "never fewer than 5", but two answers together gave people
// away — `from=2026-10-27` (6 people, gap sum 12) minus `from=2026-10-28` (5 people, sum 11) is
// one named person's gap of 1; "all departments" minus one department was a group of 2. These
// tests run those attacks against the app and show that no pair of answers it gives differs by
// 1–4 people.

const ctx = setupTestContext();
let training: Agent;

beforeAll(async () => {
  const t = await createUser(ctx.db, { roles: ['training'], department: 'HR' });
  training = await signIn(ctx.app, t.email);
});

/** A one-item class (required level 3), so a person's gap is 3 minus their level. */
async function oneItemClass(): Promise<{ cls: CreatedClass; label: string }> {
  const label = `DIFF NEED ${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill', name: label, requiredLevel: 3 }] });
  return { cls, label };
}

/** People of a department, each assessed in the class at `at` with the given level (submitted, or reviewed at that level). */
async function assessed(
  cls: CreatedClass,
  department: string,
  people: { at: string; level: number }[],
  status: 'submitted' | 'reviewed' = 'submitted',
): Promise<void> {
  for (const p of people) {
    const e = await createUser(ctx.db, { department });
    await createAssessment(ctx.db, {
      employeeId: e.id,
      cls,
      status,
      self: [p.level],
      supervisor: status === 'reviewed' ? [p.level] : undefined,
      at: p.at,
    });
  }
}

const day = (d: string) => `${d}T10:00:00.000Z`;

/** The CSV row of a competency: [people assessed, with a gap, share, mean gap, entry gaps, note]; status when refused. */
async function csvRow(query: string, label: string): Promise<{ status: number; cells?: string[] }> {
  const res = await training.get(`/training/needs.csv?${query}`);
  if (res.status !== 200) return { status: res.status };
  const rows: string[][] = parse(res.text.replace(/^\uFEFF/, ''), { relax_column_count: true });
  const row = rows.find((r) => r[0] === label);
  return { status: 200, cells: row ? [...row.slice(2, 7), row[8]] : undefined };
}

function optionsOf(html: string, select: string): string[] {
  const m = new RegExp(`<select id="${select}"[\\s\\S]*?</select>`).exec(html);
  return [...(m?.[0] ?? '').matchAll(/<option value="([^"]*)"/g)].map((o) => o[1]);
}

describe('differencing attacks on training needs', () => {
  it('refuses the date slide: no free "from"/"to" date is answered, on the page or in the downloads', async () => {
    const { cls, label } = await oneItemClass();
    // Pat alone was finalised on 27 October (gap 1); five others on the following days (gaps 2, 2, 2, 2, 3).
    await assessed(cls, 'Slide', [{ at: day('2026-10-27'), level: 2 }]);
    await assessed(
      cls,
      'Slide',
      ['2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', '2026-11-02'].map((d, i) => ({ at: day(d), level: i === 4 ? 0 : 1 })),
    );
    for (const from of ['2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29']) {
      const q = `class=${cls.classSpecId}&from=${from}`;
      expect((await csvRow(q, label)).status, from).toBe(422);
      expect((await training.get(`/training/needs.xlsx?${q}`)).status, from).toBe(422);
      const page = await training.get(`/training/needs?${q}`);
      expect(page.status).toBe(422);
      expect(page.text).not.toContain(`<th scope="row">${label} `);
    }
    expect((await csvRow(`class=${cls.classSpecId}&to=2026-10-27`, label)).status).toBe(422);
    // The whole group (6 people) is still given, as a normal answer; all six have a gap, so that
    // "6 of 6" (and the 0 on entry-required items) is "fewer than 5", not "suppressed".
    expect((await csvRow(`class=${cls.classSpecId}`, label)).cells).toEqual(['6', ...Array(4).fill('fewer than 5'), '']);
  });

  it('withholds a quarter that differs from "all periods" by 1–4 people, so one person in another quarter cannot be subtracted out', async () => {
    const { cls, label } = await oneItemClass();
    // One person in the third quarter (gap 1), six in the fourth (gap 2 each).
    await assessed(cls, 'Quarter', [{ at: day('2026-09-30'), level: 2 }]);
    await assessed(
      cls,
      'Quarter',
      ['2026-10-02', '2026-10-09', '2026-10-16', '2026-10-23', '2026-10-30', '2026-11-06'].map((d) => ({ at: day(d), level: 1 })),
    );
    const page = await training.get(`/training/needs?class=${cls.classSpecId}`);
    const periods = optionsOf(page.text, 'period');
    expect(periods).toEqual(expect.arrayContaining(['all', '2026-Q4', '2026-Q3']));
    expect(periods.every((p) => p === 'all' || /^\d{4}-Q[1-4]$/.test(p))).toBe(true);

    const all = await csvRow(`class=${cls.classSpecId}`, label);
    // All seven have a gap: the 7 is given, "7 of 7" is not (0 without a gap).
    expect(all.cells?.slice(0, 4)).toEqual(['7', 'fewer than 5', 'fewer than 5', 'fewer than 5']);
    const q4 = await csvRow(`class=${cls.classSpecId}&period=2026-Q4`, label);
    expect(q4.cells).toEqual([
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
      expect.stringContaining('fewer than 5 people'),
    ]);
    const q3 = await csvRow(`class=${cls.classSpecId}&period=2026-Q3`, label);
    expect(q3.cells?.slice(0, 5)).toEqual(Array(5).fill('fewer than 5'));
    const q4Page = await training.get(`/training/needs?class=${cls.classSpecId}&period=2026-Q4`);
    expect(q4Page.status).toBe(200);
    expect(q4Page.text).toMatch(
      new RegExp(`<th scope="row">${label} [\\s\\S]*?<td colspan="5" class="suppressed"><strong>suppressed</strong>`),
    );
  });

  it('gives every offered quarter of a class only when it differs from "all periods" by 0 or at least 5 people', async () => {
    const { cls, label } = await oneItemClass();
    // Ten people in the third quarter, six in the fourth, two reassessed in the fourth with a new level.
    await assessed(
      cls,
      'Cycle',
      Array.from({ length: 10 }, (_, i) => ({ at: day(`2026-08-${String(i + 10)}`), level: i % 4 })),
      'reviewed',
    );
    await assessed(
      cls,
      'Cycle',
      Array.from({ length: 6 }, (_, i) => ({ at: day(`2026-11-${String(i + 10)}`), level: 3 - (i % 3) })),
    );
    const reassessed = await ctx.db('assessments').where({ class_spec_id: cls.classSpecId }).orderBy('id').limit(2).select('employee_id');
    for (const r of reassessed)
      await createAssessment(ctx.db, { employeeId: Number(r.employee_id), cls, status: 'submitted', self: [3], at: day('2026-12-01') });
    const page = await training.get(`/training/needs?class=${cls.classSpecId}`);
    const shown = new Map<string, number>();
    for (const period of optionsOf(page.text, 'period')) {
      const row = await csvRow(`class=${cls.classSpecId}&period=${period}`, label);
      expect(row.status).toBe(200);
      const n = Number(row.cells?.[0]);
      if (Number.isFinite(n)) shown.set(period, n);
    }
    // All periods: 16 people; Q3: 10 (the two reassessed count with their Q3 level); Q4: 8.
    expect(Object.fromEntries(shown)).toEqual({ all: 16, '2026-Q3': 10, '2026-Q4': 8 });
    for (const [period, n] of shown) if (period !== 'all') expect(Math.abs(shown.get('all')! - n), period).toBeGreaterThanOrEqual(5);
  });

  it('does not offer a department whose complement is 2 people, refuses it when typed, and keeps the whole group', async () => {
    const { cls, label } = await oneItemClass();
    await assessed(
      cls,
      'Ops',
      Array.from({ length: 10 }, (_, i) => ({ at: day('2026-10-05'), level: i % 4 })),
    );
    await assessed(cls, 'Field', [
      { at: day('2026-10-05'), level: 0 },
      { at: day('2026-10-06'), level: 3 },
    ]);
    const page = await training.get(`/training/needs?class=${cls.classSpecId}`);
    expect(page.status).toBe(200);
    expect(optionsOf(page.text, 'department')).toEqual(['']);
    for (const department of ['Ops', 'Field']) {
      const q = `class=${cls.classSpecId}&department=${department}`;
      expect((await csvRow(q, label)).status, department).toBe(422);
      expect((await training.get(`/training/needs.xlsx?${q}`)).status).toBe(422);
      const refused = await training.get(`/training/needs?${q}`);
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('That department is not offered');
    }
    expect((await csvRow(`class=${cls.classSpecId}`, label)).cells?.[0]).toBe('12');
  });

  it('withholds the smallest department when all departments minus the offered ones would leave 1–4 people', async () => {
    const { cls } = await oneItemClass();
    await assessed(
      cls,
      'Ops',
      Array.from({ length: 10 }, () => ({ at: day('2026-10-05'), level: 1 })),
    );
    await assessed(
      cls,
      'Field',
      Array.from({ length: 6 }, () => ({ at: day('2026-10-05'), level: 2 })),
    );
    await assessed(
      cls,
      'Tiny',
      Array.from({ length: 2 }, () => ({ at: day('2026-10-05'), level: 3 })),
    );
    const page = await training.get(`/training/needs?class=${cls.classSpecId}`);
    // Ops and Field each leave ≥ 5 outside, but all − Ops − Field would be Tiny's 2 people.
    expect(optionsOf(page.text, 'department')).toEqual(['', 'Ops']);
    expect((await training.get(`/training/needs?class=${cls.classSpecId}&department=Field`)).status).toBe(422);
  });

  it('still gives figures for departments and quarters of 5 or more that differ from the whole by 5 or more', async () => {
    const { cls, label } = await oneItemClass();
    // Each department and the whole have 5+ with a gap and 5+ without; nobody's item is entry-required,
    // so that 0 is "fewer than 5" everywhere.
    await assessed(
      cls,
      'North',
      Array.from({ length: 10 }, (_, i) => ({ at: day('2026-10-05'), level: i < 5 ? 1 : 3 })),
    );
    await assessed(
      cls,
      'South',
      Array.from({ length: 11 }, (_, i) => ({ at: day('2026-10-06'), level: i < 5 ? 2 : 3 })),
    );
    const page = await training.get(`/training/needs?class=${cls.classSpecId}`);
    expect(optionsOf(page.text, 'department')).toEqual(['', 'North', 'South']);
    expect((await csvRow(`class=${cls.classSpecId}`, label)).cells).toEqual(['21', '10', '47.6', '0.7', 'fewer than 5', '']);
    expect((await csvRow(`class=${cls.classSpecId}&department=North`, label)).cells).toEqual(['10', '5', '50', '1', 'fewer than 5', '']);
    expect((await csvRow(`class=${cls.classSpecId}&department=South`, label)).cells).toEqual([
      '11',
      '5',
      '45.5',
      '0.5',
      'fewer than 5',
      '',
    ]);
    const south = await training.get(`/training/needs?class=${cls.classSpecId}&department=South&period=2026-Q4`);
    expect(south.status).toBe(200);
    expect(south.text).toContain('Small groups and differencing');
    expect(south.text).toContain('>45.5%</td>');
    expect(south.text).not.toContain('<strong>suppressed</strong>');
  });

  it('withholds the gap figures of a department when the rest of the organisation has only 1–4 people with a gap', async () => {
    const { cls, label } = await oneItemClass();
    // East: 6 people, 3 with a gap (shown as "fewer than 5"). West: 12 people, 5 with a gap, 7 without.
    // All (8 with a gap) minus West (5) would be East's hidden 3, so West's gap figures go.
    await assessed(
      cls,
      'East',
      Array.from({ length: 6 }, (_, i) => ({ at: day('2026-10-05'), level: i < 3 ? 1 : 3 })),
    );
    await assessed(
      cls,
      'West',
      Array.from({ length: 12 }, (_, i) => ({ at: day('2026-10-06'), level: i < 5 ? 2 : 3 })),
    );
    const east = await csvRow(`class=${cls.classSpecId}&department=East`, label);
    expect(east.cells?.slice(0, 5)).toEqual(['6', 'fewer than 5', 'fewer than 5', 'fewer than 5', 'fewer than 5']);
    const west = await csvRow(`class=${cls.classSpecId}&department=West`, label);
    expect(west.cells?.slice(0, 5)).toEqual(['12', 'suppressed', 'suppressed', 'suppressed', 'fewer than 5']);
    expect(west.cells?.[5]).toContain('include fewer than 5 with a gap');
    const all = await csvRow(`class=${cls.classSpecId}`, label);
    expect(all.cells?.slice(0, 2)).toEqual(['18', '8']);
  });
});
