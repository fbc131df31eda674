// Which deep link the Sent mail page may show for a message. Pure.
//
// Ordinary notices link to a page the recipient opens after signing in (/assessments/42,
// /reviews/42): showing it lets an admin, and a newcomer trying the demo, follow the flow. A
// password link signs its holder in, so it is never shown — neither for a message marked
// sensitive (the flag the password mail sets) nor, in case a future message forgets the flag, for
// any link that looks like one (a password path, a token, any query string or fragment).

export type ShownLink = { kind: 'link'; url: string } | { kind: 'hidden' } | { kind: 'none' };

// Matched against the path, query and fragment (not the host, which is PUBLIC_BASE_URL's).
const SECRET_LOOKING = /\/password\/|token|secret|[?#]/i;

export function shownLink(m: { link: string | null; sensitive: boolean }): ShownLink {
  if (m.sensitive) return { kind: 'hidden' };
  if (!m.link) return { kind: 'none' };
  let url: URL;
  try {
    url = new URL(m.link);
  } catch {
    return { kind: 'none' };
  }
  // Only web links: a stored javascript: or data: URL must never become a clickable href.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'none' };
  if (SECRET_LOOKING.test(url.pathname + url.search + url.hash)) return { kind: 'hidden' };
  return { kind: 'link', url: url.toString() };
}
