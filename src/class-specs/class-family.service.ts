import type { Db } from '../db/types';
import { recordAudit } from '../audit/audit.service';
import { NotFoundError, ValidationError } from '../errors';
import { setClassFamily } from './class-specs.repository';
import { TEXT } from './class-specs.text';

// The job family an administrator sets on the class page, for classes whose document does not
// state one (the importer reads it where it does). A later import that states a family replaces
// it; one that does not keeps it.

const FAMILY_MAX = 200;

export async function setFamily(
  db: Db,
  args: { classSpecId: number; raw: string; actorId: number; ip: string | null },
): Promise<{ old: string | null; family: string | null }> {
  const family = args.raw.replace(/\s+/g, ' ').trim() || null;
  if (family && family.length > FAMILY_MAX) throw new ValidationError({ family: TEXT.tooLong(FAMILY_MAX) });
  return db.transaction(async (trx) => {
    const r = await setClassFamily(trx, args.classSpecId, family);
    if (!r) throw new NotFoundError();
    if (r.old !== family) {
      await recordAudit(trx, {
        actorId: args.actorId,
        action: 'class_spec.family_changed',
        entityType: 'class_spec',
        entityId: args.classSpecId,
        details: { old: r.old, new: family },
        ip: args.ip,
      });
    }
    return { old: r.old, family };
  });
}
