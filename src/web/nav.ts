import type { Role } from '../users/roles';
import type { SessionUser } from '../users/users.repository';

export interface NavItem {
  href: string;
  label: string;
  roles: Role[];
  description: string;
}

// One list drives the navigation and the home page's actions. Each feature adds its entries here.
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Home', roles: ['employee'], description: 'Your overview.' },
];

export function navFor(user: SessionUser | undefined): NavItem[] {
  if (!user) return [];
  return NAV_ITEMS.filter((item) => item.roles.some((r) => user.roles.includes(r)));
}
