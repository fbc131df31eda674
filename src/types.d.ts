import type { SessionUser } from './users/users.repository';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Partial<SessionUser> {}
  }
}

export {};
