import type { RequestHandler } from 'express';
import multer from 'multer';
import { BadRequestError } from '../errors';
import { type SessionUser } from '../auth/session-user';

export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

// The upload forms (class specs, framework files, org files) are multipart. Parsing them before the CSRF check lets
// the token travel as an ordinary hidden field instead of in the URL (where it would end up in the
// address bar, history and bookmarks). Signed-in people posting to an upload route get their
// body buffered (only admins get past the route's role check); a signed-out one fails the CSRF check.
const UPLOAD_PATHS = new Set(['/admin/class-specs/import', '/admin/class-specs/framework', '/admin/users/import']);
const parser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 20, fieldSize: 2 * 1024 * 1024 },
}).single('file');

export const parseUploadsBeforeCsrf: RequestHandler = (req, res, next) => {
  const user = req.user as SessionUser | undefined;
  // Signed-in people only: the token is in the body, so the body is read before the CSRF check;
  // a person who is not an admin then gets the 404 every admin page gives them.
  if (req.method === 'POST' && UPLOAD_PATHS.has(req.path) && req.is('multipart/form-data') && user) {
    return parser(req, res, (err?: unknown) => {
      if (!err) return next();
      // Too large keeps its own 413 page. Anything else multer or its parser refuses (two files in
      // the one file field, a truncated body, no boundary, a malformed part) is the client's
      // mistake: 400 with what to do, never a 500.
      if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') return next(err);
      next(
        new BadRequestError(
          'The upload could not be read: the form must carry one file in its file field and arrive whole. Go back to the form, choose the file again and send it.',
          'This upload could not be read',
        ),
      );
    });
  }
  next();
};
