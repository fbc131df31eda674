import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/db';
import { migrateLatest, rollbackAll } from '../../src/db/migrations';

describe('migrations', () => {
  it('run up, down and up again cleanly on a fresh database', async () => {
    const file = path.resolve(__dirname, `../../.tmp/migrate-${process.pid}.db`);
    fs.rmSync(file, { force: true });
    const db = createDb(`sqlite:${file}`);
    try {
      await migrateLatest(db);
      for (const t of [
        'users',
        'user_roles',
        'sessions',
        'class_specs',
        'class_spec_versions',
        'spec_items',
        'competency_keys',
        'assessments',
        'ratings',
        'plan_actions',
        'training_programs',
        'program_competencies',
        'audit_log',
        'assessment_results',
        'sso_sign_ins',
        'settings',
        'cycles',
        'cycle_members',
      ]) {
        expect(await db.schema.hasTable(t), t).toBe(true);
      }
      await rollbackAll(db);
      expect(await db.schema.hasTable('users')).toBe(false);
      expect(await db.schema.hasTable('audit_log')).toBe(false);
      await migrateLatest(db);
      expect(await db.schema.hasTable('ratings')).toBe(true);
    } finally {
      await db.destroy();
      for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
    }
  });

  it('keeps the audit log append-only', async () => {
    const file = path.resolve(__dirname, `../../.tmp/audit-${process.pid}.db`);
    fs.rmSync(file, { force: true });
    const db = createDb(`sqlite:${file}`);
    try {
      await migrateLatest(db);
      await db('audit_log').insert({ action: 'test', at: new Date().toISOString() });
      await expect(db('audit_log').update({ action: 'changed' })).rejects.toThrow(/append-only/);
      await expect(db('audit_log').del()).rejects.toThrow(/append-only/);
      expect(await db('audit_log').pluck('action')).toEqual(['test']);
    } finally {
      await db.destroy();
      for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
    }
  });
});
