import { describe, expect, it } from 'vitest';
import { jsonRows } from '../../src/db/json-rows';
import { getItems } from '../../src/class-specs/catalogue.repository';
import { loadRatedItems } from '../../src/reports/reports.repository';
import { setupTestContext } from '../helpers/context';
import { createAssessment, createClassSpec, createUser } from '../helpers/factories';

// db/json-rows.ts fetches a query's rows as one JSON value; it must give the same rows, in the
// same order and with the same values, as the plain query (on SQLite and on PostgreSQL).
const ctx = setupTestContext();

const awkward = [
  'plain text',
  'quotes " and \' and back\\slash',
  '{"looks": ["like", "json"]}',
  'ünïcödé — “typographic” ✓ 日本語',
  'line\nbreak\tand tab',
];

describe('jsonRows', () => {
  it('returns the rows of the plain query, in order, with nulls, numbers, booleans and awkward text intact', async () => {
    const cls = await createClassSpec(ctx.db, {
      items: awkward.map((text, i) => ({
        category: i % 2 ? 'skill' : 'knowledge',
        text,
        name: i === 2 ? null : `Name ${i}`,
        requiredLevel: i % 6,
        requiredAtEntry: i % 2 === 0,
      })),
    });
    const base = () =>
      ctx
        .db('spec_items')
        .where({ version_id: cls.versionId })
        .select('id', 'name', 'text', 'required_level', 'required_at_entry', 'position');
    const plain = await base().orderBy('position', 'desc');
    const viaJson = await jsonRows(ctx.db, base(), ['id', 'name', 'text', 'required_level', 'required_at_entry', 'position'], ['position']);
    expect(viaJson.map((r) => r.id)).toEqual([...plain].reverse().map((r: { id: number }) => r.id));
    const norm = (r: Record<string, unknown>) => ({
      ...r,
      id: Number(r.id),
      required_level: Number(r.required_level),
      required_at_entry: Boolean(r.required_at_entry),
      position: Number(r.position),
    });
    expect(viaJson.map(norm)).toEqual([...plain].reverse().map(norm));
    expect(viaJson.map((r) => r.text)).toEqual(awkward.filter((t) => plain.some((p: { text: string }) => p.text === t)));
    expect(viaJson.some((r) => r.name === null)).toBe(true);
  });

  it('returns an empty list for no rows', async () => {
    expect(await jsonRows(ctx.db, ctx.db('spec_items').where({ id: -1 }).select('id'), ['id'])).toEqual([]);
  });

  it('the catalogue and report reads built on it match a plain read', async () => {
    const cls = await createClassSpec(ctx.db, { items: [{ category: 'skill' }, { category: 'knowledge' }, { category: 'ability' }] });
    const user = await createUser(ctx.db);
    const id = await createAssessment(ctx.db, {
      employeeId: user.id,
      cls,
      status: 'submitted',
      self: [3, null, 1],
      evidence: ['did "it"', undefined, 'x'] as string[],
    });
    const items = await getItems(ctx.db, cls.versionId);
    const plain = await ctx
      .db('spec_items')
      .where({ version_id: cls.versionId })
      .orderBy('position')
      .select('id', 'text', 'required_level');
    expect(items.map((i) => [i.id, i.text, i.requiredLevel])).toEqual(
      plain.map((p: Record<string, unknown>) => [Number(p.id), p.text, Number(p.required_level)]),
    );
    const rated = await loadRatedItems(ctx.db, id, cls.versionId);
    expect(rated.map((r) => [r.itemId, r.selfLevel, r.evidence])).toEqual([
      [cls.items[0].id, 3, 'did "it"'],
      [cls.items[1].id, null, null],
      [cls.items[2].id, 1, 'x'],
    ]);
  });
});
