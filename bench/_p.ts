import { createDb } from '../src/db/db';
import { bulkInsert } from './lib/bulk';
(async () => {
  for (const f of ['/tmp/x.db', '/work/wt/scale/.tmp/x.db']) {
  const db = createDb('sqlite:' + f);
  await db.raw('PRAGMA synchronous = OFF');
  await db.raw('drop table if exists t');
  await db.raw('create table t (a int, b int, c int, d text, e int, f text)');
  const rows = Array.from({ length: 60000 }, (_, i) => [i, i, 3, null, 2, '2025-01-01T00:00:00.000Z']);
  let t = Date.now();
  await db.transaction((trx) => bulkInsert(trx, 't', ['a','b','c','d','e','f'], rows));
  console.log(f, 'bulk', Date.now() - t);
  await db.destroy();
  }
})();
