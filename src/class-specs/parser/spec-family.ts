// The job family a class spec states, read wherever the document states it. Pure.
// - a labelled field: "Family:", "Job Family:", "Class Family:", "Occupational Family:" or
//   "Occupational Group:", its value on the same line or (HTML tables, PDF columns) the next one;
// - a sentence: City of Chicago specs without a header say it in the characteristics, "This class
//   is assigned to the Leadership Technology Job Family which consists of …".
// "Series" and "Group" are not read as the family: they are separate header fields (a series is a
// narrower ladder inside a family; Chicago's Group sits under its Service), kept as such.

/** Labels whose value is the job family; the Chicago header reader accepts the same ones. */
export const FAMILY_LABEL = String.raw`(?:job|class|occupational)\s+family|occupational\s+group|family`;

const LABELLED = new RegExp(String.raw`^\s*(?:${FAMILY_LABEL})\s*:\s*(.*)$`, 'i');
const PROSE =
  /\b(?:assigned to|belongs to|is part of|is in|falls (?:with)?in|within) the\s+((?:[A-Z0-9&][\w&'/,.-]*\s+){1,8}?)(?:job|occupational|class)\s+family\b/i;
/** A field value is a short name, not a paragraph or another field. */
const MAX_FAMILY = 120;

function clean(value: string): string | null {
  const v = value
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.;,]$/, '');
  if (v === '' || v.length > MAX_FAMILY || /^[^:]{1,40}:/.test(v)) return null;
  return v;
}

/** "Leadership Technology" from "… is assigned to the Leadership Technology Job Family which …", or null. */
export function familyInProse(text: string | null): string | null {
  if (!text) return null;
  const m = PROSE.exec(text.replace(/\s+/g, ' '));
  // Every word of the name is capitalised; "the new job family" is not a name.
  const words = m ? m[1].trim().split(' ') : [];
  if (!words.length || !words.every((w) => /^[A-Z0-9&]/.test(w))) return null;
  return clean(words.join(' '));
}

/** The value of a "Job Family:" (or like) line among the first lines of a document, or null. */
export function familyField(lines: string[], within = 80): string | null {
  const end = Math.min(lines.length, within);
  for (let i = 0; i < end; i++) {
    if (lines[i].length > 200) continue;
    const m = LABELLED.exec(lines[i]);
    if (!m) continue;
    if (m[1].trim() !== '') return clean(m[1]);
    // "Job Family:" alone: the value is the next non-blank line.
    let j = i + 1;
    while (j < lines.length && j <= i + 3 && lines[j].trim() === '') j++;
    return j < lines.length ? clean(lines[j]) : null;
  }
  return null;
}
