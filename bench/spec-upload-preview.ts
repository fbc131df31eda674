// Time from pressing "Preview import" with a PDF to the preview page (issue 20.10): `npx tsx
// bench/spec-upload-preview.ts [--rounds 8] [--think-ms 1500]`. Each round starts from no parse
// child (as after 30 s without uploads), opens the upload form, waits `think-ms` (choosing the
// file), then posts the PDF and reads the preview. A: the form does not start a child (before
// issue 20.10); B: it does (UploadParser.warm). Rounds alternate A, B, A, B… so that load from
// other processes falls on both alike; the medians and their ratio are printed. Asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import request from 'supertest';
import { intFlag } from './lib/args';
import { createApp } from '../src/app';
import { testConfig } from '../src/config';
import { createDb } from '../src/db/db';
import { migrateLatest } from '../src/db/migrations';
import { hashPassword } from '../src/auth/passwords';
import { insertUser } from '../src/users/users.repository';
import { UploadParser } from '../src/uploads/isolated-parse';

const PASSWORD = 'Upload-Bench-Password-2026';

/** The parser as it was before the form started a child. */
class ColdParser extends UploadParser {
  override warm(): void {}
}

function pdfOf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 72 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(11).text(text.replace(/\uF0B7/g, '\u2022'));
    doc.end();
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const rounds = intFlag('rounds', 8);
  const thinkMs = intFlag('think-ms', 1500);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-upload-'));
  const db = createDb(`sqlite:${path.join(dir, 'app.db')}`);
  await migrateLatest(db);
  const email = 'hr.bench@example.gov';
  await insertUser(db, {
    email,
    displayName: 'HR Bench',
    passwordHash: await hashPassword(PASSWORD),
    roles: ['admin'],
    supervisorId: null,
  });
  const spec = fs.readFileSync(path.join(__dirname, '../seeds/class-specs/senior-security-engineer.txt'), 'utf8');
  const config = testConfig();
  const times: Record<'A' | 'B', { post: number[]; total: number[] }> = { A: { post: [], total: [] }, B: { post: [], total: [] } };

  for (let round = 0; round < rounds * 2; round++) {
    const variant = round % 2 === 0 ? 'A' : 'B';
    const uploads = variant === 'A' ? new ColdParser() : new UploadParser();
    const app = createApp({ db, readDb: db, config, uploads });
    const agent = request.agent(app);
    const login = await agent.get('/login');
    const loginToken = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1] ?? '';
    await agent.post('/login').type('form').send({ email, password: PASSWORD, _csrf: loginToken }).expect(303);
    // A different title each round: every preview is of a new class.
    const pdf = await pdfOf(spec.replace('SENIOR SECURITY ENGINEER', `SENIOR SECURITY ENGINEER R${round}`));
    const form = await agent.get('/admin/class-specs/import');
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    await sleep(thinkMs);
    const started = performance.now();
    const res = await agent.post('/admin/class-specs/import').field('_csrf', token).attach('file', pdf, 'spec.pdf');
    const posted = performance.now();
    if (res.status !== 303) throw new Error(`upload answered ${res.status}`);
    await agent.get(res.headers.location).expect(200);
    const done = performance.now();
    times[variant].post.push(posted - started);
    times[variant].total.push(done - started);
    console.log(
      `${variant} round ${Math.floor(round / 2) + 1}: upload ${(posted - started).toFixed(0)} ms, with preview page ${(done - started).toFixed(0)} ms`,
    );
    await uploads.close();
  }
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  const a = median(times.A.total);
  const b = median(times.B.total);
  console.log(
    `\n${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, think time ${thinkMs} ms`,
  );
  console.log(
    `median upload → preview: A (child started on upload) ${a.toFixed(0)} ms, B (child started with the form) ${b.toFixed(0)} ms`,
  );
  console.log(`median ratio B/A ${(b / a).toFixed(2)}`);
}

void main();
