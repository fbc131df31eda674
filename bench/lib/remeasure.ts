// The required-level change at full size (issue 17): an administrator changes one required level of
// the class with the most assessments while the autosave people keep saving. The results writer
// re-measures the version in chunks; the server logs the longest writer hold, and this measures
// the autosaves that landed meanwhile. The level is put back afterwards (a second re-measure).
import os from 'node:os';
import { createDb } from '../../src/db/db';
import { startApp } from './processes';
import { signIn, type BenchSession } from './sessions';
import type { SeedInfo } from '../seed-org';

export interface RemeasureResult {
  assessments: number;
  chunks: number;
  longestHoldMs: number;
  p95HoldMs: number;
  seconds: number;
  autosaves: { landed: number; failed: number; p50: number; max: number };
  restore: { seconds: number; longestHoldMs: number };
  loadAverage: number;
}

interface LoggedStats {
  assessments: number;
  chunks: number;
  longestHoldMs: number;
  p95HoldMs: number;
  totalMs: number;
}

async function largestVersionItem(databaseUrl: string): Promise<{ classSpecId: number; itemId: number; level: number }> {
  const db = createDb(databaseUrl);
  try {
    const top = (await db('assessments')
      .whereIn('status', ['submitted', 'reviewed'])
      .groupBy('class_spec_id', 'class_version_id')
      .select('class_spec_id', 'class_version_id')
      .count({ n: '*' })
      .orderBy('n', 'desc')
      .first()) as Record<string, unknown> | undefined;
    const item = await db('spec_items')
      .where({ version_id: top!.class_version_id })
      .orderBy('position')
      .first<{ id: number; required_level: number }>('id', 'required_level');
    return { classSpecId: Number(top!.class_spec_id), itemId: Number(item.id), level: Number(item.required_level) };
  } finally {
    await db.destroy();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]) : 0;
}

/** Load average at the start, printed with the figures: other work on this machine stretches every hold. */
export async function measureRemeasure(databaseUrl: string, info: SeedInfo): Promise<RemeasureResult> {
  const target = await largestVersionItem(databaseUrl);
  const loadAverage = Math.round(os.loadavg()[0] * 10) / 10;
  const logged: LoggedStats[] = [];
  const app = await startApp(databaseUrl, (line) => {
    if (!line.includes('results re-measured')) return;
    logged.push((JSON.parse(line) as { remeasured: LoggedStats }).remeasured);
  });
  try {
    const admin = await signIn(app.url, info.admin.email, info.password);
    const savers: { s: BenchSession; a: SeedInfo['autosave'][number] }[] = [];
    for (const a of info.autosave) savers.push({ s: await signIn(app.url, a.email, info.password), a });

    const change = async (level: number) => {
      const started = performance.now();
      const res = await fetch(`${app.url}/admin/class-specs/${target.classSpecId}/items/${target.itemId}/required-level`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ level: String(level), _csrf: admin.csrf }),
      });
      if (res.status !== 303) throw new Error(`required-level change answered ${res.status}`);
      return (performance.now() - started) / 1000;
    };

    // Autosaves from 20 people, each one save after another, for as long as the change runs.
    let running = true;
    const latencies: number[] = [];
    let failed = 0;
    const loops = savers.map(async ({ s, a }, k) => {
      for (let n = k; running; n++) {
        const started = performance.now();
        const res = await fetch(`${app.url}/assessments/${a.assessmentId}/ratings/${a.itemIds[n % a.itemIds.length]}`, {
          method: 'POST',
          headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
          body: JSON.stringify({ level: n % 6, evidence: `Saved during the re-measure (${n})` }),
        });
        const ok = res.status === 200 && (await res.text()).includes('"ok":true');
        if (ok && running) latencies.push(performance.now() - started);
        else if (!ok) failed += 1;
      }
    });
    const newLevel = target.level === 5 ? 4 : target.level + 1;
    const seconds = await change(newLevel);
    running = false;
    await Promise.all(loops);
    const restoreSeconds = await change(target.level);
    const [first, restore] = logged;
    if (!first || !restore) throw new Error('the server logged no re-measure');
    latencies.sort((x, y) => x - y);
    return {
      assessments: first.assessments,
      chunks: first.chunks,
      longestHoldMs: Math.round(first.longestHoldMs),
      p95HoldMs: Math.round(first.p95HoldMs),
      seconds: Math.round(seconds * 10) / 10,
      autosaves: { landed: latencies.length, failed, p50: percentile(latencies, 0.5), max: percentile(latencies, 1) },
      restore: { seconds: Math.round(restoreSeconds * 10) / 10, longestHoldMs: Math.round(restore.longestHoldMs) },
      loadAverage,
    };
  } finally {
    await app.stop();
  }
}

export function printRemeasure(r: RemeasureResult, employees: number): void {
  console.log(
    `\nRequired-level change at ${employees.toLocaleString('en-US')} people (results writer, chunked; machine load average ${r.loadAverage}):`,
  );
  console.log(`  ${r.assessments.toLocaleString('en-US')} assessments re-measured in ${r.chunks} chunks, ${r.seconds} s for the request`);
  console.log(`  longest writer hold: ${r.longestHoldMs} ms (limit 200 ms), 95th percentile ${r.p95HoldMs} ms`);
  console.log(
    `  autosaves during it: ${r.autosaves.landed} landed, ${r.autosaves.failed} failed, p50 ${r.autosaves.p50} ms, max ${r.autosaves.max} ms`,
  );
  console.log(`  level put back (no load): ${r.restore.seconds} s, longest hold ${r.restore.longestHoldMs} ms`);
}
