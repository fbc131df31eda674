import type { Measurement } from './measure';

// Targets of issue 11 and the printed table.

export interface Target {
  name: string;
  goal: string;
  actual: string;
  met: boolean | null;
}

export function ratio(m: Measurement | undefined, hello: Measurement): number | null {
  return m && !m.note ? m.requestsPerSecond / hello.requestsPerSecond : null;
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(0)} %`);

export function evaluateTargets(byName: Map<string, Measurement>, hello: Measurement, rssPeak: number | null): Target[] {
  const t: Target[] = [];
  const home = byName.get('home page');
  const report = byName.get('gap report');
  const team = byName.get('team view');
  const needs = byName.get('training needs');
  const save = byName.get('autosave rating');
  const avail = (m: Measurement | undefined) => m && !m.note;
  t.push({
    name: 'home page throughput',
    goal: '≥ 40 % of hello world',
    actual: pct(ratio(home, hello)),
    met: avail(home) ? ratio(home, hello)! >= 0.4 : null,
  });
  t.push({
    name: 'gap report throughput',
    goal: '≥ 20 % of hello world',
    actual: pct(ratio(report, hello)),
    met: avail(report) ? ratio(report, hello)! >= 0.2 : null,
  });
  t.push({
    name: 'team view p50',
    goal: '≤ 50 ms',
    actual: avail(team) ? `${team!.p50} ms` : 'n/a',
    met: avail(team) ? team!.p50 <= 50 : null,
  });
  t.push({
    name: 'training needs p50',
    goal: '≤ 150 ms',
    actual: avail(needs) ? `${needs!.p50} ms` : 'n/a',
    met: avail(needs) ? needs!.p50 <= 150 : null,
  });
  t.push({
    name: 'autosave, 20 users',
    goal: '≥ 500 writes/s, 0 errors',
    actual: avail(save) ? `${save!.requestsPerSecond}/s, ${save!.failures} errors` : 'n/a',
    met: avail(save) ? save!.requestsPerSecond >= 500 && save!.failures === 0 : null,
  });
  t.push({
    name: 'server RSS (peak)',
    goal: '≤ 300 MB',
    actual: rssPeak === null ? 'n/a' : `${rssPeak} MB`,
    met: rssPeak === null ? null : rssPeak <= 300,
  });
  // Every measured route must have answered 200 with the expected content every time.
  for (const m of byName.values())
    if (!m.note && m.failures > 0) t.push({ name: `${m.name}: failures`, goal: '0', actual: String(m.failures), met: false });
  return t;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

export function printTable(rows: Measurement[], hello: Measurement): void {
  const head = ['route', 'conns', 'req/s', 'vs hello', 'p50 ms', 'p97.5 ms', 'p99 ms', 'requests', 'failures'];
  const body = rows.map((m) =>
    m.note
      ? [m.name, String(m.connections), m.note, '', '', '', '', '', '']
      : [
          m.name,
          String(m.connections),
          String(m.requestsPerSecond),
          pct(ratio(m, hello)),
          String(m.p50),
          String(m.p97_5),
          String(m.p99),
          String(m.requests),
          String(m.failures),
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  console.log(pad(head, widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(pad(b, widths));
}

export function printTargets(targets: Target[]): void {
  console.log('\nTargets (issue 11):');
  for (const t of targets) {
    const mark = t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS';
    console.log(`  ${mark}  ${t.name.padEnd(24)} ${t.goal.padEnd(26)} ${t.actual}`);
  }
}
