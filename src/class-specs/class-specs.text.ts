// User-facing text of the class-specification pages, in one place.
export const TEXT = {
  catalogueTitle: 'Class specifications',
  importTitle: 'Import class specification',
  previewTitle: 'Check the import',
  keysTitle: 'Merge competency keys',
  mergeConfirmTitle: 'Merge these keys?',
  inputMissing: 'Choose a file or paste the text of a class specification',
  levelInvalid: 'Enter a whole number from 0 to 5',
  mergeChooseFrom: 'Choose the key to merge away',
  mergeChooseInto: 'Choose the key to keep',
  mergeSame: 'Choose two different keys: a key cannot be merged into itself',
  mergeCategories: (a: string, b: string) => `Keys of different categories cannot be merged (${a} and ${b})`,
  imported: (title: string, version: number, items: number) => `Imported ${title} as version ${version} (${items} items).`,
  cancelled: 'Import cancelled. Nothing was stored.',
  unchanged: (title: string, version: number) =>
    `Nothing imported: the file is identical to version ${version} of ${title}, which stays the current version.`,
  levelChanged: (label: string, old: number, level: number) => `Required level of ${label} changed from ${old} to ${level}.`,
  levelUnchanged: (label: string) => `Required level of ${label} is unchanged.`,
  merged: (from: string, into: string, items: number) => `Merged ${from} into ${into} (${items} ${items === 1 ? 'item' : 'items'} moved).`,
} as const;
