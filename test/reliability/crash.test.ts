import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/db';
import { migrateLatest } from '../../src/db/migrations';

import { createAssessment, createClassSpec, createUser } from '../helpers/factories';
import { ROOT } from './app-process';

// A process writing ratings is killed with SIGKILL mid-stream. After reopening, the database passes
// PRAGMA integrity_check and every write acknowledged before the kill is there.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-crash-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('crash safety', () => {
  it('keeps every acknowledged write and an intact database after SIGKILL', async () => {
    const file = path.join(dir, 'app.db');
    const db = createDb(`sqlite:${file}`);
    await migrateLatest(db);
    const user = await createUser(db);
    const cls = await createClassSpec(db, { items: Array.from({ length: 8 }, (_, i) => ({ category: 'skill' as const, name: `S${i}` })) });
    const assessmentId = await createAssessment(db, { employeeId: user.id, cls, self: cls.items.map(() => 0) });
    const ratingIds: number[] = await db('ratings').where({ assessment_id: assessmentId }).pluck('id');
    await db.destroy();

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'crash-writer.ts'), file, String(user.id), ratingIds.join(',')],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acked: { n: number; ratingId: number }[] = [];
    let errors = '';
    child.stderr.on('data', (d) => (errors += d));
    let buffer = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`writer too slow: ${acked.length} acks\n${errors}`)), 60_000);
      child.stdout.on('data', (d) => {
        buffer += d;
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) {
          const m = line.match(/^ack (\d+) (\d+)$/);
          if (m) acked.push({ n: Number(m[1]), ratingId: Number(m[2]) });
        }
        // Kill at a random point after a warm-up, while writes are streaming.
        if (acked.length >= 400 + Math.floor(Math.random() * 200) && child.exitCode === null && !child.killed) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        if (!child.killed) reject(new Error(`writer exited on its own:\n${errors}`));
      });
    });
    expect(await exited).toBe('SIGKILL');

    const again = createDb(`sqlite:${file}`);
    try {
      const check = await again.raw('PRAGMA integrity_check');
      expect(check).toEqual([{ integrity_check: 'ok' }]);
      const stored = new Set(
        (await again('audit_log').where({ action: 'rating.changed' }).pluck('details')).map((d: string) => Number(JSON.parse(d).n)),
      );
      const missing = acked.filter((a) => !stored.has(a.n)).map((a) => a.n);
      expect(missing, `acknowledged writes lost: ${missing.slice(0, 20).join(', ')}`).toEqual([]);
      // Each rating holds its last acknowledged write, or a later one that committed before the kill.
      const last = new Map<number, number>();
      for (const a of acked) last.set(a.ratingId, a.n);
      for (const [ratingId, n] of last) {
        const row = await again('ratings').where({ id: ratingId }).first('evidence');
        expect(Number(String(row.evidence).replace('write ', ''))).toBeGreaterThanOrEqual(n);
      }
    } finally {
      await again.destroy();
    }
  }, 120_000);
});
