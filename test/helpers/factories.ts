import crypto from 'node:crypto';
import type { Knex } from 'knex';
import { nowIso } from '../../src/db/time';
import { refreshAssessmentResults } from '../../src/results/results.service';
import { type Category } from '../../src/competency/category';
import { hashPassword } from '../../src/auth/passwords';
import { insertUser } from '../../src/users/users.repository';
import type { Role } from '../../src/auth/roles';
import { TEST_PASSWORD } from './context';

// ---- People ----

let cheapHash: Promise<string> | undefined;
/** Tests use a cheaper scrypt cost (stored in the hash) so hundreds of sign-ins stay fast. */
function testHash(): Promise<string> {
  cheapHash ??= hashPassword(TEST_PASSWORD, 10);
  return cheapHash;
}

let counter = 0;
export interface UserOptions {
  email?: string;
  name?: string;
  roles?: Role[];
  supervisorId?: number | null;
  department?: string | null;
  jobTitle?: string | null;
  mustChangePassword?: boolean;
}

export async function createUser(db: Knex, opts: UserOptions = {}): Promise<{ id: number; email: string }> {
  counter += 1;
  const email = opts.email ?? `person${counter}-${crypto.randomUUID().slice(0, 8)}@example.gov`;
  const id = await insertUser(db, {
    email,
    displayName: opts.name ?? `Person ${counter}`,
    passwordHash: await testHash(),
    roles: opts.roles ?? ['employee'],
    supervisorId: opts.supervisorId ?? null,
    department: opts.department ?? 'Testing',
    jobTitle: opts.jobTitle ?? 'Tester',
    mustChangePassword: opts.mustChangePassword,
  });
  return { id, email: email.toLowerCase() };
}

export interface ItemSpec {
  category: Category;
  name?: string | null;
  text?: string;
  requiredLevel?: number;
  requiredAtEntry?: boolean;
  key?: string;
  qualifier?: 'comprehensive' | 'considerable' | 'moderate' | null;
}

export interface CreatedClass {
  classSpecId: number;
  versionId: number;
  title: string;
  items: { id: number; key: string; keyId: number; category: Category; requiredLevel: number; requiredAtEntry: boolean }[];
}

/**
 * Inserts a class spec version with items straight into the catalogue tables (tests only; the app
 * imports through the importer). Keys are created on demand so two classes can share a competency.
 */
export async function createClassSpec(
  db: Knex,
  opts: { title?: string; code?: string | null; family?: string | null; classSpecId?: number; items: ItemSpec[] },
): Promise<CreatedClass> {
  const title = opts.title ?? `TEST CLASS ${crypto.randomUUID().slice(0, 8).toUpperCase()}`;
  return db.transaction(async (trx) => {
    let classSpecId = opts.classSpecId;
    if (!classSpecId) {
      const [row] = await trx('class_specs')
        .insert({
          title,
          title_normalized: title.toLowerCase(),
          code: opts.code ?? null,
          family: opts.family ?? 'Testing',
          created_at: nowIso(),
        })
        .returning('id');
      classSpecId = Number(typeof row === 'object' ? row.id : row);
    }
    const prev = await trx('class_spec_versions').where({ class_spec_id: classSpecId }).max({ v: 'version' }).first();
    const [vrow] = await trx('class_spec_versions')
      .insert({
        class_spec_id: classSpecId,
        version: Number(prev?.v ?? 0) + 1,
        characteristics: 'Under direction, performs test duties.',
        duties: JSON.stringify(['Does the first duty', 'Does the second duty']),
        qualifications: JSON.stringify({ education: ['Some experience'], certifications: [] }),
        details: JSON.stringify({ workingConditions: [], equipment: [], physicalRequirements: [] }),
        warnings: '[]',
        imported_at: nowIso(),
      })
      .returning('id');
    const versionId = Number(typeof vrow === 'object' ? vrow.id : vrow);
    await trx('class_specs').where({ id: classSpecId }).update({ current_version_id: versionId });
    const items: CreatedClass['items'] = [];
    let position = 0;
    for (const it of opts.items) {
      const name = it.name === undefined ? (it.category === 'knowledge' ? null : `ITEM ${position + 1}`) : it.name;
      const text = it.text ?? `Text of item ${position + 1}`;
      const key =
        it.key ??
        (name ?? text)
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') +
          '-' +
          crypto.randomUUID().slice(0, 6);
      let keyRow = await trx('competency_keys').where({ key }).first('id');
      if (!keyRow) {
        const [k] = await trx('competency_keys')
          .insert({ key, label: name ?? text, category: it.category, created_at: nowIso() })
          .returning('id');
        keyRow = { id: typeof k === 'object' ? k.id : k };
      }
      const required = it.requiredLevel ?? 3;
      const [irow] = await trx('spec_items')
        .insert({
          version_id: versionId,
          category: it.category,
          name,
          text,
          qualifier: it.qualifier ?? null,
          required_level: required,
          default_required_level: required,
          required_at_entry: it.requiredAtEntry ?? false,
          position: position++,
          competency_key_id: keyRow.id,
        })
        .returning('id');
      items.push({
        id: Number(typeof irow === 'object' ? irow.id : irow),
        key,
        keyId: Number(keyRow.id),
        category: it.category,
        requiredLevel: required,
        requiredAtEntry: it.requiredAtEntry ?? false,
      });
    }
    return { classSpecId, versionId, title, items };
  });
}

export interface AssessmentSpec {
  employeeId: number;
  cls: CreatedClass;
  status?: 'draft' | 'submitted' | 'reviewed';
  /** self levels by item index (undefined = unrated) */
  self?: (number | null | undefined)[];
  supervisor?: (number | null | undefined)[];
  evidence?: (string | undefined)[];
  reviewerId?: number | null;
  /** ISO time used for started/submitted/reviewed */
  at?: string;
}

/** Inserts an assessment with ratings in the given state (and its assessment_results rows). */
export async function createAssessment(db: Knex, spec: AssessmentSpec): Promise<number> {
  const status = spec.status ?? 'draft';
  const at = spec.at ?? nowIso();
  return db.transaction(async (trx) => {
    const [row] = await trx('assessments')
      .insert({
        employee_id: spec.employeeId,
        class_spec_id: spec.cls.classSpecId,
        class_version_id: spec.cls.versionId,
        status,
        started_at: at,
        submitted_at: status === 'draft' ? null : at,
        reviewed_at: status === 'reviewed' ? at : null,
        reviewer_id: status === 'reviewed' ? (spec.reviewerId ?? null) : null,
        updated_at: at,
      })
      .returning('id');
    const id = Number(typeof row === 'object' ? row.id : row);
    const ratings = spec.cls.items
      .map((item, i) => ({
        assessment_id: id,
        item_id: item.id,
        self_level: spec.self?.[i] ?? null,
        evidence: spec.evidence?.[i] ?? null,
        supervisor_level: spec.supervisor?.[i] ?? null,
        updated_at: at,
      }))
      .filter((r) => r.self_level != null || r.supervisor_level != null || r.evidence != null);
    if (ratings.length) await trx('ratings').insert(ratings);
    await refreshAssessmentResults(trx, id);
    return id;
  });
}
