import crypto from 'node:crypto';
import { EVIDENCE_MAX } from '../competency/scale';
import { TEXT } from './assessment-text';

// Pure handling of what the rating form and the autosave endpoint send. The body parser runs with
// `extended: false`, so keys arrive literally as `level[12]`, `evidence[12]`, `was[12]`.

/** What one item's fields said in a request, as typed (strings). */
export interface RawEntry {
  level?: string;
  evidence?: string;
  /** Fingerprint of the item as the page showed it when it was loaded. */
  was?: string;
}

/** A validated change for one item: only the fields present change. */
export interface RatingChange {
  selfLevel?: number;
  evidence?: string | null;
}

/** A stored self rating (level and evidence). */
export interface SelfRating {
  selfLevel: number | null;
  evidence: string | null;
}

/**
 * What `change` does to the stored rating `old`: null when it changes nothing, else the rating
 * after it, which columns it changes, and the details its `rating.changed` audit row records.
 * The form save and the autosave group commit both decide through this.
 */
export function ratingChangeOf(
  old: SelfRating | undefined,
  change: RatingChange,
): {
  next: SelfRating;
  levelChanged: boolean;
  evidenceChanged: boolean;
  audit: { from: number | null; to: number | null; evidenceChanged: boolean };
} | null {
  const levelChanged = change.selfLevel !== undefined && change.selfLevel !== (old?.selfLevel ?? null);
  const evidenceChanged = change.evidence !== undefined && change.evidence !== (old?.evidence ?? null);
  if (!levelChanged && !evidenceChanged) return null;
  const next: SelfRating = {
    selfLevel: levelChanged ? (change.selfLevel as number) : (old?.selfLevel ?? null),
    evidence: evidenceChanged ? (change.evidence as string | null) : (old?.evidence ?? null),
  };
  return { next, levelChanged, evidenceChanged, audit: { from: old?.selfLevel ?? null, to: next.selfLevel, evidenceChanged } };
}

const KEY = /^(level|evidence|was)\[(\d{1,12})\]$/;

function first(v: unknown): string | undefined {
  if (Array.isArray(v)) return first(v[0]);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function entriesFromBody(body: unknown): Map<number, RawEntry> {
  const out = new Map<number, RawEntry>();
  if (!body || typeof body !== 'object') return out;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const m = KEY.exec(key);
    if (!m) continue;
    const v = first(value);
    if (v === undefined) continue;
    const id = Number(m[2]);
    const entry = out.get(id) ?? {};
    entry[m[1] as keyof RawEntry] = v;
    out.set(id, entry);
  }
  return out;
}

/**
 * What is wrong with an autosave body, per field, or null: it must carry a level (0–5 as a number
 * or text, or null) and/or evidence (text or null), and nothing else in those fields.
 */
export function autosaveBodyErrors(body: unknown): Record<string, string> | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { level: AUTOSAVE_TEXT.nothing };
  const b = body as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const scalar = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if ('level' in b && !scalar(b.level)) errors.level = AUTOSAVE_TEXT.level;
  if ('evidence' in b && !(b.evidence === null || typeof b.evidence === 'string')) errors.evidence = AUTOSAVE_TEXT.evidence;
  if (!('level' in b) && !('evidence' in b)) errors.level = AUTOSAVE_TEXT.nothing;
  return Object.keys(errors).length ? errors : null;
}

const AUTOSAVE_TEXT = {
  nothing: 'Nothing to save: send a level, evidence or both.',
  level: 'Choose one of the levels 0 to 5.',
  evidence: 'Evidence must be text.',
};

/** One item's `{level, evidence}` from the autosave endpoint (JSON or form body). */
export function entryFromAutosave(body: unknown): RawEntry {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const entry: RawEntry = {};
  const level = b.level === null ? undefined : first(b.level);
  const evidence = b.evidence === null ? '' : first(b.evidence);
  if (level !== undefined) entry.level = level;
  if (evidence !== undefined) entry.evidence = evidence;
  return entry;
}

/** Browsers send textarea line breaks as CRLF; store and count them as one character. */
export function normaliseEvidence(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

export function evidenceLength(s: string): number {
  return [...normaliseEvidence(s)].length;
}

/** A short fingerprint of an item's stored state; the form carries it so saves only apply what changed. */
export function fingerprint(level: number | null | undefined, evidence: string | null | undefined): string {
  const e = evidence ? normaliseEvidence(evidence).trim() : '';
  return `${level ?? ''}:${crypto.createHash('sha256').update(e).digest('hex').slice(0, 16)}`;
}

/**
 * Drops the fields the person did not change since the page was loaded, so a form posted from an
 * older tab does not overwrite what another tab saved for other items in the meantime.
 */
export function onlyChanged(entries: Map<number, RawEntry>): Map<number, RawEntry> {
  const out = new Map<number, RawEntry>();
  for (const [id, e] of entries) {
    const next: RawEntry = {};
    if (e.level !== undefined && e.level !== '') next.level = e.level;
    if (e.evidence !== undefined) next.evidence = e.evidence;
    if (e.was !== undefined) {
      const [wasLevel, wasHash] = splitFingerprint(e.was);
      if (next.level !== undefined && next.level === wasLevel) delete next.level;
      if (next.evidence !== undefined && fingerprint(null, next.evidence).split(':')[1] === wasHash) delete next.evidence;
    }
    if (next.level !== undefined || next.evidence !== undefined) out.set(id, next);
  }
  return out;
}

function splitFingerprint(was: string): [string, string] {
  const i = was.indexOf(':');
  return i === -1 ? [was, ''] : [was.slice(0, i), was.slice(i + 1)];
}

export interface ItemRef {
  id: number;
  label: string;
}

/**
 * Validates changes against the version's items. Error keys are element ids on the form:
 * `item-<id>` (the item's fieldset) for a level, `evidence-<id>` for the evidence box.
 * Items that are not on the form (wrong id) are ignored.
 */
export function validateEntries(
  entries: Map<number, RawEntry>,
  items: Map<number, ItemRef>,
): { changes: Map<number, RatingChange>; errors: Record<string, string> } {
  const changes = new Map<number, RatingChange>();
  const errors: Record<string, string> = {};
  for (const [id, e] of entries) {
    const item = items.get(id);
    if (!item) continue;
    const change: RatingChange = {};
    if (e.level !== undefined && e.level !== '') {
      if (/^[0-5]$/.test(e.level.trim())) change.selfLevel = Number(e.level.trim());
      else errors[`item-${id}`] = TEXT.badLevel(item.label);
    }
    if (e.evidence !== undefined) {
      const text = normaliseEvidence(e.evidence).trim();
      const len = evidenceLength(text);
      if (len > EVIDENCE_MAX) errors[`evidence-${id}`] = TEXT.evidenceTooLong(item.label, len);
      else change.evidence = text === '' ? null : text;
    }
    if (change.selfLevel !== undefined || change.evidence !== undefined) changes.set(id, change);
  }
  return { changes, errors };
}
