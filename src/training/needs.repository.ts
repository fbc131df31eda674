import type { Knex } from 'knex';

type Q = Knex | Knex.Transaction;

/** Active programs linked to each key (merged keys resolved), in one query. */
export async function activeProgramsByKey(db: Q): Promise<Map<number, { id: number; title: string }[]>> {
  const rows = await db('program_competencies as pc')
    .join('training_programs as p', 'p.id', 'pc.program_id')
    .join('competency_keys as k', 'k.id', 'pc.competency_key_id')
    .where('p.active', true)
    .orderBy('p.title')
    .select<{ key_id: number; id: number; title: string }[]>(db.raw('COALESCE(k.merged_into_id, k.id) as key_id'), 'p.id', 'p.title');
  const map = new Map<number, { id: number; title: string }[]>();
  for (const r of rows) {
    const list = map.get(Number(r.key_id)) ?? [];
    if (!list.some((p) => p.id === Number(r.id))) list.push({ id: Number(r.id), title: r.title });
    map.set(Number(r.key_id), list);
  }
  return map;
}

export async function classOptions(db: Q): Promise<{ id: number; title: string }[]> {
  const rows = await db('class_specs').orderBy('title').select('id', 'title');
  return rows.map((r: Record<string, unknown>) => ({ id: Number(r.id), title: String(r.title) }));
}
