import PDFDocument from 'pdfkit';
import { CATEGORY_LABELS, levelLabel } from '../competency/scale';
import { CALIBRATION_LABELS, PLAN_STATUS_LABELS, dateOf, itemTitle, type ReportData } from './reports.service';
import { formatPercent } from '../competency/gap';

// The PDF repeats the page's figures from the same ReportData (one computeGap result), laid out
// for A4 and Letter alike: the narrower width (A4) and the shorter height (Letter) are used.
const PAGE = { size: 'A4' as const, margin: 50 };
const WIDTH = 595 - 2 * PAGE.margin;
const BOTTOM = 792 - PAGE.margin;

type Doc = PDFKit.PDFDocument;
interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) doc.addPage();
}

// The tables' columns (widths in points, scaled to the page).
const CATEGORY_COLUMNS: Column[] = [
  { header: 'Category', width: 152 },
  { header: 'Items', width: 70, align: 'right' },
  { header: 'Met', width: 70, align: 'right' },
  { header: 'Readiness (%)', width: 110, align: 'right' },
  { header: 'Mean gap', width: 110, align: 'right' },
];
const PRIORITY_COLUMNS: Column[] = [
  { header: '#', width: 24, align: 'right' },
  { header: 'Item', width: 228 },
  { header: 'Required', width: 52, align: 'right' },
  { header: 'Level', width: 44, align: 'right' },
  { header: 'Gap', width: 36, align: 'right' },
  { header: 'Weight', width: 44, align: 'right' },
  { header: 'Priority', width: 84, align: 'right' },
];
const CALIBRATION_COLUMNS: Column[] = [
  { header: 'Item', width: 272 },
  { header: 'Self', width: 70 },
  { header: 'Supervisor', width: 70 },
  { header: 'Flag', width: 100 },
];
const PLAN_COLUMNS: Column[] = [
  { header: 'Item', width: 130 },
  { header: 'Action', width: 170 },
  { header: 'Program', width: 100 },
  { header: 'Target', width: 62 },
  { header: 'Status', width: 50 },
];
const ITEM_COLUMNS: Column[] = [
  { header: 'Item', width: 232 },
  { header: 'Required', width: 70 },
  { header: 'Self', width: 70 },
  { header: 'Supervisor', width: 70 },
  { header: 'Gap', width: 70, align: 'right' },
];

function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text, PAGE.margin, doc.y, { width: WIDTH });
  doc.moveDown(0.3).font('Helvetica').fontSize(10);
}

/** Column widths are relative; they are scaled to the printable width. */
function table(doc: Doc, relative: Column[], rows: string[][]): void {
  const pad = 3;
  const total = relative.reduce((sum, c) => sum + c.width, 0);
  const columns = relative.map((c) => ({ ...c, width: (c.width * WIDTH) / total }));
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i].width - 2 * pad }))) + 2 * pad;
    if (doc.y + height > BOTTOM) {
      doc.addPage();
      if (!bold)
        drawRow(
          columns.map((c) => c.header),
          true,
        );
    }
    const top = doc.y;
    let x = PAGE.margin;
    cells.forEach((c, i) => {
      doc.text(c, x + pad, top + pad, { width: columns[i].width - 2 * pad, align: columns[i].align ?? 'left' });
      x += columns[i].width;
    });
    doc
      .moveTo(PAGE.margin, top + height)
      .lineTo(PAGE.margin + WIDTH, top + height)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    doc.x = PAGE.margin;
    doc.y = top + height;
  };
  drawRow(
    columns.map((c) => c.header),
    true,
  );
  for (const r of rows) drawRow(r, false);
  doc.font('Helvetica').fontSize(10);
}

/** A heading, then the table, or `empty` when there are no rows. */
function tableSection(doc: Doc, title: string, empty: string, columns: Column[], rows: string[][]): void {
  heading(doc, title);
  if (rows.length === 0) para(doc, empty);
  else table(doc, columns, rows);
}

function para(doc: Doc, text: string): void {
  doc.font('Helvetica').fontSize(10).text(text, PAGE.margin, doc.y, { width: WIDTH });
}

const n = (v: number | null) => (v == null ? '–' : String(v));
const one = (v: number | null) => (v == null ? '–' : v.toFixed(1));

export function renderReportPdf(d: ReportData): Promise<Buffer> {
  const a = d.assessment;
  const doc = new PDFDocument({
    size: PAGE.size,
    margin: PAGE.margin,
    info: { Title: `Gap report: ${a.employeeName}, ${a.classTitle}`, Author: 'Competency gap assessment' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).text('Development gap report', { width: WIDTH });
  doc.moveDown(0.3);
  para(doc, `Person: ${a.employeeName}`);
  para(doc, `Class: ${a.classTitle} (version ${a.version})`);
  para(doc, `Status: ${a.status}${a.status === 'reviewed' ? " (levels are the supervisor's)" : ' (levels are self ratings)'}`);
  para(
    doc,
    `Submitted: ${dateOf(a.submittedAt) || '–'}   Reviewed: ${dateOf(a.reviewedAt) || '–'}${a.reviewerName ? ` by ${a.reviewerName}` : ''}`,
  );
  if (a.status === 'reviewed') {
    para(
      doc,
      a.acknowledgedAt
        ? `Acknowledged by ${a.employeeName} on ${dateOf(a.acknowledgedAt)}${a.acknowledgementComment ? `: “${a.acknowledgementComment}”` : '.'}`
        : 'Not acknowledged yet.',
    );
    para(doc, 'Acknowledging says the person has seen this result; it does not mean they agree with it.');
  }

  heading(doc, 'Summary');
  para(doc, `Readiness: ${formatPercent(d.gap.readiness)}  (${d.gap.metItems} of ${d.gap.totalItems} items meet the required level)`);
  para(doc, `Coverage: ${formatPercent(d.gap.coverage)}`);
  if (d.gap.unratedItems) para(doc, `Not rated: ${d.gap.unratedItems}`);
  doc.moveDown(0.4);
  table(
    doc,
    CATEGORY_COLUMNS,
    d.gap.categories.map((c) => [CATEGORY_LABELS[c.category], String(c.items), String(c.met), one(c.readiness), one(c.meanGap)]),
  );

  tableSection(
    doc,
    'Development priorities',
    'No item has a gap: every rated item meets its required level.',
    PRIORITY_COLUMNS,
    d.gap.priorities.map((p, i) => [
      String(i + 1),
      `${CATEGORY_LABELS[p.category]}: ${itemTitle(p)}`,
      String(p.requiredLevel),
      n(p.level),
      n(p.gap),
      String(p.weight),
      n(p.priority),
    ]),
  );

  tableSection(
    doc,
    'Calibration flags',
    'No item differs by 2 or more levels between self and supervisor ratings.',
    CALIBRATION_COLUMNS,
    d.gap.calibration.map((c) => [itemTitle(c), n(c.selfLevel), n(c.supervisorLevel), CALIBRATION_LABELS[c.calibration!]]),
  );

  tableSection(
    doc,
    'Development plan',
    'No actions agreed yet.',
    PLAN_COLUMNS,
    d.plan.map((p) => {
      const item = p.itemId == null ? undefined : d.byItem.get(p.itemId);
      return [
        item ? (item.name ?? item.text) : '–',
        p.description,
        p.programTitle ?? '–',
        p.targetDate ?? '–',
        PLAN_STATUS_LABELS[p.status],
      ];
    }),
  );

  heading(doc, 'All items');
  table(
    doc,
    ITEM_COLUMNS,
    d.gap.items.map((i) => [
      `${i.requiredAtEntry ? '* ' : ''}${itemTitle(i)}`,
      levelLabel(i.requiredLevel),
      levelLabel(i.selfLevel),
      levelLabel(i.supervisorLevel),
      n(i.gap),
    ]),
  );
  para(doc, '* required at entry (counts double in priorities).');

  // The supervisor's per-item comments, once the review is final (issue 20).
  const commented = d.assessment.status === 'reviewed' ? d.items.filter((i) => i.supervisorComment) : [];
  if (commented.length) {
    heading(doc, 'Supervisor’s comments');
    for (const i of commented) para(doc, `${itemTitle(i)}: ${i.supervisorComment}`);
  }

  doc.end();
  return done;
}
