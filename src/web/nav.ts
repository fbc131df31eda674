import type { Role } from '../auth/roles';
import { type SessionUser } from '../auth/session-user';

export interface NavItem {
  href: string;
  label: string;
  roles: Role[];
  description: string;
}

// One list drives the navigation and the home page's actions. Each feature adds its entries here.
export const NAV_ITEMS: NavItem[] = [
  { href: '/', label: 'Home', roles: ['employee'], description: 'Your overview.' },
  {
    href: '/assessments',
    label: 'My assessments',
    roles: ['employee'],
    description: 'Rate yourself against a job class, save drafts, submit for review, see your gap reports.',
  },
  {
    href: '/career',
    label: 'Career readiness',
    roles: ['employee'],
    description: 'How close you are to every class in the catalogue, from the ratings you already gave.',
  },
  { href: '/classes/compare', label: 'Compare classes', roles: ['employee'], description: 'What changes from one class to the next.' },
  {
    href: '/reviews',
    label: 'Reviews',
    roles: ['supervisor'],
    description: 'Submitted self-assessments of the people who report to you, waiting for your review.',
  },
  { href: '/team', label: 'Team', roles: ['supervisor'], description: 'Heat map of your team against a class, readiness per person.' },
  {
    href: '/team/cycles',
    label: 'Cycle progress',
    roles: ['supervisor'],
    description: 'How far your people are in each assessment cycle: counts per stage and overdue.',
  },
  {
    href: '/training/needs',
    label: 'Training needs',
    roles: ['training', 'admin', 'supervisor'],
    description: 'Where the gaps are, aggregated and anonymised.',
  },
  {
    href: '/training/programs',
    label: 'Training programs',
    roles: ['employee'],
    description: 'The catalogue of training programs and the competencies they develop.',
  },
  {
    href: '/training/effectiveness',
    label: 'Program effectiveness',
    roles: ['training', 'admin'],
    description: 'Whether gaps close after training.',
  },
  {
    href: '/admin/class-specs',
    label: 'Class specifications',
    roles: ['admin'],
    description: 'Import class specifications, tune required levels, merge competency keys.',
  },
  {
    href: '/admin/users',
    label: 'Users',
    roles: ['admin'],
    description: 'People, roles and reporting lines; bulk import; password resets.',
  },
  {
    href: '/admin/onet',
    label: 'O*NET links',
    roles: ['admin'],
    description: 'Link skills and abilities to O*NET elements for level examples.',
  },
  {
    href: '/admin/sso',
    label: 'Sign-in settings',
    roles: ['admin'],
    description: 'Single sign-on with your identity provider, password sign-in on or off, recent SSO attempts.',
  },
  {
    href: '/admin/cycles',
    label: 'Cycles',
    roles: ['admin'],
    description: 'Open assessment cycles for a population and follow their completion.',
  },
  { href: '/admin/audit', label: 'Audit log', roles: ['admin'], description: 'Who changed what, and when.' },
  {
    href: '/admin/mail',
    label: 'Sent mail',
    roles: ['admin'],
    description: 'Every e-mail the service sent or will send, and whether it arrived.',
  },
];

export function navFor(user: SessionUser | undefined): NavItem[] {
  if (!user) return [];
  return NAV_ITEMS.filter((item) => item.roles.some((r) => user.roles.includes(r)));
}
