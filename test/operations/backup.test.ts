import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/db';
import { backupSqlite, BackupError } from '../../src/db/backup';
import { pgDumpCommand } from '../../src/cli/backup';
import { nowIso } from '../../src/db/time';
import { PG_URL } from '../helpers/test-db';
import { setupTestContext } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';

const ctx = setupTestContext();
const copies: string[] = [];
afterAll(() => {
  for (const f of copies) for (const s of ['', '-wal', '-shm']) fs.rmSync(f + s, { force: true });
});

function copyPath(name: string): string {
  const file = path.resolve(__dirname, `../../.tmp/backup-${process.pid}-${Date.now()}-${name}.db`);
  copies.push(file);
  return file;
}

describe.skipIf(PG_URL)('SQLite backup (VACUUM INTO)', () => {
  it('makes a consistent copy while another connection keeps writing', async () => {
    const person = await createUser(ctx.db);
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill' }, { category: 'knowledge', requiredLevel: 4 }] });
    await createAssessment(ctx.db, { employeeId: person.id, cls, status: 'submitted', self: [3, 2] });
    // A second connection writes a person and their role in one transaction, over and over.
    const writer = createDb(`sqlite:${ctx.file}`);
    let stop = false;
    let written = 0;
    const writing = (async () => {
      while (!stop) {
        written += 1;
        const n = written;
        await writer.transaction(async (trx) => {
          const [row] = await trx('users')
            .insert({ email: `writer${n}@example.gov`, display_name: `Writer ${n}`, created_at: nowIso(), updated_at: nowIso() })
            .returning('id');
          await trx('user_roles').insert({ user_id: typeof row === 'object' ? row.id : row, role: 'training' });
        });
      }
    })();
    try {
      while (written < 20) await new Promise((r) => setTimeout(r, 5));
      const before = written;
      const file = copyPath('live');
      await backupSqlite(ctx.db, file);
      const after = written;
      stop = true;
      await writing;

      const copy = createDb(`sqlite:${file}`);
      try {
        const check = await copy.raw('PRAGMA integrity_check');
        expect(check[0].integrity_check).toBe('ok');
        const users = Number((await copy('users').where('email', 'like', 'writer%').count({ n: '*' }).first())!.n);
        const roles = Number((await copy('user_roles').where({ role: 'training' }).count({ n: '*' }).first())!.n);
        // The copy is the database at one instant: a prefix of the writes, never half a transaction.
        expect(users).toBeGreaterThanOrEqual(before - 1);
        expect(users).toBeLessThanOrEqual(after);
        expect(roles).toBe(users);
        const emails = await copy('users').where('email', 'like', 'writer%').orderBy('id').pluck('email');
        expect(emails).toEqual(Array.from({ length: users }, (_, i) => `writer${i + 1}@example.gov`));
        // Every other table matches the source row for row (nothing else was written meanwhile).
        for (const table of ['class_specs', 'spec_items', 'assessments', 'ratings', 'assessment_results']) {
          const a = Number((await ctx.db(table).count({ n: '*' }).first())!.n);
          const b = Number((await copy(table).count({ n: '*' }).first())!.n);
          expect([table, b]).toEqual([table, a]);
          expect(b).toBeGreaterThan(0);
        }
      } finally {
        await copy.destroy();
      }
    } finally {
      stop = true;
      await writing;
      await writer.destroy();
    }
  });

  it('refuses to overwrite an existing file', async () => {
    const file = copyPath('exists');
    fs.writeFileSync(file, 'precious');
    await expect(backupSqlite(ctx.db, file)).rejects.toBeInstanceOf(BackupError);
    expect(fs.readFileSync(file, 'utf8')).toBe('precious');
  });
});

describe('PostgreSQL backup command', () => {
  it('names host, port, user and database but never the password', () => {
    const cmd = pgDumpCommand('postgres://app:s3cret%21@db.internal:5433/competency', 'backup.dump');
    expect(cmd).toBe('pg_dump --format=custom --no-owner --file=backup.dump --host=db.internal --port=5433 --username=app competency');
    expect(cmd).not.toContain('s3cret');
  });

  it('quotes file names with spaces', () => {
    expect(pgDumpCommand('postgresql://localhost/app', 'my backup.dump')).toContain("--file='my backup.dump'");
  });
});
