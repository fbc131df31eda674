// Builds the plain-text and HTML parts of a message from a few plain sentences and one link.
// Pure. Every piece of text is escaped in the HTML part, so a display name or class title can never
// inject markup. Messages say what happened and where to look, nothing more: callers never pass
// ratings, evidence or comments (see outbox.service.ts).

export interface ComposeInput {
  /** "Hello Jordan," — the recipient's name, or null for a name-less greeting. */
  recipientName: string | null;
  /** Sentences, one paragraph each. */
  paragraphs: string[];
  /** The deep link and what the button says. */
  link: { url: string; label: string } | null;
  /** A closing note, e.g. why the person got this message. */
  footer?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function compose(c: ComposeInput): { text: string; html: string } {
  const greeting = c.recipientName ? `Hello ${c.recipientName},` : 'Hello,';
  const footer = c.footer ?? 'You get this message from the competency gap assessment service.';
  const text = [greeting, ...c.paragraphs, ...(c.link ? [`${c.link.label}: ${c.link.url}`] : []), '--', footer].join('\n\n') + '\n';
  const p = (s: string) => `<p>${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html lang="en"><body>',
    p(greeting),
    ...c.paragraphs.map(p),
    ...(c.link ? [`<p><a href="${escapeHtml(c.link.url)}">${escapeHtml(c.link.label)}</a></p>`] : []),
    `<hr><p><small>${escapeHtml(footer)}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { text, html };
}
