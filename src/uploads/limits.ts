// The limits an uploaded file is read within. They are far above what a real class spec (a few
// pages, tens of KB of text) or org file (at most 50,000 rows in at most 5 MB) needs, and far below
// what a decompression bomb asks for.

export const ZIP_LIMITS = {
  /** A .docx has 10–40 parts, an .xlsx a few more per sheet. */
  maxEntries: 1000,
  /** Declared uncompressed size of one part: a 50,000-row sheet is about 20 MB of XML. */
  maxEntryBytes: 48 * 1024 * 1024,
  /** Declared uncompressed size of all parts together. */
  maxTotalBytes: 96 * 1024 * 1024,
  /** XML compresses 5–30×; deflate's ceiling is about 1,030×, which is what bombs use. */
  maxRatio: 200,
  /** Small parts may compress as well as they like (an empty XML file is all repetition). */
  ratioFloorBytes: 1024 * 1024,
};

export const PDF_LIMITS = {
  /** Class specs are 2–10 pages. */
  maxPages: 200,
  /** All compressed streams together, inflated (counted, not kept, and stopped at the limit). */
  maxInflatedBytes: 64 * 1024 * 1024,
  /** A real document has tens to a few thousand streams. */
  maxStreams: 20_000,
};

export const HTML_LIMITS = {
  /** A class spec saved as a web page is 20–300 KB with its markup; a site's whole page rarely 1 MB. */
  maxBytes: 2 * 1024 * 1024,
  /**
   * Tags (opening and closing). A posting page has a few thousand. htmlparser2 slows down
   * worse than quadratically with nesting depth (50,000 nested tags: 4 s; 200,000: past the
   * 20 s limit), so a page of deeply nested tags is refused by its count before it is read.
   */
  maxTags: 30_000,
};

export const PARSE_LIMITS = {
  /** Reading one file in the child process; past it the child is killed. */
  timeoutMs: 20_000,
  /** V8 heap of the child (--max-old-space-size). */
  heapMb: 192,
  /** Resident memory of the child (heap plus buffers outside it); past it the child is killed. */
  rssMb: 256,
  /** A child that grew past this while reading is replaced rather than kept for the next file. */
  recycleRssMb: 160,
  /** Files read at once, and files waiting; one more waiting gets 503. */
  concurrency: 1,
  queue: 4,
  /** An idle child is stopped so that its memory goes back to the system. */
  idleMs: 30_000,
  /** A child started ahead of an upload (the form was shown) waits this long for the file to be chosen. */
  warmIdleMs: 180_000,
  /** Text the child may hand back (a class spec is 10–50 KB). */
  maxTextChars: 4_000_000,
  /** Characters in all cells of a table the child may hand back (a 5 MB CSV has fewer). */
  maxTableChars: 24_000_000,
};
