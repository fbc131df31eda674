import { describe, expect, it } from 'vitest';
import { sameWording } from './competency-key';

describe('sameWording (names and definitions across categories)', () => {
  it('agrees across case, punctuation, spacing and the listed spelling variants', () => {
    expect(sameWording('ANALYTICAL THINKING', 'Analytical  thinking')).toBe(true);
    expect(sameWording('Analyse information, and use logic.', 'analyze information and use logic')).toBe(true);
    expect(sameWording('JUDGEMENT AND DECISION MAKING', 'Judgment and decision-making')).toBe(true);
  });

  it('disagrees on other words, word order, or a missing word; nothing agrees with nothing', () => {
    expect(sameWording('Analyze information and use logic', 'Analyze data and use logic')).toBe(false);
    expect(sameWording('use logic and analyze information', 'analyze information and use logic')).toBe(false);
    expect(sameWording('Analyze information', 'Analyze information and use logic')).toBe(false);
    expect(sameWording('—', '...')).toBe(false);
  });
});
