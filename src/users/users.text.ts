// User-facing text of the administration pages, in one place.
export const USER_TEXT = {
  missing: { supervisor: 'without a supervisor', 'job-class': 'without a job class' } as Record<'supervisor' | 'job-class', string>,
  emailRequired: 'Enter an email address.',
  emailInvalid: 'Enter an email address like name@example.gov.',
  emailTaken: 'Another person already has this email address.',
  nameRequired: 'Enter the person’s name.',
  tooLong: (n: number) => `Use at most ${n} characters.`,
  employeeIdTaken: 'Another person already has this employee id.',
  supervisorUnknown: 'No active person has this email address. Choose a supervisor from the list.',
  jobClassUnknown: 'Choose a job class from the list.',
  supervisorSelf: 'A person cannot be their own supervisor.',
  supervisorCycle: (name: string) =>
    `${name} reports to this person (directly or further down), so they cannot also be their supervisor: that would make a loop in the reporting lines.`,
  ownAdminRole: 'You cannot remove your own administrator role. Ask another administrator to do it.',
  ownDeactivate: 'You cannot deactivate your own account. Ask another administrator to do it.',
  ownReset: 'To change your own password use “Change password”.',
  created: (name: string) => `${name} has been added.`,
  updated: (name: string) => `${name} has been updated.`,
  unchanged: 'Nothing was changed.',
  deactivated: (name: string, reports: number) =>
    `${name} has been deactivated and signed out everywhere.` +
    (reports ? ` ${reports} active ${reports === 1 ? 'person reports' : 'people report'} to them: give them a new supervisor.` : ''),
  reactivated: (name: string) => `${name} has been reactivated.`,
  reset: (name: string) => `A temporary password has been set for ${name}; all of their sessions have been signed out.`,
} as const;
