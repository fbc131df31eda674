/**
 * Org import at scale: generates a 30,000-row CSV (reports often listed before their supervisor),
 * runs preview + confirm through the service layer against a fresh SQLite database, then
 * re-imports the same file (must change nothing) and a file with 1,000 changed departments.
 *
 *   npx tsx bench/org-import-bench.ts [rows]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/db';
import { migrateLatest } from '../src/db/migrations';
import { hashPassword } from '../src/auth/passwords';
import { insertUser } from '../src/users/users.repository';
import { confirmOrgImport, previewOrgImport } from '../src/users/org-import.service';
import { UploadParser } from '../src/uploads/isolated-parse';

const ROWS = Number(process.argv[2] ?? 30_000);
const BRANCHING = 8;

function generateCsv(rows: number, changedDept = 0): string {
  const lines = ['employee_id,email,display_name,department,job_title,supervisor_email,roles'];
  const order = Array.from({ length: rows }, (_, i) => i);
  // Deterministic shuffle so many people appear before their supervisor.
  let seed = 42;
  for (let i = order.length - 1; i > 0; i--) {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (const i of order) {
    const sup = i === 0 ? '' : `person${Math.floor((i - 1) / BRANCHING)}@bench.example.gov`;
    const isManager = i * BRANCHING + 1 < rows;
    const dept = i < changedDept ? 'Reorganised' : `Department ${i % 40}`;
    const roles = [isManager ? 'supervisor' : '', i % 500 === 0 ? 'training' : ''].filter(Boolean).join(';');
    lines.push(
      `E${String(i).padStart(6, '0')},person${i}@bench.example.gov,Person ${i},${dept},${isManager ? 'Manager' : 'Officer'},${sup},${roles}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t = process.hrtime.bigint();
  const out = await fn();
  console.log(`${label.padEnd(46)} ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0).padStart(7)} ms`);
  return out;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-import-bench-'));
  const db = createDb(`sqlite:${path.join(dir, 'bench.db')}`);
  const uploads = new UploadParser();
  try {
    await migrateLatest(db);
    const adminId = await insertUser(db, {
      email: 'admin@bench.example.gov',
      displayName: 'Bench Admin',
      passwordHash: await hashPassword('bench-password-1', 10),
      roles: ['admin'],
    });
    const actor = { id: adminId, ip: '127.0.0.1' };
    const csv = generateCsv(ROWS);
    const file = { buffer: Buffer.from(csv), originalname: 'bench.csv' };
    console.log(
      `org import bench: ${ROWS} rows, ${(file.buffer.length / 1024 / 1024).toFixed(2)} MB CSV, node ${process.version}, ${os.cpus().length} CPUs`,
    );

    const total = process.hrtime.bigint();
    const first = await timed('1st import: upload + preview', () => previewOrgImport(db, actor, file, uploads));
    console.log('   preview', first.summary);
    const applied = await timed('1st import: confirm (hash + one transaction)', () => confirmOrgImport(db, actor, first.id));
    console.log('   applied', applied);
    console.log(`${'1st import total'.padEnd(46)} ${(Number(process.hrtime.bigint() - total) / 1e6).toFixed(0).padStart(7)} ms`);

    const again = await timed('re-import same file: preview', () => previewOrgImport(db, actor, file, uploads));
    const appliedAgain = await timed('re-import same file: confirm', () => confirmOrgImport(db, actor, again.id));
    console.log('   applied', appliedAgain);

    const changed = { buffer: Buffer.from(generateCsv(ROWS, 1000)), originalname: 'bench-changed.csv' };
    const third = await timed('1,000 changed departments: preview', () => previewOrgImport(db, actor, changed, uploads));
    const appliedThird = await timed('1,000 changed departments: confirm', () => confirmOrgImport(db, actor, third.id));
    console.log('   applied', appliedThird);

    const supervised = await db('users').whereNotNull('supervisor_id').count<{ n: number }[]>({ n: 'id' }).first();
    console.log(`people with a supervisor: ${supervised?.n}; peak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    await uploads.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
