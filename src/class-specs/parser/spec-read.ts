// The one entry point for reading a class spec of any employer: the City of Chicago layout
// (a CLASS TITLE line) goes to parseClassSpec exactly as before; every other layout to the broad
// reader. Pure.
import { parseBroadSpec, type ReadHints } from './spec-broad';
import { htmlToText, type HtmlText } from './spec-html';
import { headingOf } from './spec-headings';
import { parseClassSpec } from './spec-parser';
import { toLines } from './spec-text';
import type { ReadSpec, SpecSection } from './types';

const CLASS_TITLE_LINE = /^[ \t]*class[ \t]+title\b/im;

function chicagoSections(text: string): SpecSection[] {
  const out: SpecSection[] = [];
  toLines(text).forEach((l, i) => {
    const h = headingOf(l);
    if (h)
      out.push({
        heading: l.trim(),
        line: i + 1,
        kind: ['ksa', 'knowledge', 'skills', 'abilities', 'competencies'].includes(h) ? 'ksa' : 'other',
      });
  });
  return out;
}

/** Parsed form of any class spec; throws SpecParseError when it holds no ratable statements. */
export function readClassSpec(text: string, hints: ReadHints = {}): ReadSpec {
  if (CLASS_TITLE_LINE.test(text)) {
    return { ...parseClassSpec(text), layout: 'chicago', sections: chicagoSections(text) };
  }
  if (typeof text !== 'string' || text.trim() === '') return parseClassSpec(text) as never; // throws "the text is empty"
  return parseBroadSpec(text, hints);
}

/**
 * Parsed form of an HTML class spec (a saved web page, or HTML pasted into the form): the markup
 * becomes structured lines (spec-html.ts) and its <h1>/<title> the title hint. Accepts the lines
 * the upload child already produced, so that an uploaded file is tokenised only there.
 */
export function readClassSpecHtml(html: string | HtmlText): ReadSpec {
  const read = typeof html === 'string' ? htmlToText(html) : html;
  return readClassSpec(read.text, { title: read.title });
}
