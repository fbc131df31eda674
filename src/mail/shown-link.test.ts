import { describe, expect, it } from 'vitest';
import { shownLink } from './shown-link';

describe('shownLink (Sent mail page)', () => {
  it('shows an ordinary notice’s deep link', () => {
    expect(shownLink({ link: 'https://hr.example.gov/assessments/42', sensitive: false })).toEqual({
      kind: 'link',
      url: 'https://hr.example.gov/assessments/42',
    });
  });

  it('hides the link of a message marked sensitive, whatever it looks like', () => {
    expect(shownLink({ link: 'https://hr.example.gov/assessments/42', sensitive: true })).toEqual({ kind: 'hidden' });
    expect(shownLink({ link: null, sensitive: true })).toEqual({ kind: 'hidden' });
  });

  it('hides links that look like they carry a secret even when the flag is missing', () => {
    for (const link of [
      'https://hr.example.gov/password/reset/abcdefghijklmnopqrstuvwxyz',
      'https://hr.example.gov/welcome?token=abc',
      'https://hr.example.gov/x?code=1',
      'https://hr.example.gov/login#access_token=1',
      'https://hr.example.gov/invite/TOKEN123',
    ])
      expect(shownLink({ link, sensitive: false }), link).toEqual({ kind: 'hidden' });
  });

  it('shows no link for none, a malformed one, or one that is not a web address', () => {
    expect(shownLink({ link: null, sensitive: false })).toEqual({ kind: 'none' });
    expect(shownLink({ link: 'not a url', sensitive: false })).toEqual({ kind: 'none' });
    expect(shownLink({ link: 'javascript:alert(1)', sensitive: false })).toEqual({ kind: 'none' });
  });
});
