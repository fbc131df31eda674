import { describe, expect, it } from 'vitest';
import { contentText, sameContent } from './same-content';

describe('same content', () => {
  it('reads line breaks, blank lines and runs of spaces as one space', () => {
    expect(contentText('  First paragraph.\n\nSecond\r\n  paragraph. ')).toBe('First paragraph. Second paragraph.');
    expect(sameContent({ a: ['one\n\ntwo'], b: null }, { a: ['one two'], b: null })).toBe(true);
  });

  it('still tells apart a changed word, case, order or missing entry', () => {
    expect(sameContent('duties as required', 'duties as assigned')).toBe(false);
    expect(sameContent('Duties', 'duties')).toBe(false);
    expect(sameContent(['a', 'b'], ['b', 'a'])).toBe(false);
    expect(sameContent(['a', 'b'], ['a'])).toBe(false);
    expect(sameContent(null, '')).toBe(false);
  });
});
