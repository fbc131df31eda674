import { EVIDENCE_MAX } from '../competency/scale';

// User-facing text of the self-assessment feature, in one place.

const fmt = (n: number) => n.toLocaleString('en-US');

export const TEXT = {
  listTitle: 'My assessments',
  /** Beside the readiness of a submitted assessment: until the review it comes from the person's own levels. */
  selfRatedReadiness: '(self-rated, not yet reviewed)',
  startTitle: 'Start an assessment',
  deleteTitle: 'Delete this draft?',
  badLevel: (item: string) => `Choose one of the levels 0 to 5 for “${item}”.`,
  evidenceTooLong: (item: string, len: number) =>
    `Evidence or comment for “${item}” must be ${fmt(EVIDENCE_MAX)} characters or fewer (it has ${fmt(len)}).`,
  missing: (item: string) => `Rate “${item}” before you submit.`,
  invalidSummary: 'Nothing was saved. Please correct the highlighted entries; everything you typed is still on the form.',
  missingSummary: (n: number) =>
    `You cannot submit yet: ${n} ${n === 1 ? 'item is' : 'items are'} not rated. Everything else you entered has been saved.`,
  saved: 'Draft saved.',
  submitted: 'Assessment submitted for review. Your supervisor can now see it.',
  started: (title: string) => `Assessment for ${title} started. You can save and come back at any time.`,
  alreadyOpen: (title: string) => `You already have an open assessment for ${title}, so you are back on it.`,
  deleted: (title: string) => `The draft for ${title} was deleted.`,
  reassessed: (title: string) =>
    `New assessment for ${title} started. It starts unrated; your levels from last time are shown beside each item for reference.`,
  reassessNote:
    'This reassessment starts unrated: rate every item afresh. Last time’s agreed level is shown beside each item for reference only.',
  groupMissing: (n: number) => `${n} ${n === 1 ? 'item has' : 'items have'} no level yet:`,
  groupBadLevel: (n: number) => `${n} ${n === 1 ? 'item has' : 'items have'} a level that is not 0 to 5:`,
  groupEvidence: (n: number) => `${n} ${n === 1 ? 'evidence box is' : 'evidence boxes are'} over ${fmt(EVIDENCE_MAX)} characters:`,
  notDraft: 'This assessment has been submitted, so it can no longer be changed. Open it again to see what was submitted.',
  notDraftTitle: 'This assessment is no longer a draft',
  acknowledgementTooLong: (max: number) => `Keep the comment to ${max} characters or fewer.`,
  notReviewedYet: 'Only a reviewed result can be acknowledged.',
  acknowledgedAlready: 'You have acknowledged this result already.',
  acknowledgementMeaning: 'Acknowledging says you have seen this result; it does not mean you agree with it.',
  notSubmitted: 'This assessment is no longer waiting for review: it was returned or finalised. Open it again to see its current state.',
  onlyDraftsDeleted: 'Only drafts can be deleted. Submitted and reviewed assessments are kept as history.',
  reassessOnlyReviewed: 'Only a reviewed assessment can be reassessed.',
  noClass: 'That class is not in the catalogue, or it has no current version.',
  itemLabelMax: 90,
};

/** A short label for an item in messages: its name, or the start of its text. */
export function itemLabel(item: { name: string | null; text: string }): string {
  const s = item.name ?? item.text;
  return s.length > TEXT.itemLabelMax ? s.slice(0, TEXT.itemLabelMax - 1).trimEnd() + '…' : s;
}
