import { type SessionUser } from './auth/session-user';

declare global {
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Partial<SessionUser> {}
  }
}

export {};
