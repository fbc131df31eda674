import type { Queryable } from '../db/types';
import { nowIso } from '../db/time';

// Settings administrators change at run time (table settings: key → text value).

export async function readSetting(q: Queryable, key: string): Promise<string | null> {
  const row = await q('settings').where({ key }).first<{ value: string } | undefined>('value');
  return row?.value ?? null;
}

export async function writeSetting(q: Queryable, key: string, value: string, updatedBy: number | null): Promise<void> {
  await q('settings')
    .insert({ key, value, updated_by: updatedBy, updated_at: nowIso() })
    .onConflict('key')
    .merge(['value', 'updated_by', 'updated_at']);
}
