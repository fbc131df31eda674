// What an administrator reads when an upload is refused before or while it is read.
// `name` is the file's name as uploaded.

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export const UPLOAD_TEXT = {
  zipDamaged: 'it is not a complete ZIP archive (a .docx or .xlsx file is one)',
  zip64: (name: string) => `${name} uses ZIP64 archive records, which no document of at most 5 MB needs; it was not read.`,
  zipEntries: (name: string, n: number, max: number) => `${name} holds ${n} parts; at most ${max} are accepted. It was not read.`,
  zipEntrySize: (name: string, part: string, bytes: number, max: number) =>
    `${name} was not read: its part ${part} would unpack to ${mb(bytes)}, more than the ${mb(max)} allowed (a compressed “bomb”?).`,
  zipTotalSize: (name: string, bytes: number, max: number) =>
    `${name} was not read: it would unpack to ${mb(bytes)}, more than the ${mb(max)} allowed (a compressed “bomb”?).`,
  zipRatio: (name: string, part: string, ratio: number, max: number) =>
    `${name} was not read: its part ${part} is compressed ${Math.round(ratio)} to 1, more than the ${max} to 1 real documents reach (a compressed “bomb”?).`,
  zipMismatch: (name: string, part: string) =>
    `${name} was not read: the sizes recorded for its part ${part} disagree with each other (a damaged or crafted file).`,
  pdfPages: (name: string, n: number, max: number) =>
    `${name} has ${n} pages; at most ${max} are read. Upload only the class specification.`,
  pdfInflated: (name: string, max: number) =>
    `${name} was not read: its compressed content unpacks to more than ${mb(max)} (a compressed “bomb”?).`,
  pdfStreams: (name: string, n: number, max: number) => `${name} was not read: it has ${n} content streams, more than the ${max} allowed.`,
  timeout: (name: string, seconds: number) =>
    `${name} was not read: reading it took longer than ${seconds} seconds, so it was stopped. Upload a smaller or simpler file.`,
  memory: (name: string, mbLimit: number) =>
    `${name} was not read: reading it needed more than ${mbLimit} MB of memory, so it was stopped (a compressed “bomb”?).`,
  crashed: (name: string) =>
    `${name} could not be read: the reader stopped unexpectedly. Save the file again (or as another format) and upload it.`,
  tooMuchText: (name: string, max: number) =>
    `${name} was not read: it holds more than ${max.toLocaleString('en-US')} characters of text, far more than a class specification.`,
  tooManyCells: (name: string) => `${name} was not read: its cells hold more text than an import can take. Split it into several files.`,
  htmlSize: (name: string, bytes: number, max: number) =>
    `${name} was not read: it is ${(bytes / 1024 / 1024).toFixed(1)} MB of HTML, more than the ${mb(max)} a class specification's web page needs.`,
  htmlTags: (name: string, n: number, max: number) =>
    `${name} was not read: it has ${n.toLocaleString('en-US')} HTML tags, more than the ${max.toLocaleString('en-US')} a class specification's web page needs.`,
  busy: 'Several files are being read right now. Please wait a minute and send yours again; nothing was stored.',
};
