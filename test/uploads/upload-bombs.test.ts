import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { setupTestContext, signIn } from '../helpers/context';
import { createUser } from '../helpers/factories';
import { docxBomb, orgCsvRows, pdfFlateBomb, pdfManyPages, xlsxBomb } from '../fixtures/upload-bombs';

// Issue 18.1: one upload must not take the service down. Each bomb is refused with 422 and the
// form's message naming the problem, nothing is stored, and the app answers meanwhile. (How fast
// and how much memory: `npm run bench:uploads`, not timed here.)

const ctx = setupTestContext();

async function admin() {
  const a = await createUser(ctx.db, { roles: ['admin'] });
  return signIn(ctx.app, a.email);
}
type AdminAgent = Awaited<ReturnType<typeof admin>>;

async function upload(agent: AdminAgent, path: string, buffer: Buffer, name: string) {
  const token = await agent.csrf(path);
  return agent.post(path).field('_csrf', token).attach('file', buffer, name);
}
const pendingCount = async () => Number((await ctx.db('pending_imports').count({ n: '*' }).first())?.n);
const unescape = (html: string) => html.replace(/&#34;|&quot;/g, '"').replace(/&#39;/g, "'");

describe('decompression bombs and oversized documents are refused before they are read', () => {
  it('refuses a .docx whose document.xml unpacks to 400 MB (class spec import), naming the part; nothing stored', async () => {
    const agent = await admin();
    const before = await pendingCount();
    const res = await upload(agent, '/admin/class-specs/import', docxBomb(400), 'bomb.docx');
    expect(res.status).toBe(422);
    expect(unescape(res.text)).toContain('bomb.docx was not read: its part word/document.xml would unpack to 400 MB');
    expect(res.text).toContain('<form'); // the import form again, with the message next to the file field
    expect(await pendingCount()).toBe(before);
  });

  it('refuses an .xlsx of 8 million identical rows (org import); nothing stored', async () => {
    const agent = await admin();
    const before = await pendingCount();
    const res = await upload(agent, '/admin/users/import', xlsxBomb(8_000_000), 'org.xlsx');
    expect(res.status).toBe(422);
    expect(unescape(res.text)).toMatch(/org\.xlsx was not read: its part xl\/worksheets\/sheet1\.xml would unpack to \d+ MB/);
    expect(await pendingCount()).toBe(before);
  });

  it('refuses a PDF whose content stream inflates to 1 GB; nothing stored', async () => {
    const agent = await admin();
    const before = await pendingCount();
    const res = await upload(agent, '/admin/class-specs/import', pdfFlateBomb(1024), 'bomb.pdf');
    expect(res.status).toBe(422);
    expect(unescape(res.text)).toContain('bomb.pdf was not read: its compressed content unpacks to more than 64 MB');
    expect(await pendingCount()).toBe(before);
  });

  it('refuses a PDF of 30,000 pages by its page count; nothing stored', async () => {
    const agent = await admin();
    const before = await pendingCount();
    const res = await upload(agent, '/admin/class-specs/import', pdfManyPages(30_000), 'pages.pdf');
    expect(res.status).toBe(422);
    expect(res.text).toContain('pages.pdf has 30000 pages; at most 200 are read.');
    expect(await pendingCount()).toBe(before);
  });

  it('stops a .docx that lies about its sizes when reading it outgrows the memory limit, while /healthz keeps answering', async () => {
    const agent = await admin();
    const before = await pendingCount();
    const bomb = docxBomb(400, { declaredSize: 4096 }); // passes the directory check, unpacks to 400 MB
    let uploadDone = false;
    const pending = upload(agent, '/admin/class-specs/import', bomb, 'liar.docx').then((r) => {
      uploadDone = true;
      return r;
    });
    const healthy: number[] = [];
    while (!uploadDone) {
      const h = await agent.get('/healthz');
      if (!uploadDone) healthy.push(h.status);
      await new Promise((r) => setTimeout(r, 100));
    }
    const res = await pending;
    expect(res.status).toBe(422);
    expect(unescape(res.text)).toMatch(/liar\.docx was not read: reading it needed more than 256 MB of memory/);
    // The app's own event loop was free: health checks were answered while the file was being read.
    expect(healthy.length).toBeGreaterThan(0);
    expect(healthy.every((s) => s === 200)).toBe(true);
    expect(await pendingCount()).toBe(before);
    // The app still reads the next file.
    const ok = await upload(agent, '/admin/users/import', orgCsvRows(3, 'after'), 'org.csv');
    expect(ok.status).toBe(303);
  });
});

describe('large but honest files', () => {
  it('previews a 50,000-row CSV, read in the parse child, and refuses 50,001 rows with the limit named', async () => {
    const agent = await admin();
    const jobsBefore = ctx.uploads.jobs;
    const res = await upload(agent, '/admin/users/import', orgCsvRows(50_000, 'big'), 'org-50k.csv');
    expect(res.status).toBe(303);
    const preview = await agent.get(res.headers.location);
    expect(preview.text).toMatch(/<strong>50000<\/strong> rows/);
    expect(ctx.uploads.jobs).toBe(jobsBefore + 1);

    const tooMany = await upload(agent, '/admin/users/import', orgCsvRows(50_001, 'more'), 'org-50001.csv');
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('The file has more than 50000 rows; at most 50000 can be imported at once.');
  });

  it('still imports an ordinary .xlsx after the checks (read as a stream in the child)', async () => {
    const agent = await admin();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('People');
    ws.addRow(['email', 'display_name']);
    ws.addRow(['x1.stream@example.gov', 'Streamed One']);
    const res = await upload(agent, '/admin/users/import', Buffer.from(await wb.xlsx.writeBuffer()), 'org.xlsx');
    expect(res.status).toBe(303);
    expect((await agent.get(res.headers.location)).text).toContain('x1.stream@example.gov');
  });
});
