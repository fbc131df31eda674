// npm run bench:corpus — how well the parser reads the real-world corpus
// (test/fixtures/class-specs/, SOURCES.md): per document, per category, expected statements
// against parsed ones, and a verdict: exact / within one statement per category (with a warning) / off.
import { CATEGORY_ORDER } from '../src/competency/category';
import fs from 'node:fs';
import path from 'node:path';
import { readSpecInput } from '../src/class-specs/spec-input';
import { UploadParser } from '../src/uploads/isolated-parse';
import { compareWithExpected, CORPUS_DIR, corpusFiles, type Comparison } from '../test/fixtures/spec-corpus';
import { pdfOf } from '../test/fixtures/upload-bombs';

const SHORT: Record<string, string> = { knowledge: 'K', skill: 'S', ability: 'A', competency: 'C' };

function row(c: Comparison): string {
  const cells = CATEGORY_ORDER.map((cat) => {
    const d = c.categories[cat];
    return `${SHORT[cat]} ${d.parsed}/${d.expected}`.padEnd(8);
  }).join(' ');
  const title = c.titleOk ? 'title ok' : `title ${JSON.stringify(c.parsedTitle)} ≠ ${JSON.stringify(c.expectedTitle)}`;
  const lv = (ls: { title: string; items: number }[]) => ls.map((l) => `${l.title} (${l.items})`).join(', ');
  const levels =
    !c.expectedLevels.length && !c.parsedLevels.length
      ? ''
      : c.levelsOk
        ? `; series ok: ${lv(c.parsedLevels)}`
        : `; series [${lv(c.parsedLevels)}] ≠ [${lv(c.expectedLevels)}]`;
  return `${c.file.padEnd(78)} ${cells} ${c.verdict.padEnd(10)} ${title}${levels}`;
}

/**
 * A 30-page PDF with a text layer: the corpus's plain-text documents one after another (real
 * class-spec text, several KSA sections), wrapped at 95 characters, 50 lines a page, in Helvetica.
 */
function thirtyPagePdf(): Buffer {
  const text = corpusFiles()
    .filter((f) => f.endsWith('.txt'))
    .map((f) => fs.readFileSync(path.join(CORPUS_DIR, f), 'utf8'))
    .join('\n\n');
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    // Latin-1 only (the standard font's encoding); wrap at word boundaries.
    let rest = raw.replace(/[^\x20-\x7E]/g, ' ').trimEnd();
    do {
      const cut = rest.length <= 95 ? rest.length : Math.max(rest.lastIndexOf(' ', 95), 40);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut).trimStart();
    } while (rest !== '');
  }
  const PAGES = 30;
  const PER_PAGE = 50;
  while (lines.length < PAGES * PER_PAGE) lines.push(...lines.slice(0, PAGES * PER_PAGE - lines.length));
  const esc = (l: string) => l.replace(/[\\()]/g, (c) => `\\${c}`);
  const contents = Array.from({ length: PAGES }, (_, p) => {
    const body = lines
      .slice(p * PER_PAGE, (p + 1) * PER_PAGE)
      .map((l) => `(${esc(l)}) Tj T*`)
      .join('\n');
    return `BT /F1 10 Tf 12 TL 50 760 Td\n${body}\nET`;
  });
  const first = 4; // objects 1–3: catalog, page tree, font; then a page and its content, 30 times
  const kids = contents.map((_, p) => `${first + 2 * p} 0 R`).join(' ');
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${PAGES} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...contents.flatMap((c, p) => [
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${first + 2 * p + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
      `<< /Length ${c.length} >>\nstream\n${c}\nendstream`,
    ]),
  ]);
}

/** Read and parse the 30-page PDF as an upload is (text extraction in the parse child, then the parser): median of 5 after one warm-up. */
async function thirtyPages(uploads: UploadParser): Promise<string> {
  const pdf = thirtyPagePdf();
  const once = async () => {
    const started = process.hrtime.bigint();
    const result = await readSpecInput({ file: { buffer: pdf, name: 'thirty-pages.pdf' } }, uploads);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!result.ok) throw new Error(`the 30-page PDF was refused: ${result.message}`);
    return { ms, items: result.spec.items.length };
  };
  await once();
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await once());
  runs.sort((a, b) => a.ms - b.ms);
  const median = runs[2];
  return (
    `30-page PDF (${(pdf.length / 1024).toFixed(0)} KiB, ${median.items} statements): read and parsed in ${median.ms.toFixed(0)} ms ` +
    `median of 5 (slowest ${runs[4].ms.toFixed(0)} ms; the bar is 1,000 ms)`
  );
}

async function main(): Promise<void> {
  // Every document is read as the import reads it: PDF, DOCX and HTML in the upload parse child.
  const uploads = new UploadParser();
  const results: Comparison[] = [];
  try {
    for (const file of corpusFiles()) results.push(await compareWithExpected(file, uploads));
  } catch (err) {
    // Not awaited: the parse children are unref'd, and the error must be reported first.
    void uploads.close();
    throw err;
  }
  console.log(`${'document'.padEnd(78)} ${'parsed/expected per category'.padEnd(35)} verdict`);
  for (const r of results) console.log(row(r));
  const count = (v: string) => results.filter((r) => r.verdict === v).length;
  const employers = new Set(results.map((r) => r.file.split('/')[0])).size;
  const formats = [...new Set(results.map((r) => path.extname(r.file).slice(1)))].sort().join(', ');
  console.log(
    `\n${results.length} documents from ${employers} employers (${formats}): ${count('exact')} exact, ${count('within one')} within one, ${count('off')} off, ${count('refused')} refused`,
  );
  console.log(await thirtyPages(uploads));
  if (process.argv.includes('--details')) {
    for (const r of results.filter((x) => x.verdict !== 'exact')) {
      console.log(`\n${r.file}${r.error ? `: ${r.error}` : ''}`);
      for (const cat of CATEGORY_ORDER) {
        const d = r.categories[cat];
        for (const m of d.missing) console.log(`  missing ${cat}: ${m}`);
        for (const e of d.extra) console.log(`  extra   ${cat}: ${e}`);
      }
      for (const w of r.warnings) console.log(`  warning: ${w}`);
    }
  }
  // Last: the parse children are unref'd, so the process may end before their exit is reported.
  await uploads.close();
}

void main();
