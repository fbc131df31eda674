// What the cycles pages say, in one place.
export const CYCLE_TEXT = {
  nameRequired: 'Enter a name for the cycle.',
  tooLong: (max: number) => `Keep this to ${max} characters or fewer.`,
  populationRequired: 'Choose who the cycle covers.',
  departmentRequired: 'Enter the department.',
  supervisorUnknown: 'Enter the e-mail address of a supervisor who has people reporting to them.',
  listRequired: 'Paste at least one e-mail address or employee id, one a line.',
  listTooLong: (max: number) => `Paste at most ${max} people at a time.`,
  listUnknown: (entries: string[]) =>
    `These match nobody: ${entries.slice(0, 10).join(', ')}${entries.length > 10 ? ` and ${entries.length - 10} more` : ''}.`,
  targetRequired: 'Choose the class people are assessed against.',
  classUnknown: 'Choose a class from the list.',
  dateInvalid: 'Enter a date as YYYY-MM-DD, for example 2027-01-31.',
  reviewBeforeSelf: 'The review due date cannot be before the self-assessment due date.',
  reminderDaysInvalid:
    'Enter up to 5 whole numbers of days from 0 to 365, separated by commas, for example 7, 1. Leave empty for no reminders.',
  nobody: 'Nobody matches this population.',
  closed: 'This cycle is closed: it can no longer change.',
  closedTitle: 'Cycle closed',
  stillOpening: 'This cycle is still being opened. Resume opening it first.',
  skipReasons: {
    'open-assessment': 'has an open assessment of this class already',
    'no-job-class': 'has no job class',
    deactivated: 'is deactivated',
    'no-version': 'the class has no current version',
  } as Record<string, string>,
  stages: {
    not_started: 'Not started',
    draft: 'Draft',
    submitted: 'Submitted',
    returned: 'Returned',
    reviewed: 'Reviewed',
  } as Record<string, string>,
  populations: {
    department: 'A department',
    subtree: "A supervisor's people (all levels below them)",
    everyone: 'Everyone',
    list: 'A list of e-mail addresses or employee ids',
  } as Record<string, string>,
};
