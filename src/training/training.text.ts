// User-facing text of the training feature, in one place.

export const FORMATS = ['course', 'e-learning', 'mentoring', 'on-the-job', 'certification'] as const;
export type ProgramFormat = (typeof FORMATS)[number];

export const FORMAT_LABELS: Record<ProgramFormat, string> = {
  course: 'Course',
  'e-learning': 'E-learning',
  mentoring: 'Mentoring',
  'on-the-job': 'On-the-job',
  certification: 'Certification',
};

export const MESSAGES = {
  titleRequired: 'Enter a title',
  titleTooLong: 'Title must be 300 characters or fewer',
  providerTooLong: 'Provider must be 300 characters or fewer',
  formatInvalid: 'Choose a format',
  hoursRequired: 'Enter the hours, as a number (0 or more)',
  hoursInvalid: 'Hours must be a number, 0 or more, up to 10,000',
  costInvalid: 'Cost must be a number, 0 or more (leave it empty if unknown)',
  urlInvalid: 'Enter a web address starting with http:// or https://',
  urlTooLong: 'Web address must be 2,000 characters or fewer',
  descriptionTooLong: 'Description must be 5,000 characters or fewer',
  keysInvalid: 'One of the chosen competencies no longer exists; choose again',
  dateInvalid: 'Enter a date as YYYY-MM-DD',
  periodOrder: '"To" must be the same as or after "From"',
  created: 'Program created.',
  updated: 'Program updated.',
  archived: 'Program archived. It no longer appears in the catalogue or in recommendations.',
  restored: 'Program restored to the catalogue.',
  noProgram: 'No program',
};

export const NEEDS_COLUMNS = [
  { id: 'competency', label: 'Competency', numeric: false },
  { id: 'assessed', label: 'People assessed', numeric: true },
  { id: 'withGap', label: 'People with a gap', numeric: true },
  { id: 'share', label: 'Share with a gap', numeric: true },
  { id: 'meanGap', label: 'Mean gap', numeric: true },
  { id: 'entryGaps', label: 'Gaps on entry-required items', numeric: true },
  { id: 'programs', label: 'Linked programs', numeric: false },
] as const;
export type NeedsSortKey = (typeof NEEDS_COLUMNS)[number]['id'];
