import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { testConfig } from '../../src/config';
import { createDb } from '../../src/db/db';
import { listRoutes } from '../../src/web/route-list';

import { createAssessment, createClassSpec, type CreatedClass, createUser } from '../helpers/factories';
import { Client, startAppOn, type AppProcess } from './app-process';

// 50 people save ratings at once for 20 seconds against the real server on a SQLite file.
// Every acknowledged write must be in the database afterwards; nobody sees a 500 or SQLITE_BUSY.
// Uses the self-rating autosave route when the app has it, else the supervisor review save.

const PEOPLE = 50;
const SECONDS = Number(process.env.RELIABILITY_SECONDS ?? 20);
const AUTOSAVE = 'POST /assessments/:id/ratings/:itemId';

function hasAutosave(): boolean {
  const db = createDb('sqlite::memory:');
  const app = createApp({ db, config: testConfig() });
  const found = listRoutes(app).some((r) => `${r.method} ${r.path}` === AUTOSAVE);
  void db.destroy();
  return found;
}

interface Person {
  email: string;
  assessmentId: number;
}
const autosave = hasAutosave();
let app: AppProcess;
let cls: CreatedClass;
const people: Person[] = [];
const race = { assessmentId: 0, supA: '', supB: '' };

beforeAll(async () => {
  app = await startAppOn(async (db: Knex) => {
    cls = await createClassSpec(db, {
      items: Array.from({ length: 6 }, (_, i) => ({ category: 'skill' as const, name: `SKILL ${i + 1}`, requiredLevel: 3 })),
    });
    for (let i = 0; i < PEOPLE; i += 1) {
      if (autosave) {
        const me = await createUser(db);
        people.push({ email: me.email, assessmentId: await createAssessment(db, { employeeId: me.id, cls, status: 'draft' }) });
      } else {
        const sup = await createUser(db, { roles: ['employee', 'supervisor'] });
        const emp = await createUser(db, { supervisorId: sup.id });
        people.push({
          email: sup.email,
          assessmentId: await createAssessment(db, { employeeId: emp.id, cls, status: 'submitted', self: cls.items.map(() => 2) }),
        });
      }
    }
    const director = await createUser(db, { roles: ['employee', 'supervisor'] });
    const manager = await createUser(db, { roles: ['employee', 'supervisor'], supervisorId: director.id });
    const emp = await createUser(db, { supervisorId: manager.id });
    race.assessmentId = await createAssessment(db, { employeeId: emp.id, cls, status: 'submitted', self: cls.items.map(() => 3) });
    race.supA = manager.email;
    race.supB = director.email;
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  app?.cleanup();
});

describe(`concurrency on SQLite (${autosave ? 'autosave' : 'review save'} route)`, () => {
  it(
    `keeps every acknowledged write of ${PEOPLE} people saving for ${SECONDS}s, with no 500 and no SQLITE_BUSY`,
    async () => {
      const clients = await Promise.all(
        people.map(async (p) => {
          const c = new Client(app.baseUrl);
          await c.signIn(p.email);
          await c.page(autosave ? `/assessments/${p.assessmentId}` : `/reviews/${p.assessmentId}`);
          return c;
        }),
      );
      const acknowledged = new Map<number, Map<number, number>>(); // assessment → item → level
      const failures: string[] = [];
      let writes = 0;
      const until = Date.now() + SECONDS * 1000;
      await Promise.all(
        people.map(async (p, i) => {
          const c = clients[i];
          const state = new Map<number, number>();
          acknowledged.set(p.assessmentId, state);
          while (Date.now() < until && failures.length < 20) {
            const item = cls.items[Math.floor(Math.random() * cls.items.length)].id;
            const level = Math.floor(Math.random() * 6);
            let res: Response;
            if (autosave) {
              res = await c.request('POST', `/assessments/${p.assessmentId}/ratings/${item}`, { json: { level } });
            } else {
              const form: Record<string, string> = { _csrf: c.token, action: 'save' };
              const next = new Map(state).set(item, level);
              for (const it of cls.items) form[`sup_${it.id}`] = next.has(it.id) ? String(next.get(it.id)) : '';
              res = await c.request('POST', `/reviews/${p.assessmentId}`, { form });
            }
            const body = await res.text();
            const ok = autosave ? res.status === 200 : res.status === 303;
            if (!ok) failures.push(`${p.email} item ${item}: ${res.status} ${body.slice(0, 200)}`);
            else {
              state.set(item, level);
              writes += 1;
            }
          }
        }),
      );
      expect(failures, failures.join('\n')).toEqual([]);
      expect(writes).toBeGreaterThan(PEOPLE);
      expect(app.output()).not.toMatch(/SQLITE_BUSY|database is locked/);

      const db = app.openDb();
      try {
        const column = autosave ? 'self_level' : 'supervisor_level';
        const lost: string[] = [];
        for (const [assessmentId, state] of acknowledged) {
          const rows = await db('ratings').where({ assessment_id: assessmentId }).select('item_id', column);
          const stored = new Map(rows.map((r: Record<string, number>) => [Number(r.item_id), r[column]]));
          for (const [item, level] of state)
            if (stored.get(item) !== level)
              lost.push(`assessment ${assessmentId} item ${item}: acknowledged ${level}, stored ${stored.get(item)}`);
        }
        expect(lost, lost.join('\n')).toEqual([]);
      } finally {
        await db.destroy();
      }
    },
    (SECONDS + 120) * 1000,
  );

  it('lets one of two supervisors finalising the same review at once through (303) and answers the other 409', async () => {
    const a = new Client(app.baseUrl);
    const b = new Client(app.baseUrl);
    await a.signIn(race.supA);
    await b.signIn(race.supB);
    const page = await a.page(`/reviews/${race.assessmentId}`);
    await b.page(`/reviews/${race.assessmentId}`);
    const lock = page.match(/name="lock_version" value="(\d+)"/)?.[1] ?? '0';
    const form = (c: Client) => {
      const f: Record<string, string> = { _csrf: c.token, action: 'finalise', lock_version: lock };
      for (const it of cls.items) f[`sup_${it.id}`] = '3';
      return f;
    };
    const [ra, rb] = await Promise.all([
      a.request('POST', `/reviews/${race.assessmentId}`, { form: form(a) }),
      b.request('POST', `/reviews/${race.assessmentId}`, { form: form(b) }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([303, 409]);
    const db = app.openDb();
    try {
      const row = await db('assessments').where({ id: race.assessmentId }).first();
      expect(row.status).toBe('reviewed');
      expect(await db('audit_log').where({ action: 'review.finalised', entity_id: race.assessmentId }).count({ n: '*' })).toEqual([
        { n: 1 },
      ]);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
