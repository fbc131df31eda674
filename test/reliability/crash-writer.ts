import { recordAudit } from '../../src/audit/audit.service';
import { createDb } from '../../src/db/db';
import { nowIso } from '../../src/db/time';

// Child process for crash.test.ts: writes ratings the way the app does (update + audit row in one
// transaction) and prints `ack <n> <ratingId>` after each commit, until it is killed.
// argv: <sqlite file> <actor id> <rating ids, comma-separated>

async function main() {
  const [file, actor, ids] = process.argv.slice(2);
  const ratingIds = ids.split(',').map(Number);
  const db = createDb(`sqlite:${file}`);
  for (let n = 1; ; n += 1) {
    const ratingId = ratingIds[n % ratingIds.length];
    await db.transaction(async (trx) => {
      await trx('ratings')
        .where({ id: ratingId })
        .update({ self_level: n % 6, evidence: `write ${n}`, updated_at: nowIso() });
      await recordAudit(trx, {
        actorId: Number(actor),
        action: 'rating.changed',
        entityType: 'rating',
        entityId: ratingId,
        details: { n },
        ip: null,
      });
    });
    process.stdout.write(`ack ${n} ${ratingId}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
