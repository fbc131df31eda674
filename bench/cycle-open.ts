// Assessment cycles alone: `npx tsx bench/cycle-open.ts [--people 30000] [--chunk 200] [--db sqlite:path]`.
// The same measurement `npm run bench` makes (see bench/lib/cycles-bench.ts): opening a cycle for
// everyone, the dashboard, and the daily reminder run, with autosaves landing meanwhile. Prints
// the figures and then the whole result as JSON.
import { CHUNK } from '../src/cycles/cycles.service';
import { flag, intFlag } from './lib/args';
import { measureCycles, printCycles } from './lib/cycles-bench';

async function main(): Promise<void> {
  const result = await measureCycles({ people: intFlag('people', 30_000), chunkSize: intFlag('chunk', CHUNK), databaseUrl: flag('db') });
  printCycles(result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
