import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';

// Synchroniser-token CSRF protection: the token lives in the server-side session. Forms send it as
// `_csrf`; fetch() sends it as `x-csrf-token`. Multipart uploads are parsed after this middleware,
// so their forms carry the token in the query string instead.
export const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
    if (typeof fromBody === 'string') return fromBody;
    const header = req.headers['x-csrf-token'];
    if (typeof header === 'string') return header;
    if (req.is('multipart/form-data') && typeof req.query._csrf === 'string') return req.query._csrf;
    return undefined;
  },
});
