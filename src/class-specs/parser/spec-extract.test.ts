import JSZip from 'jszip'; // already installed (mammoth/exceljs use it); builds a real .docx here
import PDFDocument from 'pdfkit';
import { afterAll, describe, expect, it } from 'vitest';
import { UploadParser } from '../../uploads/isolated-parse';
import { extractText, UnsupportedFileError } from './spec-extract';
import { readSharedSpec, SHARED_SPEC_FILES } from '../../../test/fixtures/spec-fixtures';
import { parseClassSpec } from './spec-parser';
import { type ParsedSpec } from './types';

/** A PDF laid out by pdfkit: its own line wrapping and page breaks, "•" for the Symbol bullet. */
function makePdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 72 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(11).text(text.replace(/\uF0B7/g, '\u2022'));
    doc.end();
  });
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A minimal Word document: one paragraph per line. */
async function makeDocx(text: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const paragraphs = text.split('\n').map((l) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(l)}</w:t></w:r></w:p>`);
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${paragraphs.join('')}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

const counts = (s: ParsedSpec) => ({
  title: s.title,
  duties: s.duties.length,
  education: s.qualifications.education.length,
  knowledge: s.items.filter((i) => i.category === 'knowledge').length,
  named: s.items.filter((i) => i.name !== null).map((i) => `${i.category}:${i.name}`),
  entry: s.items.filter((i) => i.requiredAtEntry).length,
});

describe('extractText', () => {
  // The real parse child: PDF and DOCX are read there, as in the app.
  const uploads = new UploadParser();
  afterAll(() => uploads.close());

  // pdfkit wraps and paginates differently from the original, so this also exercises re-flow.
  it.each(SHARED_SPEC_FILES)('gives the same counts and items for %s as .txt, .pdf and .docx', async (file) => {
    const text = readSharedSpec(file);
    const expected = counts(parseClassSpec(text));
    const fromTxt = await extractText(Buffer.from(text, 'utf8'), file, uploads);
    const fromPdf = await extractText(await makePdf(text), file.replace(/\.txt$/, '.pdf'), uploads);
    const fromDocx = await extractText(await makeDocx(text), file.replace(/\.txt$/, '.docx'), uploads);
    expect(counts(parseClassSpec(fromTxt))).toEqual(expected);
    expect(counts(parseClassSpec(fromPdf))).toEqual(expected);
    expect(counts(parseClassSpec(fromDocx))).toEqual(expected);
    expect(parseClassSpec(fromPdf).items).toEqual(parseClassSpec(text).items);
  });

  it('reads UTF-16 text with a byte-order mark and drops a UTF-8 one', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('CLASS TITLE: X – Y', 'utf16le')]);
    expect(await extractText(utf16, 'a.txt', uploads)).toBe('CLASS TITLE: X – Y');
    expect(await extractText(Buffer.from('\uFEFFhello', 'utf8'), 'a.TXT', uploads)).toBe('hello');
  });

  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  it.each([
    [png, 'spec.pdf', /spec\.pdf is not a PDF: its content is a PNG image/],
    [png, 'spec.txt', /spec\.txt is not a text file: its content is a PNG image/],
    [Buffer.from([0x41, 0x00, 0x42, 0x43]), 'spec.txt', /binary data/],
    [Buffer.from([0xc3, 0x28, 0x41]), 'spec.txt', /not valid UTF-8/],
    [Buffer.from('%PDF-1.7 rest'), 'spec.txt', /its content is a PDF document/],
    [Buffer.from('plain words'), 'spec.docx', /not a Word \.docx file: its content is not in that format/],
    [Buffer.from('PK\u0003\u0004garbage'), 'spec.docx', /could not be read as a Word \.docx file/],
    [Buffer.from('%PDF-1.7\nnot really'), 'spec.pdf', /could not be read as a PDF/],
    [Buffer.from('text'), 'spec.rtf', /"\.rtf" are not supported/],
    [Buffer.alloc(0), 'spec.txt', /spec\.txt is empty/],
  ])('refuses %#: content that does not match %s', async (buffer, name, message) => {
    await expect(extractText(buffer, name, uploads)).rejects.toThrow(UnsupportedFileError);
    await expect(extractText(buffer, name, uploads)).rejects.toThrow(message);
  });
});
