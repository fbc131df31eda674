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
