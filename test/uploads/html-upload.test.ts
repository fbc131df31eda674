import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readClassSpecHtml } from '../../src/class-specs/parser/spec-read';
import { UploadParser } from '../../src/uploads/isolated-parse';
import { HTML_LIMITS } from '../../src/uploads/limits';
import { readHtmlText } from '../../src/uploads/upload-check';
import { UploadRefusedError } from '../../src/uploads/upload-refused';

// Issue 19: an uploaded .html class spec is tokenised in the parse child, like PDF and DOCX, and a
// hostile page (200,000 nested tags) is either refused by its size before any reading or read
// within the child's limits, while the parent keeps serving.

const uploads = new UploadParser();
afterAll(() => uploads.close());

const nested = (tag: string, depth: number, inner: string) => `<${tag}>`.repeat(depth) + inner + `</${tag}>`.repeat(depth);
const FSU = path.resolve(__dirname, '../fixtures/class-specs/florida-state-university/program-assistant.html');

describe('HTML uploads are read in the parse child', () => {
  it('refuses 200,000 nested <div> tags (2.2 MB) by their size, before the child reads them', async () => {
    const bomb = Buffer.from(`<html><body>${nested('div', 200_000, 'x')}</body></html>`);
    expect(bomb.byteLength).toBeGreaterThan(HTML_LIMITS.maxBytes);
    const err = await readHtmlText(uploads, bomb, 'nested.html').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRefusedError);
    expect((err as Error).message).toBe(
      "nested.html was not read: it is 2.1 MB of HTML, more than the 2 MB a class specification's web page needs.",
    );
  });

  it('refuses 200,000 nested <b> tags (1.4 MB) by their count: the tokenizer slows past its time limit on them', async () => {
    const hostile = Buffer.from(`<html><body><p>${nested('b', 200_000, 'Ability to read deeply nested markup')}</p></body></html>`);
    expect(hostile.byteLength).toBeLessThan(HTML_LIMITS.maxBytes);
    const err = await readHtmlText(uploads, hostile, 'deep.html').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRefusedError);
    expect((err as Error).message).toBe(
      "deep.html was not read: it has 400,006 HTML tags, more than the 30,000 a class specification's web page needs.",
    );
  });

  it('reads 14,000 nested tags (just under the count) in the child within a second or two, as one line of text', async () => {
    const hostile = Buffer.from(`<p>${nested('b', 14_000, 'Ability to read deeply nested markup')}</p>`);
    const started = Date.now();
    const outcome = await readHtmlText(uploads, hostile, 'deep.html');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome).toEqual({ ok: true, value: { text: 'Ability to read deeply nested markup', title: null } });
  });

  it('reads 14,000 unclosed list items (one line each) within the limits', async () => {
    const hostile = Buffer.from(`<ul>${'<li>a'.repeat(14_000)}</ul>`);
    const outcome = await readHtmlText(uploads, hostile, 'items.html');
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.value.text.split('\n')).toHaveLength(14_000);
  });

  it('still reads a real class spec afterwards: the structured lines go to readClassSpecHtml', async () => {
    const outcome = await readHtmlText(uploads, fs.readFileSync(FSU), 'program-assistant.html');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const spec = readClassSpecHtml(outcome.value);
    expect(spec.title).toBe('Program Assistant');
    expect(spec.code).toBe('4206');
    expect(spec.items.length).toBeGreaterThan(5);
    expect(readClassSpecHtml(fs.readFileSync(FSU, 'utf8'))).toEqual(spec);
  });
});
