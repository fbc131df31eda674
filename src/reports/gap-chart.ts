// Server-rendered SVG charts for gap reports: they work without JavaScript, print well and go
// into the PDF unchanged. Each chart is one role="img" with a title and a text summary; the page
// shows the same figures as a table, so the SVG does not need to be navigable piece by piece.
import { formatPercent, type GapItemResult, type GapReport } from '../competency/gap';
import { CATEGORY_ORDER, type Category } from '../competency/category';

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"';
const TEXT_COLOUR = '#1a1a1a';
const GRID_COLOUR = '#8a8a8a';
const LEVEL_NAMES = ['None', 'Awareness', 'Basic', 'Intermediate', 'Advanced', 'Expert'];
const CATEGORY_HEADINGS: Record<Category, string> = {
  knowledge: 'Knowledge',
  skill: 'Skills',
  ability: 'Abilities',
  competency: 'Competencies',
};

type SeriesKey = 'required' | 'self' | 'supervisor';
interface Series {
  key: SeriesKey;
  legend: string;
  short: string;
  colour: string;
  fill: (p: string) => string;
}

// Every colour has at least 4.5:1 contrast on white; series also differ by fill pattern and by the
// text label at the end of each bar, so nothing relies on colour alone.
const SERIES: Record<SeriesKey, Series> = {
  required: { key: 'required', legend: 'Required level', short: 'Req', colour: '#4d4d4d', fill: (p) => `url(#${p}-hatch)` },
  self: { key: 'self', legend: 'Self rating', short: 'Self', colour: '#1f5fa8', fill: () => '#1f5fa8' },
  supervisor: { key: 'supervisor', legend: 'Supervisor rating', short: 'Sup', colour: '#a04a00', fill: (p) => `url(#${p}-dots)` },
};

/** Escapes text for XML content and attributes and drops characters XML 1.0 forbids. */
export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

// Code points, not UTF-16 units, so an emoji or accented letter is never cut in half.
function truncate(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  let cut = chars.slice(0, max - 1).join('');
  // End on a whole word when one ends reasonably close, so labels do not read "sect…".
  const space = chars[max - 1] === ' ' ? cut.length : cut.lastIndexOf(' ');
  if (space > max / 2) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

const num = (n: number) => String(Math.round(n * 10) / 10);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '') || 'chart';

function svgOpen(width: number, height: number, prefix: string, title: string, desc: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` aria-labelledby="${prefix}-title" aria-describedby="${prefix}-desc" ${FONT} font-size="12">`,
    `<title id="${prefix}-title">${escapeXml(title)}</title>`,
    `<desc id="${prefix}-desc">${escapeXml(desc)}</desc>`,
  ].join('');
}

function itemLabel(item: GapItemResult): string {
  return (item.requiredAtEntry ? '* ' : '') + truncate(item.name ?? item.text, 40);
}

function seriesValue(item: GapItemResult, key: SeriesKey): number | null {
  if (key === 'required') return item.requiredLevel;
  return key === 'self' ? item.selfLevel : item.supervisorLevel;
}

function gapDescription(report: GapReport, withSupervisor: boolean): string {
  const gaps = report.priorities.length;
  const parts = [
    `Readiness ${formatPercent(report.readiness)}: ${report.metItems} of ${plural(report.totalItems, 'item meets', 'items meet')} the required level`,
    `${plural(gaps, 'item has', 'items have')} a gap`,
  ];
  if (report.unratedItems > 0) parts.push(`${report.unratedItems} not rated`);
  const bars = withSupervisor ? 'required level, self rating and supervisor rating' : 'required level and self rating';
  return `${parts.join('; ')}. Bars show the ${bars} of each item on a scale from 0 (None) to 5 (Expert).`;
}

export function renderGapChart(report: GapReport, opts: { title?: string; idPrefix?: string } = {}): string {
  const prefix = safeId(opts.idPrefix ?? 'gap-chart');
  const title = opts.title ?? 'Gap chart: required and rated proficiency levels';
  const withSupervisor = report.items.some((i) => i.supervisorLevel !== null);
  const series = [SERIES.required, SERIES.self, ...(withSupervisor ? [SERIES.supervisor] : [])];
  const desc = gapDescription(report, withSupervisor);

  const width = 800;
  const plotX = 330;
  const unit = 72; // pixels per proficiency level
  const barH = 11;
  const barGap = 3;
  const rowH = series.length * (barH + barGap) + 10;
  const headingH = 26;
  const legendH = 52;

  if (report.items.length === 0) {
    return `${svgOpen(width, 40, prefix, title, 'No items to chart.')}<text x="0" y="24" fill="${TEXT_COLOUR}">No items to chart.</text></svg>`;
  }

  const body: string[] = [];
  let y = legendH + 18;
  const plotTop = y;
  for (const category of CATEGORY_ORDER) {
    const items = report.items.filter((i) => i.category === category);
    if (items.length === 0) continue;
    body.push(
      `<text class="category" x="0" y="${y + 18}" font-weight="bold" font-size="13" fill="${TEXT_COLOUR}">${escapeXml(CATEGORY_HEADINGS[category])}</text>`,
    );
    y += headingH;
    for (const item of items) {
      const full = item.name ? `${item.name}: ${item.text}` : item.text;
      body.push(`<g class="item"><title>${escapeXml(full)}</title>`);
      body.push(`<text x="8" y="${num(y + rowH / 2 + 4)}" font-size="11" fill="${TEXT_COLOUR}">${escapeXml(itemLabel(item))}</text>`);
      series.forEach((s, index) => {
        const value = seriesValue(item, s.key);
        const barY = y + 5 + index * (barH + barGap);
        const w = value === null ? 0 : Math.max(0, Math.min(5, value)) * unit;
        body.push(
          `<rect class="bar bar-${s.key}" x="${plotX}" y="${barY}" width="${num(w)}" height="${barH}" fill="${s.fill(prefix)}" stroke="${s.colour}" stroke-width="1"/>`,
          `<text x="${num(plotX + w + 4)}" y="${barY + barH - 2}" font-size="11" fill="${TEXT_COLOUR}">${escapeXml(`${s.short} ${value === null ? 'not rated' : value}`)}</text>`,
        );
      });
      body.push('</g>');
      y += rowH;
    }
  }
  const plotBottom = y;
  const height = plotBottom + 44;

  const grid: string[] = [];
  for (let level = 0; level <= 5; level++) {
    const x = plotX + level * unit;
    grid.push(
      `<line x1="${x}" y1="${plotTop - 4}" x2="${x}" y2="${plotBottom}" stroke="${GRID_COLOUR}" stroke-width="1"${level === 0 ? '' : ' stroke-dasharray="2 3"'}/>`,
      `<text x="${x}" y="${plotTop - 8}" text-anchor="middle" font-size="11" fill="${TEXT_COLOUR}">${level}</text>`,
      `<text x="${x}" y="${plotBottom + 14}" text-anchor="middle" font-size="11" fill="${TEXT_COLOUR}">${level}</text>`,
    );
  }
  const scale = LEVEL_NAMES.map((name, level) => `${level} ${name}`).join(' · ');
  grid.push(
    `<text x="${plotX + 2.5 * unit}" y="${plotBottom + 32}" text-anchor="middle" font-size="11" fill="${TEXT_COLOUR}">${escapeXml(`Proficiency level: ${scale}`)}</text>`,
  );

  const legend = series.map((s, index) => {
    const x = index * 190;
    return (
      `<rect x="${x}" y="6" width="22" height="12" fill="${s.fill(prefix)}" stroke="${s.colour}"/>` +
      `<text x="${x + 28}" y="16" fill="${TEXT_COLOUR}">${escapeXml(`${s.legend} (${s.short})`)}</text>`
    );
  });
  legend.push(
    `<text x="0" y="38" font-size="11" fill="${TEXT_COLOUR}">${escapeXml('* required at entry (counts double in priorities)')}</text>`,
  );

  const defs =
    `<defs>` +
    `<pattern id="${prefix}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${SERIES.required.colour}" stroke-width="3"/></pattern>` +
    `<pattern id="${prefix}-dots" width="5" height="5" patternUnits="userSpaceOnUse">` +
    `<rect width="5" height="5" fill="${SERIES.supervisor.colour}"/><circle cx="2.5" cy="2.5" r="1.2" fill="#ffffff"/></pattern>` +
    `</defs>`;

  return (
    `${svgOpen(width, height, prefix, title, desc)}${defs}<g class="legend">${legend.join('')}</g>` +
    `<g class="grid">${grid.join('')}</g>${body.join('')}</svg>`
  );
}

export interface HistoryPoint {
  label: string;
  date: string;
  readiness: number;
}

export function renderHistoryChart(points: HistoryPoint[], opts: { title?: string; idPrefix?: string } = {}): string {
  const prefix = safeId(opts.idPrefix ?? 'history-chart');
  const title = opts.title ?? 'Readiness over time';
  const width = 480;
  const height = 220;
  const left = 48;
  const right = 36; // room for the last date label, centred on its dot
  const top = 24;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;

  if (points.length === 0) {
    const text = 'No assessments yet.';
    return `${svgOpen(width, 40, prefix, title, text)}<text x="0" y="24" fill="${TEXT_COLOUR}">${text}</text></svg>`;
  }

  const first = points[0];
  const last = points[points.length - 1];
  const desc =
    points.length === 1
      ? `One assessment: readiness ${formatPercent(first.readiness)} on ${first.date}.`
      : `Readiness over ${points.length} assessments, from ${formatPercent(first.readiness)} on ${first.date} to ${formatPercent(last.readiness)} on ${last.date}.`;

  const xAt = (i: number) => (points.length === 1 ? left + plotW / 2 : left + (i * plotW) / (points.length - 1));
  const yAt = (r: number) => top + plotH - (Math.max(0, Math.min(100, r)) / 100) * plotH;

  const parts: string[] = [];
  for (const tick of [0, 25, 50, 75, 100]) {
    const y = num(yAt(tick));
    parts.push(
      `<line x1="${left}" y1="${y}" x2="${left + plotW}" y2="${y}" stroke="${GRID_COLOUR}" stroke-width="1"${tick === 0 ? '' : ' stroke-dasharray="2 3"'}/>`,
      `<text x="${left - 6}" y="${num(yAt(tick) + 4)}" text-anchor="end" font-size="11" fill="${TEXT_COLOUR}">${tick}%</text>`,
    );
  }
  // Dates would overlap past about eight points; the first, the last and an even spread stay.
  const step = Math.ceil(points.length / 8);
  points.forEach((p, i) => {
    if (i % step !== 0 && i !== points.length - 1) return;
    parts.push(
      `<text x="${num(xAt(i))}" y="${top + plotH + 16}" text-anchor="middle" font-size="11" fill="${TEXT_COLOUR}">${escapeXml(truncate(p.date, 12))}</text>`,
    );
  });
  parts.push(
    `<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" font-size="11" fill="${TEXT_COLOUR}">Assessment date</text>`,
  );

  if (points.length > 1) {
    const line = points.map((p, i) => `${num(xAt(i))},${num(yAt(p.readiness))}`).join(' ');
    parts.push(`<polyline points="${line}" fill="none" stroke="${SERIES.self.colour}" stroke-width="2"/>`);
  }
  const showValues = points.length <= 12;
  points.forEach((p, i) => {
    const x = num(xAt(i));
    const y = yAt(p.readiness);
    parts.push(
      `<g class="point"><title>${escapeXml(`${p.label}, ${p.date}: ${formatPercent(p.readiness)}`)}</title>`,
      `<circle cx="${x}" cy="${num(y)}" r="4" fill="${SERIES.self.colour}" stroke="#ffffff" stroke-width="1.5"/>`,
      showValues
        ? `<text x="${x}" y="${num(y - 8)}" text-anchor="middle" font-size="11" fill="${TEXT_COLOUR}">${escapeXml(formatPercent(p.readiness))}</text>`
        : '',
      '</g>',
    );
  });

  return `${svgOpen(width, height, prefix, title, desc)}${parts.join('')}</svg>`;
}
