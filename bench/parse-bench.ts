// Parse time per shared class spec: median (and 95th percentile) of many runs after a warm-up.
// Run: npx tsx bench/parse-bench.ts [runs]
import { readSharedSpec, SHARED_SPEC_FILES } from '../test/fixtures/spec-fixtures';
import { parseClassSpec } from '../src/class-specs/parser/spec-parser';

const runs = Number(process.argv[2] ?? 500);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: npx tsx bench/parse-bench.ts [runs]\n');
  process.exit(2);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const rows = SHARED_SPEC_FILES.map((file) => {
  const text = readSharedSpec(file);
  for (let i = 0; i < 50; i++) parseClassSpec(text); // let the JIT settle
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    items = parseClassSpec(text).items.length;
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { file, kb: (Buffer.byteLength(text) / 1024).toFixed(1), items, median: quantile(times, 0.5), p95: quantile(times, 0.95) };
});

const header = ['spec', 'KiB', 'items', 'median ms', 'p95 ms'];
const body = rows.map((r) => [r.file, r.kb, String(r.items), r.median.toFixed(3), r.p95.toFixed(3)]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`parseClassSpec, ${runs} runs each`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of body) console.log(line(row));

// Hostile input: 50,000 lines of garbage must be rejected within a second (issue 10).
const garbage = Array.from(
  { length: 50_000 },
  (_, i) => ['• ', '- ', '*', 'A - ', 'Knowledge of ', 'Skills', '', '---- ', 'x-'][i % 9] + 'lorem ipsum dolor '.repeat(2) + i,
).join('\n');
const started = process.hrtime.bigint();
try {
  parseClassSpec(garbage);
} catch {
  /* expected: SpecParseError */
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`\n50,000-line garbage document rejected in ${ms.toFixed(1)} ms (target < 1000 ms): ${ms < 1000 ? 'met' : 'NOT MET'}`);
