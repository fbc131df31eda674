import { describe, expect, it } from 'vitest';
import { computeGap, type GapItemInput } from '../competency/gap';
import { escapeXml, renderGapChart, renderHistoryChart } from './gap-chart.js';

// A small well-formedness check (balanced tags, quoted attributes, only known entities) so the
// tests need no XML parser beyond what package.json declares.
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(svg))) {
    consumed += match[0].length;
    const [, closing, name, , selfClosing, text, stray] = match;
    if (stray) throw new Error(`stray "<" at ${match.index}: ${svg.slice(match.index, match.index + 40)}`);
    if (text !== undefined) {
      const bad = text.match(/&(?!(amp|lt|gt|quot|apos);)/);
      if (bad) throw new Error(`unescaped "&" in text: ${text}`);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      stack.push(name);
    }
  }
  expect(consumed).toBe(svg.length);
  expect(stack).toEqual([]);
}

let nextId = 1;
function item(overrides: Partial<GapItemInput> = {}): GapItemInput {
  const id = nextId++;
  return {
    itemId: id,
    category: 'skill',
    name: `SKILL ${id}`,
    text: `statement ${id}`,
    key: `k-${id}`,
    requiredLevel: 3,
    requiredAtEntry: false,
    order: id,
    selfLevel: 2,
    supervisorLevel: null,
    ...overrides,
  };
}

const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;

describe('renderGapChart', () => {
  it.each([
    { name: 'self ratings only', supervisor: null, series: 2 },
    { name: 'with supervisor ratings', supervisor: 3, series: 3 },
  ])('draws one bar per item and series ($name)', ({ supervisor, series }) => {
    const items = [
      item({ category: 'knowledge', name: null, text: 'budgeting principles' }),
      item({ category: 'skill', supervisorLevel: supervisor }),
      item({ category: 'competency', selfLevel: null }),
    ];
    const svg = renderGapChart(computeGap(items, { reviewed: true }));
    assertWellFormed(svg);
    expect(count(svg, /<rect class="bar /g)).toBe(items.length * series);
    expect(count(svg, /class="bar bar-supervisor"/g)).toBe(series === 3 ? items.length : 0);
    expect(count(svg, /<text class="category"/g)).toBe(3); // ability has no items, so no heading
  });

  it('is an image with a title and a description that summarises readiness and gaps', () => {
    const report = computeGap([item({ selfLevel: 3 }), item({ selfLevel: 1 })], { reviewed: false });
    const svg = renderGapChart(report, { title: 'Gap chart for Ana & Bo' });
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toMatch(/aria-labelledby="gap-chart-title" aria-describedby="gap-chart-desc"/);
    expect(svg).toContain('<title id="gap-chart-title">Gap chart for Ana &amp; Bo</title>');
    expect(svg).toMatch(/<desc id="gap-chart-desc">Readiness 50.0%: 1 of 2 items meet the required level; 1 item has a gap\./);
  });

  it('escapes every piece of text taken from the data', () => {
    const hostile = '<script>&"';
    const svg = renderGapChart(computeGap([item({ name: hostile, text: `'<b>'` })], { reviewed: false }));
    assertWellFormed(svg);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain(escapeXml(hostile));
    expect(escapeXml(hostile)).toBe('&lt;script&gt;&amp;&quot;');
  });

  it('shortens long statements with an ellipsis and marks entry-required items', () => {
    const long = 'principles and practices of public sector budgeting, accounting and audit';
    const svg = renderGapChart(computeGap([item({ name: null, text: long, requiredAtEntry: true })], { reviewed: false }));
    expect(svg).toContain('>* principles and practices of public…</text>');
    expect(svg).toContain(`<title>${long}</title>`); // full text stays available as a tooltip
  });

  it('distinguishes series by pattern and label, with a legend', () => {
    const svg = renderGapChart(computeGap([item({ supervisorLevel: 1 })], { reviewed: true }));
    expect(svg).toContain('url(#gap-chart-hatch)');
    expect(svg).toContain('url(#gap-chart-dots)');
    expect(svg).toContain('Required level (Req)');
    expect(svg).toContain('Supervisor rating (Sup)');
    expect(svg).toContain('>Req 3</text>');
    expect(svg).toContain('>Self 2</text>');
    expect(svg).toContain('>Sup 1</text>');
  });

  it('renders a short message for an empty report', () => {
    const svg = renderGapChart(computeGap([], { reviewed: false }));
    assertWellFormed(svg);
    expect(svg).toContain('No items to chart.');
    expect(svg).toContain('role="img"');
  });
});

describe('renderHistoryChart', () => {
  const points = [
    { label: 'Self <first>', date: '2024-01-15', readiness: 33.3 },
    { label: 'Reviewed', date: '2024-06-30', readiness: 66.7 },
    { label: 'Reviewed', date: '2025-01-10', readiness: 100 },
  ];

  it('draws a line with one dot per assessment, axis labels, title and description', () => {
    const svg = renderHistoryChart(points);
    assertWellFormed(svg);
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="history-chart-title">Readiness over time</title>');
    expect(svg).toContain('from 33.3% on 2024-01-15 to 100.0% on 2025-01-10');
    expect(count(svg, /<circle /g)).toBe(3);
    expect(count(svg, /<polyline /g)).toBe(1);
    for (const tick of ['0%', '50%', '100%']) expect(svg).toContain(`>${tick}</text>`);
    expect(svg).toContain('>2024-06-30</text>');
    expect(svg).toContain('Self &lt;first&gt;');
  });

  it.each([
    { name: 'one point', input: points.slice(0, 1), circles: 1, desc: 'One assessment: readiness 33.3% on 2024-01-15.' },
    { name: 'no points', input: [], circles: 0, desc: 'No assessments yet.' },
  ])('handles $name', ({ input, circles, desc }) => {
    const svg = renderHistoryChart(input);
    assertWellFormed(svg);
    expect(count(svg, /<circle /g)).toBe(circles);
    expect(count(svg, /<polyline /g)).toBe(0);
    expect(svg).toContain(`<desc id="history-chart-desc">${desc}</desc>`);
  });
});
