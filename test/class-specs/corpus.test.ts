import { afterAll, describe, expect, it } from 'vitest';
import { CATEGORY_ORDER } from '../../src/competency/category';
import { UploadParser } from '../../src/uploads/isolated-parse';
import { compareWithExpected, corpusFiles } from '../fixtures/spec-corpus';

// Every real-world document of test/fixtures/class-specs/ (SOURCES.md) against the parse a rater
// wrote for it: exact, or within one statement per category with a warning that names a line.
describe('real-world class-spec corpus', () => {
  const files = corpusFiles();
  // PDF, DOCX and HTML are read in the upload parse child, as the import reads them.
  const uploads = new UploadParser();
  afterAll(() => uploads.close());

  it('holds at least 45 documents from at least 32 employers, in every published form (text, HTML, PDF, DOCX)', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    expect(new Set(files.map((f) => f.split('/')[0])).size).toBeGreaterThanOrEqual(32);
    for (const ext of ['.txt', '.html', '.pdf', '.docx'])
      expect(
        files.some((f) => f.endsWith(ext)),
        ext,
      ).toBe(true);
  });

  it.each(files)('reads %s as a rater would', async (file) => {
    const c = await compareWithExpected(file, uploads);
    expect(c.error).toBeUndefined();
    expect(c.parsedTitle).toBe(c.expectedTitle);
    expect(c.parsedLevels, 'series levels').toEqual(c.expectedLevels);
    if (c.verdict === 'exact') return;
    expect(c.verdict).toBe('within one');
    for (const cat of CATEGORY_ORDER) {
      expect(c.categories[cat].missing.length, `${cat} missing`).toBeLessThanOrEqual(1);
      expect(c.categories[cat].extra.length, `${cat} extra`).toBeLessThanOrEqual(1);
    }
    expect(c.warnings.some((w) => /^line \d+:/.test(w))).toBe(true);
  });
});
