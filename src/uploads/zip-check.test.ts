import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { docxBomb, makeZip, repeatDeflate } from '../../test/fixtures/upload-bombs';
import { UnreadableUploadError, UploadRefusedError } from './upload-refused';
import { checkZip } from './zip-check';

const LIMITS = {
  maxEntries: 5,
  maxEntryBytes: 8 * 1024 * 1024,
  maxTotalBytes: 10 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

describe('checkZip', () => {
  it('lists the parts of an ordinary archive written by JSZip with their declared sizes', async () => {
    const zip = new JSZip();
    zip.file('a.xml', '<a>' + 'x'.repeat(1000) + '</a>');
    zip.file('dir/b.txt', 'hello');
    const summary = checkZip(await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), 'ok.zip', LIMITS);
    expect(summary.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.xml', 1007],
      ['dir/', 0],
      ['dir/b.txt', 5],
    ]);
    expect(summary.totalUncompressed).toBe(1012);
  });

  it('refuses a part that declares more than the per-part limit, naming it', () => {
    expect(() => checkZip(docxBomb(9), 'big.docx', LIMITS)).toThrow(
      /big\.docx was not read: its part word\/document\.xml would unpack to 9 MB, more than the 8 MB allowed/,
    );
  });

  it('refuses parts that together declare more than the total limit', () => {
    const part = (n: number) => ({ name: `p${n}.xml`, content: repeatDeflate('<p>', ' '.repeat(1024 * 1024), 3, '</p>') });
    expect(() => checkZip(makeZip([part(1), part(2), part(3), part(4)]), 'many.xlsx', { ...LIMITS, maxRatio: 100_000 })).toThrow(
      /would unpack to 12 MB, more than the 10 MB allowed/,
    );
  });

  it('refuses a part compressed beyond the ratio real documents reach, but not a small one', () => {
    expect(() => checkZip(docxBomb(2), 'dense.docx', LIMITS)).toThrow(
      /its part word\/document\.xml is compressed \d+ to 1, more than the 200 to 1/,
    );
    const tiny = makeZip([{ name: 'empty.xml', content: repeatDeflate('', ' ', 500_000, '') }]);
    expect(checkZip(tiny, 'tiny.xlsx', LIMITS).entries).toHaveLength(1);
  });

  it('refuses more parts than allowed before reading them', () => {
    const parts = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, content: 'x' }));
    expect(() => checkZip(makeZip(parts), 'parts.zip', LIMITS)).toThrow('parts.zip holds 6 parts; at most 5 are accepted.');
  });

  it('refuses an archive whose local header and directory disagree about a size', () => {
    const zip = makeZip([{ name: 'a.xml', content: '<a/>' }]);
    zip.writeUInt32LE(1, 22); // the local header's uncompressed size
    expect(() => checkZip(zip, 'odd.docx', LIMITS)).toThrow(/sizes recorded for its part a\.xml disagree/);
  });

  it('calls bytes without a central directory unreadable, not a bomb', () => {
    expect(() => checkZip(Buffer.from('PK\u0003\u0004garbage'), 'x.docx', LIMITS)).toThrow(UnreadableUploadError);
    const zip = makeZip([{ name: 'a.xml', content: '<a/>' }]);
    expect(() => checkZip(zip.subarray(0, zip.length - 30), 'cut.docx', LIMITS)).toThrow(UnreadableUploadError);
    expect(() => checkZip(zip.subarray(0, zip.length - 30), 'cut.docx', LIMITS)).not.toThrow(UploadRefusedError);
  });
});
