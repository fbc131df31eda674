// User-facing text of the career pages, in one place.
export const CAREER_TEXT = {
  readinessTitle: 'Career readiness',
  readinessTitleFor: (name: string) => `Career readiness of ${name}`,
  needsTitle: (cls: string) => `What you would need: ${cls}`,
  needsTitleFor: (name: string, cls: string) => `What ${name} would need: ${cls}`,
  compareTitle: 'Compare classes',
  started: (cls: string) => `Assessment for ${cls} started, with the levels you already rated filled in. Check each one before you submit.`,
  openExists: 'You already have an open assessment for this class; here it is.',
  sameClass: 'Pick two different classes to compare.',
  chooseClass: 'Choose a class.',
};
