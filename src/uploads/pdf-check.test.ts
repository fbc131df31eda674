import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { pdfFlateBomb, pdfManyPages } from '../../test/fixtures/upload-bombs';
import { checkPdf, countPdfPages } from './pdf-check';

function pdfkitPdf(pages: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let i = 0; i < pages; i++) {
      if (i) doc.addPage();
      doc.text(`Page ${i + 1} of a class specification`);
    }
    doc.end();
  });
}

const LIMITS = { maxPages: 50, maxInflatedBytes: 16 * 1024 * 1024, maxStreams: 1000 };

describe('checkPdf', () => {
  it('passes an ordinary PDF and counts its pages and inflated bytes', async () => {
    const summary = await checkPdf(await pdfkitPdf(3), 'spec.pdf', LIMITS);
    expect(summary.pages).toBe(3);
    expect(summary.inflatedBytes).toBeGreaterThan(0);
    expect(summary.inflatedBytes).toBeLessThan(1024 * 1024);
  });

  it('counts page objects, not the page tree, and a page tree /Count written either way round', () => {
    expect(countPdfPages('<< /Type /Pages /Kids [] /Count 7 >> << /Type /Page >> << /Type/Page >>')).toBe(7);
    expect(countPdfPages('<< /Count 12 /Kids [] /Type /Pages >>')).toBe(12);
    expect(countPdfPages('<< /Type /Page /Parent 2 0 R >>')).toBe(1);
  });

  it('refuses a PDF with more pages than allowed', async () => {
    await expect(checkPdf(pdfManyPages(51), 'long.pdf', LIMITS)).rejects.toThrow('long.pdf has 51 pages; at most 50 are read.');
  });

  it('refuses a stream that inflates past the limit after inflating only up to it', async () => {
    await expect(checkPdf(pdfFlateBomb(64), 'bomb.pdf', LIMITS)).rejects.toThrow(
      'bomb.pdf was not read: its compressed content unpacks to more than 16 MB',
    );
  });
});
