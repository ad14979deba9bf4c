import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import { coreProperties, FONT, heading, HEADER_FILL, LANDSCAPE_TEXT_WIDTH, markedPageFrame, TABLE_TEXT, textCell } from '../common/docx-parts.ts';
import { REPORT_STYLE } from '../common/html-style.ts';
import type { ReportFormat } from '../common/report-format.ts';
import { escapeHtml, longDate } from '../common/text.ts';
import { reportWorkbook } from '../common/xlsx-workbook.ts';
import { stampZip } from '../common/zip.ts';
import { PLAN_COLUMNS, summaryLine, type ImprovementPlanReport, type PlanRow } from './model.ts';

/** Relative column widths: Ref, Action, Lead, By when, Measure, Latest, Target, RAG, Update. */
const WEIGHTS = [5, 20, 9, 8, 13, 12, 7, 8, 18];
const RAG_COLUMN = 7;

function ragCell(row: PlanRow): TableCell {
  return new TableCell({
    shading: { type: ShadingType.CLEAR, color: 'auto', fill: row.ragFill },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: row.cells[RAG_COLUMN], bold: true, size: TABLE_TEXT, font: FONT, color: row.ragTextWhite ? 'FFFFFF' : '0B0C0C' })] })],
  });
}

async function renderDocx(report: ImprovementPlanReport): Promise<Buffer> {
  const total = WEIGHTS.reduce((a, b) => a + b, 0);
  const widths = WEIGHTS.map((w) => Math.floor((LANDSCAPE_TEXT_WIDTH * w) / total));
  const head = new TableRow({ tableHeader: true, cantSplit: true, children: PLAN_COLUMNS.map((c) => textCell(c, { bold: true, fill: HEADER_FILL })) });
  const areas: string[] = [];
  const body: TableRow[] = [];
  for (const row of report.rows) {
    if (!areas.includes(row.area)) {
      areas.push(row.area);
      body.push(new TableRow({ cantSplit: true, children: [new TableCell({ columnSpan: PLAN_COLUMNS.length, shading: { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL }, children: [new Paragraph({ children: [new TextRun({ text: row.area, bold: true, size: TABLE_TEXT, font: FONT })] })] })] }));
    }
    body.push(new TableRow({ cantSplit: true, children: row.cells.map((c, i) => (i === RAG_COLUMN ? ragCell(row) : textCell(c, { bold: i === 0 }))) }));
  }
  const footer = `${report.laName}, ${report.title}.`;
  const doc = new Document({
    creator: 'Headroom',
    title: report.title,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      {
        ...markedPageFrame({ marking: report.marking, footer, landscape: true }),
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(report.title)] }),
          heading(`${report.laName}: figures at ${longDate(report.asOf)}`, HeadingLevel.HEADING_1),
          new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: summaryLine(report), bold: true })] }),
          new Table({ rows: [head, ...body], columnWidths: widths, width: { size: LANDSCAPE_TEXT_WIDTH, type: WidthType.DXA }, layout: TableLayoutType.FIXED }),
          ...report.notes.map((n) => new Paragraph({ spacing: { before: 120 }, children: [new TextRun({ text: n, size: 18 })] })),
          new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: `Generated on ${longDate(report.generatedOn)} by Headroom.`, size: 18 })] }),
        ],
      },
    ],
  });
  const packed = await Packer.toBuffer(doc, false, [
    { path: 'docProps/core.xml', data: coreProperties({ title: report.title, subject: `${report.laName} (${report.laCode}), ${longDate(report.asOf)}`, marking: report.marking, generatedOn: report.generatedOn }) },
  ]);
  return stampZip(packed, report.generatedOn);
}

async function renderXlsx(report: ImprovementPlanReport): Promise<Buffer> {
  const wb = reportWorkbook(report);
  const ws = wb.addWorksheet('Action plan', { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.addRow([report.title]).font = { bold: true, size: 14 };
  ws.addRow([`${report.laName} (${report.laCode}), figures at ${longDate(report.asOf)}`]);
  ws.addRow([report.marking.toUpperCase()]).font = { bold: true };
  ws.addRow([summaryLine(report)]);
  ws.addRow([]);
  const head = ws.addRow(['Area', ...PLAN_COLUMNS]);
  head.font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: head.number }];
  for (const row of report.rows) {
    const r = ws.addRow([row.area, ...row.cells]);
    r.alignment = { wrapText: true, vertical: 'top' };
    const rag = r.getCell(RAG_COLUMN + 2);
    rag.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${row.ragFill}` } };
    rag.font = { bold: true, color: { argb: row.ragTextWhite ? 'FFFFFFFF' : 'FF0B0C0C' } };
  }
  ws.addRow([]);
  for (const n of report.notes) ws.addRow([n]);
  ws.addRow([`Generated on ${longDate(report.generatedOn)} by Headroom.`]);
  [18, ...WEIGHTS.map((w) => w * 2)].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return stampZip(new Uint8Array(await wb.xlsx.writeBuffer()), report.generatedOn);
}

function renderHtml(report: ImprovementPlanReport): string {
  const head = PLAN_COLUMNS.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const areas: string[] = [];
  const body: string[] = [];
  for (const row of report.rows) {
    if (!areas.includes(row.area)) {
      areas.push(row.area);
      body.push(`<tr class="area"><th scope="rowgroup" colspan="${PLAN_COLUMNS.length}">${escapeHtml(row.area)}</th></tr>`);
    }
    body.push(
      `<tr>${row.cells
        .map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : i === RAG_COLUMN ? `<td class="rag" style="background:#${row.ragFill};color:${row.ragTextWhite ? '#fff' : '#0b0c0c'}">${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`))
        .join('')}</tr>`,
    );
  }
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${escapeHtml(report.title)}: ${escapeHtml(report.laName)}</title>
<style>${REPORT_STYLE}
tr.area th { background: #f3f2f1; font-weight: 700; padding-left: 5px; }
td.rag { font-weight: 700; padding-left: 5px; }
@media print { td.rag { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
</style>
</head>
<body>
<p class="marking">${escapeHtml(report.marking)}</p>
<main>
<span class="caption">${escapeHtml(report.laName)}</span>
<h1>${escapeHtml(report.title)}</h1>
<p class="summary">Figures at ${escapeHtml(longDate(report.asOf))}. ${escapeHtml(summaryLine(report))}</p>
<table>
<caption>Actions, by area</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>
${report.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('\n')}
<p>Generated on ${escapeHtml(longDate(report.generatedOn))} by Headroom.</p>
</main>
<p class="marking">${escapeHtml(report.marking)}</p>
</body>
</html>
`;
}

/** The improvement plan's bytes in one format; the same report always gives the same bytes. */
export async function renderImprovementPlan(report: ImprovementPlanReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'docx':
      return renderDocx(report);
    case 'xlsx':
      return renderXlsx(report);
    case 'html':
      return Buffer.from(renderHtml(report), 'utf8');
  }
}
