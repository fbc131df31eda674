// npm run bench:corpus — how well the parser reads the real-world corpus
// (test/fixtures/class-specs/, SOURCES.md): per document, per category, expected statements
// against parsed ones, and a verdict: exact / within one statement per category (with a warning) / off.
import { CATEGORY_ORDER } from '../src/competency/category';
import { compareWithExpected, corpusFiles, type Comparison } from '../test/fixtures/spec-corpus';

const SHORT: Record<string, string> = { knowledge: 'K', skill: 'S', ability: 'A', competency: 'C' };

function row(c: Comparison): string {
  const cells = CATEGORY_ORDER.map((cat) => {
    const d = c.categories[cat];
    return `${SHORT[cat]} ${d.parsed}/${d.expected}`.padEnd(8);
  }).join(' ');
  const title = c.titleOk ? 'title ok' : `title ${JSON.stringify(c.parsedTitle)} ≠ ${JSON.stringify(c.expectedTitle)}`;
  return `${c.file.padEnd(78)} ${cells} ${c.verdict.padEnd(10)} ${title}`;
}

const results = corpusFiles().map(compareWithExpected);
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
