// "NAME - definition" items (skills, abilities, competencies). Pure, linear-time.

export interface NamedParts {
  name: string;
  text: string;
}

const DASHES = '-\u2013\u2014\u2212';
const MAX_NAME_LENGTH = 100;

/** An item name is upper case: letters, digits, spaces and a little punctuation. */
function isName(s: string): boolean {
  if (s.length === 0 || s.length > MAX_NAME_LENGTH) return false;
  if (!/^[A-Z0-9][A-Z0-9 &/,'\u2019().-]*$/.test(s)) return false;
  const letters = s.replace(/[^A-Z]/g, '').length;
  return letters >= 2 && s.split(/\s+/).length <= 10;
}

/**
 * "ACTIVE LEARNING - Understand …" with "-", "–" or "—". A hyphen only separates when a space
 * precedes it, so "SELF-CONFIDENCE – …" keeps its name whole.
 */
export function parseNamedStrict(s: string): NamedParts | null {
  const limit = Math.min(s.length, MAX_NAME_LENGTH + 2);
  for (let i = 1; i < limit; i++) {
    const c = s[i];
    if (!DASHES.includes(c)) continue;
    if (c === '-' && s[i - 1] !== ' ') continue;
    const name = s.slice(0, i).trim();
    const text = s.slice(i + 1).trim();
    if (!isName(name) || text === '') return null;
    return { name: name.replace(/\s+/g, ' '), text };
  }
  return null;
}

/**
 * Fallbacks for a missing dash: "NAME: definition" or "NAME Definition starts here".
 * Callers report these as guesses. `s` must be whitespace-normalised.
 */
export function parseNamedLoose(s: string): NamedParts | null {
  const colon = s.indexOf(':');
  if (colon > 0 && colon <= MAX_NAME_LENGTH && isName(s.slice(0, colon).trim()) && s.slice(colon + 1).trim()) {
    return { name: s.slice(0, colon).trim().replace(/\s+/g, ' '), text: s.slice(colon + 1).trim() };
  }
  const words = s.slice(0, 200).split(/\s+/);
  let n = 0;
  while (n < words.length && /^[A-Z0-9&/'\u2019(),.-]+$/.test(words[n]) && /[A-Z]/.test(words[n])) n++;
  if (n === 0 || n >= words.length || !/^[A-Z][a-z]/.test(words[n])) return null;
  const name = words.slice(0, n).join(' ');
  if (!isName(name)) return null;
  const text = s.slice(name.length).trim(); // s is whitespace-normalised, so the name is its prefix
  return text ? { name, text } : null;
}
