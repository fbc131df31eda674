// User-facing text of the class-specification pages, in one place.
export const TEXT = {
  catalogueTitle: 'Class specifications',
  importTitle: 'Import class specification',
  /** Said (and announced) while the server reads an uploaded or pasted spec. */
  importProgress: 'Reading the document… this can take a few seconds.',
  previewTitle: 'Check the import',
  keysTitle: 'Merge competency keys',
  mergeConfirmTitle: 'Merge these keys?',
  inputMissing: 'Choose a file or paste the text of a class specification',
  levelInvalid: 'Enter a whole number from 0 to 5',
  mergeChooseFrom: 'Choose the key to merge away',
  mergeChooseInto: 'Choose the key to keep',
  mergeSame: 'Choose two different keys: a key cannot be merged into itself',
  mergeCategories: (a: string, b: string) =>
    `Keys of different categories can be merged only when their names agree (${a} and ${b}); these two name different things`,
  familySet: (family: string | null) => (family ? `Job family set to ${family}.` : 'Job family cleared.'),
  familyUnchanged: 'Job family is unchanged.',
  overlapsTitle: 'Same name in two categories',
  overlapGone: 'Those two keys are no longer a pair with the same name. Check the list and try again.',
  imported: (title: string, version: number, items: number) => `Imported ${title} as version ${version} (${items} items).`,
  cancelled: 'Import cancelled. Nothing was stored.',
  unchanged: (title: string, version: number) =>
    `Nothing imported: the file is identical to version ${version} of ${title}, which stays the current version.`,
  levelChanged: (label: string, old: number, level: number) => `Required level of ${label} changed from ${old} to ${level}.`,
  levelUnchanged: (label: string) => `Required level of ${label} is unchanged.`,
  titleMissing: 'Enter the class title: the document does not say it',
  noTitleWarning: 'No class title was found in this document. Enter the title before confirming.',
  tooLong: (max: number) => `Keep it to ${max} characters or fewer`,
  itemTextMissing: 'Enter the statement',
  categoryInvalid: 'Choose knowledge, skill, ability or competency',
  splitNeedsBreak: 'Put a line break where the statement should be split (at least two non-empty parts)',
  itemGone: 'That statement is no longer in the preview. Check the preview and try again.',
  mergeLast: 'The last statement has no next statement to merge with.',
  mergeTooLong: (max: number) => `The merged statement would be longer than ${max} characters; shorten one of them first.`,
  moveNowhere: 'That statement cannot move further in that direction.',
  staleRevision:
    'The preview changed since this page was shown (in another tab?), so nothing was changed. Check the preview and make the change again.',
  corrected: 'Preview updated.',
  seriesSameTitle: (title: string) =>
    `Two levels of this series are both called ${title}, so they would become one class. Import the series as one class, or correct the document and upload it again.`,
  levelNoStatements: (title: string) =>
    `The level ${title} has no statements left after your corrections, so there is nothing to rate against. Import the series as one class, or cancel.`,
  seriesRule:
    'Your corrections apply to the list below, which holds every statement of the series once. Imported per level, each level gets the corrected form of each statement it holds: a statement you edit, split or merge changes in every level that has it, one you delete leaves every level, and one you add goes to every level. The header fields (code, family, service, group, series) are shared by every level; each level keeps its own title.',
  seriesUntracked:
    'This preview cannot tell which of its statements belong to which level (it was corrected before levels were followed through corrections, or a level holds a statement the list does not), so it can only be imported as one class. To import it one class per level, cancel and upload the document again.',
  seriesImported: (series: string | null, parts: { title: string; version: number; itemCount: number; unchanged: boolean }[]) =>
    `Series ${series ?? '(untitled)'} imported one class per level: ${parts
      .map((p) =>
        p.unchanged
          ? `${p.title} unchanged (identical to version ${p.version}, nothing stored)`
          : `${p.title} as version ${p.version} (${p.itemCount} items)`,
      )
      .join('; ')}.`,
  noStatementsLeft: 'The preview has no statements left, so there is nothing to rate against. Add a statement or cancel the import.',
  frameworkTitle: 'Import a competency framework',
  frameworkImported: (created: number, versions: number, unchanged: number) =>
    `Framework imported: ${created} new ${created === 1 ? 'class' : 'classes'}, ${versions} new ${versions === 1 ? 'version' : 'versions'}, ${unchanged} unchanged.`,
  merged: (from: string, into: string, items: number) => `Merged ${from} into ${into} (${items} ${items === 1 ? 'item' : 'items'} moved).`,
} as const;
