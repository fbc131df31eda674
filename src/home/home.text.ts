// What the home page says, in one place. The page has one section per role the person holds.

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export const HOME_TEXT = {
  title: 'Home',
  welcome: (name: string) => `Welcome, ${name}`,
  roles: (labels: string[]) => `Your roles: ${labels.join(', ')}.`,

  employee: {
    heading: 'Your development',
    latestHeading: 'Where you stand',
    latest: (title: string) => `Your latest assessment: ${title}`,
    readiness: 'Readiness',
    coverage: 'Coverage',
    fromSelf: 'From your own ratings: your supervisor has not reviewed it yet.',
    fromReview: (date: string) => `Reviewed ${date}.`,
    report: 'Open the full report',
    noLatest: 'No assessment yet — start one to see your readiness and coverage against a job class.',
    noLatestOpen: 'No submitted assessment yet — finish and submit the one in progress to see your readiness and coverage.',
    start: 'Start an assessment',
    prioritiesHeading: 'Top development priorities',
    noPriorities: 'No gaps: you meet every required level of this class. Compare it with the next class on Career readiness.',
    priority: (level: number, required: number) => `your level ${level}, required ${required}`,
    entry: 'required at entry',
    allPriorities: 'All priorities and recommended programs',
    dueHeading: 'Due',
    openHeading: 'In progress',
    noOpen: (reviewed: number) =>
      reviewed ? `Nothing in progress (${plural(reviewed, 'assessment', 'assessments')} reviewed).` : 'Nothing in progress.',
    returned: 'returned to you for changes',
    draft: 'draft in progress',
    submitted: 'submitted, waiting for review',
    allAssessments: 'All your assessments',
  },

  supervisor: {
    heading: 'Your team',
    waiting: (n: number) => `${plural(n, 'assessment', 'assessments')} waiting for your review`,
    noWaiting: 'No assessments are waiting for your review.',
    dueHeading: 'Reviews due',
    readinessHeading: 'Team readiness',
    assessed: (assessed: number, team: number) =>
      `${assessed.toLocaleString('en')} of ${plural(team, 'person', 'people')} below you ${assessed === 1 ? 'has' : 'have'} a submitted or reviewed assessment.`,
    noTeam: 'Nobody reports to you yet. An administrator sets reporting lines under Users.',
    noAssessed: 'Nobody in your team has submitted an assessment yet — ask them to start one from their home page.',
    caption: 'Readiness per class, from each person’s latest assessment',
    colClass: 'Class',
    colPeople: 'People',
    colMean: 'Mean readiness',
    colReady: 'Meet every level',
    moreClasses: (n: number) => `and ${plural(n, 'more class', 'more classes')} on the team page`,
    team: 'Open the team heat map',
  },

  training: {
    heading: 'Training',
    needsHeading: 'Top training needs',
    needsIntro: 'Competencies with the most people with a gap, across the organisation (groups of fewer than 5 people are not shown).',
    need: (withGap: number, assessed: number, share: string) => `${withGap} of ${assessed} people with a gap (${share})`,
    noNeeds:
      'No competency has a gap shown yet: figures appear once at least 5 people are assessed on it. Check the training needs page later.',
    allNeeds: 'All training needs',
    takersHeading: 'Programs without takers',
    takersIntro: 'Active programs that no development plan names yet.',
    noTakers: 'Every active program is in at least one development plan.',
    moreTakers: (n: number) => `and ${plural(n, 'more', 'more')}`,
    allPrograms: 'All training programs',
  },

  admin: {
    heading: 'Administration',
    importsHeading: 'Recent class-spec imports',
    imported: (version: number, date: string, by: string | null) => `version ${version}, imported ${date}${by ? ` by ${by}` : ''}`,
    noImports: 'No class specification imported yet — import one to start.',
    importOne: 'Import a class specification',
    peopleHeading: 'People records to complete',
    noSupervisor: (n: number) => `${plural(n, 'active person', 'active people')} without a supervisor`,
    noJobClass: (n: number) => `${plural(n, 'active person', 'active people')} without a job class`,
    unassessedHeading: 'Classes nobody has been assessed against',
    noUnassessed: 'Every class in the catalogue has at least one submitted or reviewed assessment.',
    moreUnassessed: (n: number) => `and ${plural(n, 'more', 'more')}`,
    catalogue: 'The whole catalogue',
  },
};

export type HomeText = typeof HOME_TEXT;
