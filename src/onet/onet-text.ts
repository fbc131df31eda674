// User-facing text of the O*NET feature, in one place.

/** The CC BY 4.0 attribution wording, verbatim from seeds/onet/SOURCE.md (its first paragraph). */
export const ONET_ATTRIBUTION =
  'This page includes information from the O*NET 29.3 Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of USDOL/ETA.';

export const LINK_STATUS_LABELS: Record<string, string> = {
  confirmed: 'Confirmed (mapping file)',
  auto: 'Automatic (same name)',
  admin: 'Set by an administrator',
  none: 'No O*NET element (decided by an administrator)',
  review: 'For review',
};

export const ONET_TEXT = {
  adminTitle: 'O*NET links',
  unknownElement: 'Enter an O*NET element id from the Content Model Reference, for example 2.A.2.b.',
  keyNotLinkable: 'Only skills and abilities can be linked to O*NET.',
  linkSaved: (label: string) => `O*NET link of ${label} saved.`,
  linkCleared: (label: string) => `${label} is now marked as having no O*NET element.`,
};
