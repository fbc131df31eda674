export const ROLES = ['employee', 'supervisor', 'training', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  employee: 'Employee',
  supervisor: 'Supervisor',
  training: 'Training staff',
  admin: 'Administrator',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
