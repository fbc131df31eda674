// Reads O*NET's tab-separated text release and our mapping file. Pure: text in, rows out.
// O*NET quotes a field that contains a double quote ("… without ""giving out"" …"), so a real
// parser is needed; relax_quotes keeps a quote in the middle of a field (our notes) literal.
import { parse } from 'csv-parse/sync';

export interface OnetElement {
  elementId: string;
  name: string;
  description: string;
}
export interface OnetAnchor {
  elementId: string;
  scaleId: string;
  value: number;
  description: string;
}
export interface OnetLinkRow {
  keyOrName: string;
  elementId: string;
  note: string;
}

export class OnetFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnetFileError';
  }
}

/** Rows of a TSV file with a header line, as objects keyed by the header's column names. */
export function parseTsv(text: string, required: string[], fileLabel: string): Record<string, string>[] {
  const rows: Record<string, string>[] = parse(text.replace(/^\uFEFF/, ''), {
    delimiter: '\t',
    columns: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: false,
  });
  if (rows.length > 0) {
    const missing = required.filter((c) => !(c in rows[0]));
    if (missing.length) throw new OnetFileError(`${fileLabel}: missing column(s) ${missing.join(', ')}`);
  }
  return rows;
}

export function parseContentModel(text: string): OnetElement[] {
  return parseTsv(text, ['Element ID', 'Element Name', 'Description'], 'Content Model Reference').map((r) => ({
    elementId: r['Element ID'].trim(),
    name: r['Element Name'].trim(),
    description: r['Description'].trim(),
  }));
}

export function parseLevelAnchors(text: string): OnetAnchor[] {
  return parseTsv(text, ['Element ID', 'Scale ID', 'Anchor Value', 'Anchor Description'], 'Level Scale Anchors').map((r, i) => {
    const value = Number(r['Anchor Value']);
    if (!Number.isInteger(value)) throw new OnetFileError(`Level Scale Anchors: row ${i + 2} has anchor value "${r['Anchor Value']}"`);
    return { elementId: r['Element ID'].trim(), scaleId: r['Scale ID'].trim(), value, description: r['Anchor Description'].trim() };
  });
}

/** The mapping kept as data (seeds/onet-links.tsv): competency key or item name → O*NET element. */
export function parseLinks(text: string): OnetLinkRow[] {
  return parseTsv(text, ['key_or_name', 'element_id'], 'onet-links.tsv')
    .map((r) => ({ keyOrName: (r.key_or_name ?? '').trim(), elementId: (r.element_id ?? '').trim(), note: (r.note ?? '').trim() }))
    .filter((r) => r.keyOrName !== '' && !r.keyOrName.startsWith('#'));
}
