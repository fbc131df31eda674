import type { RequestHandler } from 'express';
import multer from 'multer';
import { type SessionUser } from '../auth/session-user';

export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

// The upload forms (class specs, org files) are multipart. Parsing them before the CSRF check lets
// the token travel as an ordinary hidden field instead of in the URL (where it would end up in the
// address bar, history and bookmarks). Only signed-in admins posting to an upload route get their
// body buffered; everyone else's multipart body is left alone and fails the CSRF check.
const UPLOAD_PATHS = new Set(['/admin/class-specs/import', '/admin/users/import']);
const parser = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 20, fieldSize: 2 * 1024 * 1024 },
}).single('file');

export const parseUploadsBeforeCsrf: RequestHandler = (req, res, next) => {
  const user = req.user as SessionUser | undefined;
  if (req.method === 'POST' && UPLOAD_PATHS.has(req.path) && req.is('multipart/form-data') && user?.roles?.includes('admin')) {
    return parser(req, res, next);
  }
  next();
};
