import { describe, expect, it } from 'vitest';
import { computeGap, roundOne, type GapItemInput } from './gap';

let nextId = 1;
function item(overrides: Partial<GapItemInput> = {}): GapItemInput {
  const id = overrides.itemId ?? nextId++;
  return {
    itemId: id,
    category: 'skill',
    name: `ITEM ${id}`,
    text: `statement ${id}`,
    key: `item-${id}`,
    requiredLevel: 3,
    requiredAtEntry: false,
    order: id,
    selfLevel: null,
    supervisorLevel: null,
    ...overrides,
  };
}

const ids = (list: { itemId: number }[]) => list.map((i) => i.itemId);

describe('roundOne', () => {
  it.each([
    [(2 / 3) * 100, 66.7],
    [(1 / 3) * 100, 33.3],
    [12.25, 12.3],
    [1.45, 1.5],
    [0.05, 0.1],
    [-12.25, -12.3],
    [-0.04, 0],
    [100, 100],
  ])('rounds %d to %d', (input, expected) => {
    expect(roundOne(input)).toBe(expected);
  });

  it('never returns negative zero', () => {
    expect(Object.is(roundOne(-0.01), 0)).toBe(true);
  });
});

describe('computeGap summary figures', () => {
  it.each([
    {
      name: 'all met',
      items: [item({ selfLevel: 3 }), item({ selfLevel: 5, requiredLevel: 4 })],
      readiness: 100,
      coverage: 100,
      met: 2,
    },
    {
      name: 'all missing (rated 0)',
      items: [item({ selfLevel: 0 }), item({ selfLevel: 0, requiredLevel: 5 })],
      readiness: 0,
      coverage: 0,
      met: 0,
    },
    {
      name: '1 of 3 met rounds to 33.3',
      items: [item({ selfLevel: 3 }), item({ selfLevel: 2 }), item({ selfLevel: 2 })],
      readiness: 33.3,
      coverage: 77.8,
      met: 1,
    },
    {
      name: '2 of 3 met rounds to 66.7',
      items: [item({ selfLevel: 3 }), item({ selfLevel: 4 }), item({ selfLevel: 1 })],
      readiness: 66.7,
      coverage: 77.8,
      met: 2,
    },
    {
      name: 'coverage gives partial credit and caps over-achievement at the required level',
      items: [item({ requiredLevel: 4, selfLevel: 2 }), item({ requiredLevel: 4, selfLevel: 5 })],
      readiness: 50,
      coverage: 75,
      met: 1,
    },
    {
      name: 'nothing required counts as fully covered',
      items: [item({ requiredLevel: 0, selfLevel: 0 })],
      readiness: 100,
      coverage: 100,
      met: 1,
    },
    { name: 'empty input', items: [], readiness: 0, coverage: 0, met: 0 },
  ])('$name', ({ items, readiness, coverage, met }) => {
    const report = computeGap(items, { reviewed: false });
    expect(report.readiness).toBe(readiness);
    expect(report.coverage).toBe(coverage);
    expect(report.metItems).toBe(met);
    expect(report.totalItems).toBe(items.length);
  });
});

describe('computeGap level source', () => {
  const rated = () => [item({ itemId: 101, requiredLevel: 4, selfLevel: 4, supervisorLevel: 2 })];

  it.each([
    { status: 'reviewed', reviewed: true, level: 2, gap: 2, met: false },
    { status: 'submitted', reviewed: false, level: 4, gap: 0, met: true },
  ])('uses the right level when $status', ({ reviewed, level, gap, met }) => {
    const [result] = computeGap(rated(), { reviewed }).items;
    expect(result).toMatchObject({ level, gap, met });
  });

  it('falls back to the self level when a reviewed item has no supervisor level', () => {
    const [result] = computeGap([item({ requiredLevel: 3, selfLevel: 2 })], { reviewed: true }).items;
    expect(result).toMatchObject({ level: 2, gap: 1, priority: 1 });
  });
});

describe('computeGap development priorities', () => {
  it('weights entry-required items double, which changes the order', () => {
    const plain = item({ itemId: 201, requiredLevel: 5, selfLevel: 2 }); // gap 3, priority 3
    const entry = item({ itemId: 202, requiredLevel: 4, selfLevel: 2, requiredAtEntry: true }); // gap 2, priority 4
    const report = computeGap([plain, entry], { reviewed: false });
    expect(ids(report.priorities)).toEqual([202, 201]);
    expect(report.priorities.map((i) => [i.weight, i.priority])).toEqual([
      [2, 4],
      [1, 3],
    ]);
  });

  it.each([
    {
      name: 'equal priority: larger gap first',
      items: [
        item({ itemId: 301, requiredLevel: 3, selfLevel: 1, requiredAtEntry: true }), // gap 2 ×2 = 4
        item({ itemId: 302, requiredLevel: 5, selfLevel: 1 }), // gap 4 ×1 = 4
      ],
      expected: [302, 301],
    },
    {
      name: 'equal priority and gap: category order',
      items: [
        item({ itemId: 311, category: 'competency', selfLevel: 1, order: 1 }),
        item({ itemId: 312, category: 'ability', selfLevel: 1, order: 1 }),
        item({ itemId: 313, category: 'knowledge', selfLevel: 1, order: 9 }),
        item({ itemId: 314, category: 'skill', selfLevel: 1, order: 1 }),
      ],
      expected: [313, 314, 312, 311],
    },
    {
      name: 'same category: catalogue order',
      items: [
        item({ itemId: 321, selfLevel: 2, order: 3 }),
        item({ itemId: 322, selfLevel: 2, order: 1 }),
        item({ itemId: 323, selfLevel: 2, order: 2 }),
      ],
      expected: [322, 323, 321],
    },
    {
      name: 'met items are left out',
      items: [item({ itemId: 331, selfLevel: 3 }), item({ itemId: 332, selfLevel: 2 })],
      expected: [332],
    },
  ])('$name', ({ items, expected }) => {
    expect(ids(computeGap(items, { reviewed: false }).priorities)).toEqual(expected);
  });
});

describe('computeGap category summaries', () => {
  it('always lists all four categories, an empty one with null figures', () => {
    const report = computeGap(
      [
        item({ category: 'knowledge', requiredLevel: 5, selfLevel: 2 }),
        item({ category: 'knowledge', requiredLevel: 3, selfLevel: 3 }),
        item({ category: 'skill', requiredLevel: 3, selfLevel: 2 }),
        item({ category: 'competency', requiredLevel: 3, selfLevel: null }),
      ],
      { reviewed: false },
    );
    expect(report.categories).toEqual([
      { category: 'knowledge', items: 2, met: 1, unrated: 0, readiness: 50, meanGap: 1.5 },
      { category: 'skill', items: 1, met: 0, unrated: 0, readiness: 0, meanGap: 1 },
      { category: 'ability', items: 0, met: 0, unrated: 0, readiness: null, meanGap: null },
      { category: 'competency', items: 1, met: 0, unrated: 1, readiness: 0, meanGap: null },
    ]);
  });

  it('rounds the mean gap to one decimal', () => {
    const report = computeGap([item({ selfLevel: 2 }), item({ selfLevel: 2 }), item({ selfLevel: 3 })], { reviewed: false });
    expect(report.categories[1].meanGap).toBe(0.7);
  });
});

describe('computeGap calibration', () => {
  it.each([
    { self: 5, supervisor: 3, reviewed: true, flag: 'blind-spot' },
    { self: 1, supervisor: 4, reviewed: true, flag: 'hidden-strength' },
    { self: 4, supervisor: 2, reviewed: false, flag: 'blind-spot' },
    { self: 3, supervisor: 2, reviewed: true, flag: null },
    { self: 2, supervisor: 3, reviewed: true, flag: null },
    { self: 3, supervisor: null, reviewed: true, flag: null },
  ])('self $self vs supervisor $supervisor (reviewed: $reviewed) → $flag', ({ self, supervisor, reviewed, flag }) => {
    const report = computeGap([item({ selfLevel: self, supervisorLevel: supervisor })], { reviewed });
    expect(report.items[0].calibration).toBe(flag);
    expect(report.calibration).toHaveLength(flag ? 1 : 0);
  });
});

describe('computeGap unrated items', () => {
  const report = computeGap(
    [
      item({ itemId: 401, requiredLevel: 4, selfLevel: 4 }),
      item({ itemId: 402, requiredLevel: 4, selfLevel: null }),
      item({ itemId: 403, requiredLevel: 2, selfLevel: 1 }),
    ],
    { reviewed: false },
  );

  it('leaves gap and priority empty and does not count the item as met', () => {
    expect(report.items.find((i) => i.itemId === 402)).toMatchObject({
      level: null,
      gap: null,
      priority: null,
      met: false,
      calibration: null,
    });
  });

  it('lists it as unrated and keeps it out of priorities', () => {
    expect(ids(report.unrated)).toEqual([402]);
    expect(report.unratedItems).toBe(1);
    expect(ids(report.priorities)).toEqual([403]);
  });

  it('counts it in the readiness and coverage denominators only', () => {
    expect(report.readiness).toBe(33.3); // 1 met of 3
    expect(report.coverage).toBe(50); // (4 + 0 + 1) / (4 + 4 + 2)
    expect(report.categories[1]).toMatchObject({ items: 3, met: 1, unrated: 1, meanGap: 0.5 });
  });
});

describe('computeGap output order', () => {
  it('returns items in catalogue order without changing the input', () => {
    const input = [
      item({ itemId: 503, category: 'ability', order: 1 }),
      item({ itemId: 501, category: 'knowledge', order: 2 }),
      item({ itemId: 502, category: 'knowledge', order: 1 }),
    ];
    const report = computeGap(input, { reviewed: false });
    expect(ids(report.items)).toEqual([502, 501, 503]);
    expect(ids(input)).toEqual([503, 501, 502]);
  });
});
