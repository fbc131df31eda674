// When is a read spec "the same document" as the stored version? Its content, not its bytes or
// its layout: the same spec sent as text, PDF, DOCX or HTML reads into the same words, but a PDF
// or a web page loses or moves the blank lines between paragraphs and the wrap of long lines.
// So prose is compared with every run of whitespace (line breaks and paragraph breaks included)
// read as one space, and leading and trailing whitespace ignored. Words, punctuation, order and
// case still count: any of those changed is a new version.

/** The text with every run of whitespace as one space, trimmed. */
export function contentText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A comparable form of a value from a spec: JSON with every string read by contentText. */
export function contentKey(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) => (typeof v === 'string' ? contentText(v) : v));
}

/** Whether two values from a spec (strings, lists, records of them) hold the same content. */
export function sameContent(a: unknown, b: unknown): boolean {
  return contentKey(a) === contentKey(b);
}
