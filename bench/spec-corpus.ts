// npm run bench:corpus — how well the parser reads the real-world corpus
// (test/fixtures/class-specs/, SOURCES.md): per document, per category, expected statements
// against parsed ones, and a verdict: exact / within one statement per category (with a warning) / off.
import { CATEGORY_ORDER } from '../src/competency/category';
import { UploadParser } from '../src/uploads/isolated-parse';
import { compareWithExpected, corpusFiles, type Comparison } from '../test/fixtures/spec-corpus';

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
  console.log(
    `\n${results.length} documents: ${count('exact')} exact, ${count('within one')} within one, ${count('off')} off, ${count('refused')} refused`,
  );
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
