// What the app asks the parse child (parse-child.ts) to do and what comes back. Plain data only:
// it crosses a process boundary.

export type ParseJob =
  | { kind: 'pdf-text'; data: Uint8Array; maxPages: number; maxChars: number }
  | { kind: 'docx-text'; data: Uint8Array; maxChars: number }
  | { kind: 'html-text'; data: Uint8Array; maxChars: number }
  | { kind: 'csv-table'; data: Uint8Array; maxRows: number; maxChars: number }
  | { kind: 'xlsx-table'; data: Uint8Array; maxRows: number; maxChars: number };

/** A sheet as text: the first row, then [row number (header = 1), cells] for each row after it. */
export interface Table {
  header: string[];
  body: [number, string[]][];
}

/** HTML comes back as the structured lines of spec-html.ts and the title its <h1>/<title> gave. */
export type ParseValue = { text: string } | { text: string; title: string | null } | { table: Table };

/** Why the content could not be used (not a resource limit: those are UploadRefusedError). */
export type ParseFailure =
  | { code: 'unreadable'; detail: string }
  | { code: 'no-text' }
  | { code: 'empty' }
  | { code: 'too-many-pages'; pages: number; limit: number }
  | { code: 'too-many-rows'; limit: number }
  | { code: 'too-much-text'; limit: number };

export type ParseOutcome<V extends ParseValue = ParseValue> = { ok: true; value: V } | { ok: false; failure: ParseFailure };

/** Argument of a child started ahead of an upload: load the document readers before any file comes. */
export const PRELOAD_FLAG = '--preload-readers';

export interface ChildRequest {
  id: number;
  job: ParseJob;
}

export interface ChildReply {
  id: number;
  outcome: ParseOutcome;
  /** The child's resident memory after the job, so that a grown child is replaced. */
  rss: number;
  /** The child stopped a reader part-way (a row limit): start a fresh one for the next file. */
  recycle: boolean;
}

/** A refusal from inside the child that the parent turns into a ParseFailure. */
export class ParseFailureError extends Error {
  constructor(public readonly failure: ParseFailure) {
    super(failure.code);
  }
}
