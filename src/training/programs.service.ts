import type { Db, Queryable } from '../db/types';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.service';
import { NotFoundError, ValidationError, type FieldErrors } from '../errors';
import { FORMATS, MESSAGES } from './training.text';
import * as repo from './programs.repository';

/** What the person typed, as typed: re-rendered unchanged when something is wrong. */
export interface ProgramInput {
  title: string;
  provider: string;
  format: string;
  hours: string;
  cost: string;
  url: string;
  description: string;
  keyIds: number[];
}

export const EMPTY_INPUT: ProgramInput = {
  title: '',
  provider: '',
  format: 'course',
  hours: '',
  cost: '',
  url: '',
  description: '',
  keyIds: [],
};

const NUMBER = /^\d{1,7}(\.\d{1,2})?$/;

const schema = z.object({
  title: z.string().trim().min(1, MESSAGES.titleRequired).max(300, MESSAGES.titleTooLong),
  provider: z.string().trim().max(300, MESSAGES.providerTooLong),
  format: z.enum(FORMATS, { message: MESSAGES.formatInvalid }),
  hours: z
    .string()
    .trim()
    .min(1, MESSAGES.hoursRequired)
    .refine((s) => NUMBER.test(s) && Number(s) <= 10_000, MESSAGES.hoursInvalid)
    .transform(Number),
  cost: z
    .string()
    .trim()
    .refine((s) => s === '' || NUMBER.test(s.replace(/,/g, '')), MESSAGES.costInvalid)
    .transform((s) => (s === '' ? null : Number(s.replace(/,/g, '')))),
  url: z
    .string()
    .trim()
    .max(2000, MESSAGES.urlTooLong)
    .refine((s) => s === '' || isWebUrl(s), MESSAGES.urlInvalid)
    .transform((s) => (s === '' ? null : s)),
  description: z.string().trim().max(5000, MESSAGES.descriptionTooLong),
});

/** Only http(s) addresses may become links: a `javascript:` or `data:` URL would run in the reader's page. */
export function isWebUrl(value: string | null | undefined): boolean {
  if (!value) return false;
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname);
  } catch {
    return false;
  }
}

/** Reads the form body into typed-as-typed input. Ticked keys arrive as `keys` (one or many). */
export function readProgramInput(body: Record<string, unknown>): ProgramInput {
  const s = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
  const raw = body.keys;
  const list = Array.isArray(raw) ? raw : raw == null ? [] : [raw];
  const keyIds = [
    ...new Set(
      list
        .map(String)
        .filter((k) => /^\d{1,12}$/.test(k))
        .map(Number),
    ),
  ];
  return {
    title: s(body.title),
    provider: s(body.provider),
    format: s(body.format),
    hours: s(body.hours),
    cost: s(body.cost),
    url: s(body.url),
    description: s(body.description),
    keyIds,
  };
}

export function inputFromProgram(p: repo.ProgramRow, keys: repo.KeyRef[]): ProgramInput {
  return {
    title: p.title,
    provider: p.provider ?? '',
    format: p.format,
    hours: p.hours == null ? '' : String(p.hours),
    cost: p.cost == null ? '' : String(p.cost),
    url: p.url ?? '',
    description: p.description ?? '',
    keyIds: keys.map((k) => k.id),
  };
}

/** The program to store, or a ValidationError with a message per field (chosen keys must still exist). */
async function validateProgram(db: Db, input: ProgramInput): Promise<{ data: repo.ProgramData; keyIds: number[] }> {
  const parsed = schema.safeParse(input);
  const errors: FieldErrors = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[field] ??= issue.message;
    }
  }
  const found = await repo.keysByIds(db, input.keyIds);
  if (found.length !== input.keyIds.length) errors.keys = MESSAGES.keysInvalid;
  if (!parsed.success || Object.keys(errors).length) throw new ValidationError(errors);
  const d = parsed.data;
  return {
    keyIds: input.keyIds,
    data: {
      title: d.title,
      provider: d.provider || null,
      format: d.format,
      hours: d.hours,
      cost: d.cost,
      url: d.url,
      description: d.description || null,
    },
  };
}

interface Actor {
  id: number;
  ip: string | null;
}

export async function createProgram(db: Db, input: ProgramInput, actor: Actor): Promise<number> {
  const { data, keyIds } = await validateProgram(db, input);
  return db.transaction(async (trx) => {
    const id = await repo.insertProgram(trx, data, actor.id);
    await repo.setProgramKeys(trx, id, keyIds);
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'program.created',
      entityType: 'training_program',
      entityId: id,
      details: { ...data, keyIds },
      ip: actor.ip,
    });
    return id;
  });
}

export async function editProgram(db: Db, id: number, input: ProgramInput, actor: Actor): Promise<void> {
  const { data, keyIds } = await validateProgram(db, input);
  await db.transaction(async (trx) => {
    const before = await repo.findProgram(trx, id);
    if (!before) throw new NotFoundError();
    const keysBefore = ((await repo.keysOfPrograms(trx, [id])).get(id) ?? []).map((k) => k.id);
    await repo.updateProgram(trx, id, data);
    await repo.setProgramKeys(trx, id, keyIds);
    // Old → new of every field that changed, as user.updated records it.
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, value] of Object.entries(data) as [keyof typeof data, unknown][]) {
      if (before[field] !== value) changes[field] = { from: before[field], to: value };
    }
    const sortedIds = (ids: number[]) => [...ids].sort((a, b) => a - b);
    if (sortedIds(keysBefore).join() !== sortedIds(keyIds).join()) changes.keyIds = { from: sortedIds(keysBefore), to: sortedIds(keyIds) };
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'program.updated',
      entityType: 'training_program',
      entityId: id,
      details: { changes },
      ip: actor.ip,
    });
  });
}

export async function setArchived(db: Db, id: number, archived: boolean, actor: Actor): Promise<void> {
  await db.transaction(async (trx) => {
    const before = await repo.findProgram(trx, id);
    if (!before) throw new NotFoundError();
    await repo.updateProgram(trx, id, { active: !archived });
    await recordAudit(trx, {
      actorId: actor.id,
      action: archived ? 'program.archived' : 'program.restored',
      entityType: 'training_program',
      entityId: id,
      details: { title: before.title },
      ip: actor.ip,
    });
  });
}

/** Active programs that no development plan names yet (the training staff's home page). */
export function programsWithoutTakers(db: Queryable, limit: number): Promise<{ total: number; rows: { id: number; title: string }[] }> {
  return repo.programsWithoutTakers(db, limit);
}
