/**
 * A file turned away before or while it was read: too big unpacked, too many pages, too slow, too
 * hungry. The message names the file and the problem and is shown next to the form's file field
 * (422); nothing is stored.
 */
export class UploadRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadRefusedError';
  }
}

/** The bytes are not what their type says (a ZIP without its directory): the reader would fail too. Answered 400 like other unreadable files. */
export class UnreadableUploadError extends Error {
  constructor(public readonly detail: string) {
    super(detail);
    this.name = 'UnreadableUploadError';
  }
}
