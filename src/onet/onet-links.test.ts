import { describe, expect, it } from 'vitest';
import { planLinks, type LinkableKey } from './onet-links';
import { parseLinks } from './onet-tsv';

const elements = [
  { elementId: '2.A.2.b', name: 'Active Learning' },
  { elementId: '2.B.4.e', name: 'Judgment and Decision Making' },
  { elementId: '2.B.3.e', name: 'Programming' },
  { elementId: '1.A.1.a.3', name: 'Oral Expression' },
  { elementId: '2.A.1.e', name: 'Mathematics' },
  { elementId: '2.C.4.a', name: 'Mathematics' },
];
const key = (id: number, label: string, o: Partial<LinkableKey> = {}): LinkableKey => ({
  id,
  key: label.toLowerCase().replace(/\W+/g, '-'),
  label,
  category: 'skill',
  elementId: null,
  status: null,
  ...o,
});
const mapping = parseLinks(
  'key_or_name\telement_id\tnote\nSPEAK\t1.A.1.a.3\tOral Expression\nJUDGMENT AND DECISION MAKING\t2.B.4.e\t\nNOPE\t9.9.9\tunknown element\n',
);

describe('planLinks', () => {
  it('confirms mapping-file entries, including the JUDGEMENT spelling', () => {
    const { changes } = planLinks(
      [key(1, 'SPEAK', { category: 'ability' }), key(2, 'JUDGEMENT AND DECISION MAKING', { key: 'judgment-and-decision-making' })],
      mapping,
      elements,
    );
    expect(changes).toEqual([
      { id: 1, elementId: '1.A.1.a.3', status: 'confirmed' },
      { id: 2, elementId: '2.B.4.e', status: 'confirmed' },
    ]);
  });

  it('links exact name matches automatically, only within the skill or ability part of O*NET', () => {
    const { changes } = planLinks(
      [key(1, 'ACTIVE LEARNING'), key(2, 'MATHEMATICS'), key(3, 'PROGRAMMING', { category: 'ability' })],
      mapping,
      elements,
    );
    expect(changes).toEqual([
      { id: 1, elementId: '2.A.2.b', status: 'auto' },
      { id: 2, elementId: '2.A.1.e', status: 'auto' },
      { id: 3, elementId: null, status: 'review' },
    ]);
  });

  it('marks everything else for review and leaves other categories alone', () => {
    const { changes } = planLinks([key(1, 'ANALYTICAL THINKING'), key(2, 'INITIATIVE', { category: 'competency' })], mapping, elements);
    expect(changes).toEqual([{ id: 1, elementId: null, status: 'review' }]);
  });

  it('changes nothing on a second run and never overrides an administrator', () => {
    const linked = [
      key(1, 'ACTIVE LEARNING', { elementId: '2.A.2.b', status: 'auto' }),
      key(2, 'SPEAK', { elementId: '1.A.1.a.3', status: 'confirmed', category: 'ability' }),
      key(3, 'PROGRAMMING', { elementId: '2.A.2.b', status: 'admin' }),
      key(4, 'WRITE', { elementId: null, status: 'none' }),
    ];
    expect(planLinks(linked, mapping, elements).changes).toEqual([]);
  });

  it('reports mapping rows whose element does not exist', () => {
    expect(planLinks([], mapping, elements).unknownMappings.map((m) => m.keyOrName)).toEqual(['NOPE']);
  });
});
