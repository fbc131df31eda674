// What the Sent mail page says about a message's link, in one place.
export const SENT_MAIL_TEXT = {
  linkHidden: 'Link hidden: it signs someone in',
  noLink: 'No link',
} as const;
