import type { Db, Queryable } from '../db/types';
import { sameWording } from '../competency/competency-key';
import { ValidationError } from '../errors';
import { type RemeasureOptions } from '../results/results.service';
import { mergeKeys } from './class-specs.service';
import { TEXT } from './class-specs.text';
import { findKey, listActiveKeys, usesOfKeys, type KeyRow } from './competency-keys.repository';
import { describeOverlap, groupSameName, type Overlap } from './key-overlaps';

// Keys with the same name under different categories, for administrators to see and merge.

export interface KeyWithUses extends KeyRow {
  /** Each distinct definition of the key and the classes that use it. */
  definitions: { text: string; classes: string[] }[];
}

export async function listOverlaps(db: Queryable): Promise<Overlap<KeyWithUses>[]> {
  const groups = groupSameName(await listActiveKeys(db));
  const uses = await usesOfKeys(
    db,
    groups.flat().map((k) => k.id),
  );
  const texts = new Map<number, string[]>();
  const withUses = (k: KeyRow): KeyWithUses => {
    const definitions: KeyWithUses['definitions'] = [];
    for (const u of uses.filter((x) => x.keyId === k.id)) {
      const same = definitions.find((d) => sameWording(d.text, u.text));
      if (!same) definitions.push({ text: u.text, classes: [u.classTitle] });
      else if (!same.classes.includes(u.classTitle)) same.classes.push(u.classTitle);
    }
    texts.set(
      k.id,
      definitions.map((d) => d.text),
    );
    return { ...k, definitions };
  };
  return groups.map((g) => describeOverlap(g.map(withUses), texts));
}

/**
 * The one-click merge of the same-name page: only two keys that still have the same name (the
 * general merge form decides other pairs, after a confirmation page). Audited by mergeKeys.
 */
export async function mergeSameName(
  db: Db,
  args: { fromId: number | null; intoId: number | null; actorId: number; ip: string | null },
  opts: RemeasureOptions = {},
): ReturnType<typeof mergeKeys> {
  const from = args.fromId ? await findKey(db, args.fromId) : undefined;
  const into = args.intoId ? await findKey(db, args.intoId) : undefined;
  if (!from || !into || from.id === into.id || from.mergedIntoId || into.mergedIntoId || !sameWording(from.label, into.label)) {
    throw new ValidationError({}, TEXT.overlapGone);
  }
  return mergeKeys(db, args, opts);
}
