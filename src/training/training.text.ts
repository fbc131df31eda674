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
  freeDates:
    'Choose a reporting period from the list: free dates are not accepted, because moving a date by a day can single out the people assessed that day',
  periodInvalid: 'Choose a reporting period from the list',
  periodNotOffered: 'That quarter is not offered: choose a reporting period from the list',
  departmentNotOffered:
    'That department is not offered for this class and period: choose one from the list (a department is offered only when it, and everyone outside it, are each at least 5 people)',
  differencingRow: 'Suppressed: this answer differs from a wider one (the same question without a filter) by fewer than 5 people',
  differencingCells:
    'Suppressed: the people by whom this answer differs from a wider one (the same question without a filter) include fewer than 5 with a gap',
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

/** The rule as the page explains it (README "Small groups and differencing" says the same). */
export const DIFFERENCING_RULE = [
  'Any figure about fewer than 5 people shows “fewer than 5”. That includes 0 (“none of these 8 has a gap” says something about each of them) and a count that leaves 0 to 4 people on the other side (8 assessed and 6 with a gap gives away the 2 without).',
  'Two answers that differ by fewer than 5 people are never both given: if this answer differs from the same question with a filter taken away (all classes, all departments or all periods) by 1 to 4 people, its row shows “suppressed”, because subtracting one answer from the other would give those people’s gaps away.',
  'For the same reason periods are whole quarters rather than free dates, and a department is offered only when it has at least 5 people assessed and everyone outside it is also at least 5 people (or none).',
];
