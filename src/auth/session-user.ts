import type { Role } from './roles';

/** What the rest of the app knows about the signed-in person (never the password hash). */
export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  roles: Role[];
  hasReports: boolean;
  mustChangePassword: boolean;
  department: string | null;
  jobTitle: string | null;
}
