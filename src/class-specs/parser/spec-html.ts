// HTML class specs (an employer's web page saved as .html, or HTML pasted into the form) turned
// into structured lines for the same text parser: headings, paragraphs, list items ("• "), table
// rows (cells joined by " – ") and <br> each start a line; scripts, styles and comments go.
// Read with htmlparser2 (a tokenizer, no regex over markup). Pure.
import { Parser } from 'htmlparser2';

export interface HtmlText {
  text: string;
  title: string | null;
}

const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'title',
  'hr',
  'form',
  'fieldset',
  'figure',
  'figcaption',
  'address',
  'center',
]);
// Site furniture too: navigation, sidebars and the page footer are never part of a class spec.
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head>meta', 'svg', 'iframe', 'object', 'nav', 'aside', 'footer']);

/** True when pasted text is HTML rather than plain text (a tag near the start, or a doctype). */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 2000).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || /<(?:p|div|h[1-6]|ul|li|table|body|b|br)\b[^>]*>/.test(head);
}

export function htmlToText(html: string): HtmlText {
  const lines: string[] = [];
  let cur = '';
  let skip = 0;
  let cellsInRow = 0;
  let title: string | null = null;
  let heading: { tag: string; text: string } | null = null;
  let firstH1: string | null = null;
  let firstH2: string | null = null;
  let runInName = false;
  const flush = () => {
    const t = cur.replace(/[ \t\u00A0]+/g, ' ').trim();
    if (t !== '') lines.push(t);
    cur = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) {
          skip++;
          return;
        }
        if (skip) return;
        if (name === 'br') {
          flush();
          return;
        }
        if (name === 'li') {
          flush();
          cur = '• ';
          return;
        }
        // "<li><strong>Agile working.</strong> You know …": the bold words name the item.
        if ((name === 'strong' || name === 'b') && cur.trim() === '\u2022') runInName = true;
        if (name === 'td' || name === 'th') {
          if (cellsInRow++ > 0) cur += ' \u2013 ';
          return;
        }
        if (name === 'tr') cellsInRow = 0;
        // "<li><p>text</p></li>": the paragraph is the list item's text, on the bullet's line.
        if (BLOCK.has(name) && cur.trim() !== '\u2022') flush();
        if (/^h[1-6]$/.test(name) || name === 'title') heading = { tag: name, text: '' };
      },
      ontext(data) {
        if (skip) return;
        cur += data.replace(/\s+/g, ' ');
        if (heading) heading.text += data;
      },
      onclosetag(name) {
        if ((name === 'strong' || name === 'b') && runInName) {
          runInName = false;
          cur = cur.replace(/\.\s*$/, ':');
        }
        if (SKIP.has(name)) {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip) return;
        if (name === 'li' || BLOCK.has(name)) flush();
        if (heading && heading.tag === name) {
          const t = heading.text.replace(/\s+/g, ' ').trim();
          if (t) {
            if (name === 'title' && title === null) title = t;
            if (name === 'h1' && firstH1 === null) firstH1 = t;
            if (name === 'h2' && firstH2 === null) firstH2 = t;
          }
          heading = null;
        }
        if (name === 'tr') cellsInRow = 0;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  // <h1> names the class more often than <title> (which carries the site's name too).
  return { text: lines.join('\n'), title: firstH1 ?? title ?? firstH2 };
}
