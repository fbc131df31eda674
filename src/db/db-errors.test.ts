import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import knex, { type Knex } from 'knex';
import { isForeignKeyViolation, isUniqueViolation } from './db-errors';

// The real driver's errors (SQLite here; the PostgreSQL codes are the documented 23505/23503).
describe('database errors', () => {
  let db: Knex;
  beforeAll(async () => {
    db = knex({
      client: 'sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
      pool: { afterCreate: (c: { run: (s: string, cb: () => void) => void }, done: () => void) => c.run('PRAGMA foreign_keys = ON', done) },
    });
    await db.schema.createTable('parent', (t) => {
      t.increments('id');
      t.string('name').unique();
    });
    await db.schema.createTable('child', (t) => {
      t.increments('id');
      t.integer('parent_id').references('parent.id');
    });
  });
  afterAll(() => db.destroy());

  it('recognises a unique violation and nothing else as one', async () => {
    await db('parent').insert({ name: 'a' });
    const err = await db('parent')
      .insert({ name: 'a' })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isForeignKeyViolation(err)).toBe(false);
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation(new Error('boom'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it('recognises a foreign-key violation', async () => {
    const err = await db('child')
      .insert({ parent_id: 999 })
      .catch((e: unknown) => e);
    expect(isForeignKeyViolation(err)).toBe(true);
    expect(isUniqueViolation(err)).toBe(false);
    expect(isForeignKeyViolation({ code: '23503' })).toBe(true);
  });
});
