import { ZIP_LIMITS } from './limits';
import { UnreadableUploadError, UploadRefusedError } from './upload-refused';
import { UPLOAD_TEXT } from './uploads.text';

// Reads a ZIP archive's central directory (never its data) and refuses it when the parts it
// declares are too many or would unpack too large, or when a part is compressed like a bomb.
// The libraries that read .docx and .xlsx trust these records and inflate whatever follows, so
// this runs before them; a file whose records lie about sizes is stopped by the reader's own
// memory and time limits instead (isolated-parse.ts).
// Format: PKWARE APPNOTE.TXT §4.3.12 (central directory header), §4.3.16 (end of central directory).

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipSummary {
  entries: ZipEntryInfo[];
  totalUncompressed: number;
}

export type ZipLimits = typeof ZIP_LIMITS;

/** Field offsets and widths (bytes) of the two records read, as APPNOTE lays them out. */
const END_RECORD = { disk: [4, 2], cdDisk: [6, 2], onDisk: [8, 2], count: [10, 2], cdSize: [12, 4], cdOffset: [16, 4] } as const;
const CENTRAL_HEADER = {
  flags: [8, 2],
  compressedSize: [20, 4],
  uncompressedSize: [24, 4],
  nameLen: [28, 2],
  extraLen: [30, 2],
  commentLen: [32, 2],
  localOffset: [42, 4],
} as const;

type Layout = Record<string, readonly [number, 2 | 4]>;

/** Reads a record's little-endian fields at `at` by its layout. */
function readRecord<L extends Layout>(buf: Buffer, at: number, layout: L): { [K in keyof L]: number } {
  const out = {} as Record<string, number>;
  for (const [field, [offset, width]] of Object.entries(layout)) {
    out[field] = width === 2 ? buf.readUInt16LE(at + offset) : buf.readUInt32LE(at + offset);
  }
  return out as { [K in keyof L]: number };
}

function findEndRecord(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - EOCD_SIZE - MAX_COMMENT);
  for (let i = buf.length - EOCD_SIZE; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  return -1;
}

/**
 * The archive's parts as its central directory declares them; throws UploadRefusedError past the
 * limits, UnreadableUploadError when there is no whole directory to read.
 */
export function checkZip(buf: Buffer, name: string, limits: ZipLimits = ZIP_LIMITS): ZipSummary {
  const damaged = () => new UnreadableUploadError(UPLOAD_TEXT.zipDamaged);
  if (buf.length < EOCD_SIZE) throw damaged();
  const end = findEndRecord(buf);
  if (end < 0) throw damaged();
  const { disk, cdDisk, onDisk, count, cdSize, cdOffset } = readRecord(buf, end, END_RECORD);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new UploadRefusedError(UPLOAD_TEXT.zip64(name));
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw damaged(); // split archives
  if (count > limits.maxEntries) throw new UploadRefusedError(UPLOAD_TEXT.zipEntries(name, count, limits.maxEntries));
  if (cdOffset + cdSize > end) throw damaged();

  const entries: ZipEntryInfo[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL_SIG) throw damaged();
    const { flags, compressedSize, uncompressedSize, nameLen, extraLen, commentLen, localOffset } = readRecord(buf, p, CENTRAL_HEADER);
    if (p + 46 + nameLen > end) throw damaged();
    const entryName = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new UploadRefusedError(UPLOAD_TEXT.zip64(name));
    }
    checkLocalHeader(buf, name, entryName, localOffset, flags, compressedSize, uncompressedSize);

    if (uncompressedSize > limits.maxEntryBytes) {
      throw new UploadRefusedError(UPLOAD_TEXT.zipEntrySize(name, entryName, uncompressedSize, limits.maxEntryBytes));
    }
    const ratio = uncompressedSize / Math.max(1, compressedSize);
    if (uncompressedSize >= limits.ratioFloorBytes && ratio > limits.maxRatio) {
      throw new UploadRefusedError(UPLOAD_TEXT.zipRatio(name, entryName, ratio, limits.maxRatio));
    }
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) throw new UploadRefusedError(UPLOAD_TEXT.zipTotalSize(name, total, limits.maxTotalBytes));
    entries.push({ name: entryName, compressedSize, uncompressedSize });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, totalUncompressed: total };
}

/**
 * The local header in front of each part's data repeats its sizes (unless bit 3 of the flags says
 * they follow the data). Readers that walk local headers would believe those instead, so both must
 * say the same thing.
 */
function checkLocalHeader(
  buf: Buffer,
  name: string,
  entryName: string,
  offset: number,
  flags: number,
  compressed: number,
  uncompressed: number,
): void {
  if (offset + 30 > buf.length || buf.readUInt32LE(offset) !== LOCAL_SIG) throw new UnreadableUploadError(UPLOAD_TEXT.zipDamaged);
  if (flags & 0x8) return;
  if (buf.readUInt32LE(offset + 18) !== compressed || buf.readUInt32LE(offset + 22) !== uncompressed) {
    throw new UploadRefusedError(UPLOAD_TEXT.zipMismatch(name, entryName));
  }
}
