import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

// Synchroniser-token CSRF protection: the token lives in the server-side session. Forms send it as
// `_csrf` in the body (upload forms too: web/uploads.ts parses them before this check); fetch()
// sends it as `x-csrf-token`. Never from the query string, where it would leak into logs, history
// and Referer headers.
export const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const header = req.headers['x-csrf-token'];
    if (typeof header === 'string') return header;
    return undefined;
  },
});
