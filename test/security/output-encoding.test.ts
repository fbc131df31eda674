import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/audit/audit.service';
import { listRoutes } from '../../src/web/route-list';
import { setupTestContext } from '../helpers/context';
import { TABLE } from './access-table';
import { ACTORS, agentsFor, buildWorld, fill, type Actor, type SignedAgent, type World } from './world';

// A hostile payload stored in every free-text field comes back escaped on every page and is
// neutralised in every export (CSV formula cells start with ', XLSX cells are never formulas).

const PAYLOAD = `=HYPERLINK("http://x","y") <script>alert(1)</script> "><img src=x onerror=alert(1)> {{7*7}}`;
const RAW = ['<script>alert(1)', '<img src=x onerror', '"><img'];

const ctx = setupTestContext();
let w: World;
let agents: Record<Actor, SignedAgent>;

beforeAll(async () => {
  w = await buildWorld(ctx.db);
  const u = w.users;
  for (const id of [u.owner.id, u.manager.id, u.peer.id, u.victim.id]) {
    await ctx
      .db('users')
      .where({ id })
      .update({ display_name: `${PAYLOAD} ${id}`, department: PAYLOAD, job_title: PAYLOAD });
  }
  for (const id of [w.submittedId, w.reviewedId, w.draftId]) {
    await ctx.db('ratings').where({ assessment_id: id }).update({ evidence: PAYLOAD, supervisor_comment: PAYLOAD });
  }
  await ctx.db('assessments').where({ id: w.draftId }).update({ return_comment: PAYLOAD, returned_at: new Date().toISOString() });
  await ctx.db('plan_actions').where({ id: w.planActionId }).update({ description: PAYLOAD });
  await ctx
    .db('training_programs')
    .where({ id: w.programId })
    .update({ title: PAYLOAD, description: PAYLOAD, provider: PAYLOAD, url: 'javascript:alert(1)' });
  await recordAudit(ctx.db, {
    actorId: u.admin.id,
    action: 'user.updated',
    entityType: 'user',
    entityId: u.owner.id,
    details: { displayName: PAYLOAD },
    ip: null,
  });
  agents = await agentsFor(ctx.app, w);
});

function htmlProblems(where: string, html: string): string[] {
  const out = RAW.filter((r) => html.includes(r)).map((r) => `${where}: raw ${r}`);
  if (/href="\s*javascript:/i.test(html)) out.push(`${where}: javascript: link`);
  return out;
}

function csvProblems(where: string, text: string): string[] {
  const rows: string[][] = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true });
  const out: string[] = [];
  for (const row of rows) for (const cell of row) if (/^[=+\-@\t\r]/.test(cell)) out.push(`${where}: formula cell ${cell.slice(0, 40)}`);
  return out;
}

async function xlsxProblems(where: string, body: Buffer): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const out: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) out.push(`${where}: formula cell ${cell.address}`);
        // A string cell starting with '=' is stored as text (a shared string), which Excel never evaluates.
        if (typeof cell.value === 'string' && cell.value.includes('HYPERLINK') && cell.type !== ExcelJS.ValueType.String)
          out.push(`${where}: payload cell ${cell.address} is not text`);
      }),
    ),
  );
  return out;
}

const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('output encoding', () => {
  it('escapes the payload on every page and neutralises it in every export', async () => {
    const problems: string[] = [];
    let shown = 0;
    for (const r of listRoutes(ctx.app).filter((x) => x.method === 'GET')) {
      for (const row of TABLE[`GET ${r.path}`] ?? []) {
        for (const actor of ACTORS.filter((a) => row.expect[a] === 200)) {
          const url = row.path ? row.path(w) : fill(r.path, w);
          const res = await agents[actor].get(url).buffer(true).parse(binary);
          const where = `GET ${url} as ${actor}`;
          if (res.status !== 200) {
            problems.push(`${where} → ${res.status}`);
            continue;
          }
          const type = String(res.headers['content-type']);
          const body = res.body as Buffer;
          const text = body.toString('utf8');
          if (/html|svg/.test(type)) {
            problems.push(...htmlProblems(where, text));
            if (text.includes('&lt;script&gt;alert(1)')) shown += 1;
          } else if (/csv/.test(type)) problems.push(...csvProblems(where, text));
          else if (/spreadsheetml/.test(type)) problems.push(...(await xlsxProblems(where, body)));
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    // The payload really was on the pages (escaped), so the checks above looked at it.
    expect(shown).toBeGreaterThan(10);
  }, 180_000);

  it('puts the payload as plain text in the PDF report', async () => {
    const { PDFParse } = await import('pdf-parse');
    const res = await agents.owner.get(`/assessments/${w.submittedId}/report.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const parser = new PDFParse({ data: new Uint8Array(res.body as Buffer) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    expect(text).toContain('HYPERLINK');
    expect(text).toContain('<script>alert(1)</script>');
  });

  it('escapes a class spec pasted with the payload in its item names on the import preview', async () => {
    const spec = fs.readFileSync(
      path.join(
        '/work/shared/class-specs',
        fs.readdirSync('/work/shared/class-specs').find((f) => f.endsWith('.txt'))!,
      ),
      'utf8',
    );
    const hostile = spec.replace(
      /ACTIVE LEARNING|CRITICAL THINKING|JUDG(E)?MENT AND DECISION MAKING/g,
      'ACTIVE <script>alert(1)</script> "><img src=x onerror=alert(1)> {{7*7}}',
    );
    const text = hostile.replace(/CLASS TITLE:?\s*\n?\s*([^\n]+)/, (m) => `${m} <script>alert(1)</script>`);
    const res = await agents.admin.post('/admin/class-specs/import').type('form').send({ text, _csrf: agents.admin.token });
    expect(res.status).toBe(303);
    const preview = await agents.admin.get(res.headers.location);
    expect(preview.status).toBe(200);
    expect(htmlProblems('preview', preview.text)).toEqual([]);
    expect(preview.text).toContain('&lt;script&gt;alert(1)');
  });
});
