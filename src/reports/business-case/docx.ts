import { Document, HeadingLevel, Packer, Paragraph, Table, TableLayoutType, TableRow, TextRun, WidthType, type ISectionOptions } from 'docx';
import { benchmarkTableDocx } from '../common/benchmark-table.ts';
import { coreProperties, FONT, heading, HEADER_FILL, LANDSCAPE_TEXT_WIDTH, markedPageFrame, textCell } from '../common/docx-parts.ts';
import { longDate } from '../common/text.ts';
import { stampZip } from '../common/zip.ts';
import { cellText, type BusinessCaseTable } from './format.ts';
import type { BusinessCaseReport, BusinessCaseSection } from './model.ts';

/** Column widths in twips filling the landscape page, the first (row names) two and a half times the others. */
function columnWidths(columns: number): number[] {
  const unit = Math.floor(LANDSCAPE_TEXT_WIDTH / (columns + 1.5));
  const first = LANDSCAPE_TEXT_WIDTH - unit * (columns - 1);
  return [first, ...Array<number>(columns - 1).fill(unit)];
}

function wordTable(table: BusinessCaseTable): (Paragraph | Table)[] {
  const widths = columnWidths(table.columns.length);
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: table.columns.map((c) => textCell(c.heading, { bold: true, numeric: c.numeric, fill: HEADER_FILL })),
  });
  const row = (cells: BusinessCaseTable['rows'][number], total: boolean) =>
    new TableRow({
      cantSplit: true,
      children: cells.map((cell, i) => textCell(cellText(cell), { bold: total || i === 0, numeric: table.columns[i]?.numeric ?? false, ...(total ? { fill: HEADER_FILL } : {}) })),
    });
  return [
    new Paragraph({ spacing: { before: 240, after: 120 }, keepNext: true, children: [new TextRun({ text: table.caption, bold: true })] }),
    new Table({
      rows: [head, ...table.rows.map((r) => row(r, false)), ...table.totals.map((r) => row(r, true))],
      columnWidths: widths,
      width: { size: LANDSCAPE_TEXT_WIDTH, type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
    }),
  ];
}

function sectionParts(section: BusinessCaseSection): (Paragraph | Table)[] {
  return [
    heading(`${section.number}. ${section.title}`, HeadingLevel.HEADING_1),
    ...section.paragraphs.map((p) => new Paragraph({ spacing: { after: 120 }, children: [new TextRun(p)] })),
    ...section.bullets.map((b) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(b)] })),
    ...section.tables.flatMap(wordTable),
  ];
}

/**
 * The business case as a Word document for the Cabinet paper: a title page, then the sections in
 * order on landscape pages. The risks section is plain paragraphs under its heading, for the
 * service to edit. Every page carries the security marking. The same report always gives the
 * same bytes: document properties and zip entry times come from `generatedOn`.
 */
export async function renderBusinessCaseDocx(report: BusinessCaseReport): Promise<Buffer> {
  const footer = `${report.laName}, ${report.title}.`;
  const titlePage: ISectionOptions = {
    ...markedPageFrame({ marking: report.marking, footer, landscape: false }),
    children: [
      new Paragraph({ spacing: { before: 2400 }, heading: HeadingLevel.TITLE, children: [new TextRun(report.title)] }),
      heading(report.laName, HeadingLevel.HEADING_1),
      new Paragraph({ children: [new TextRun({ text: `Scenario: ${report.scenario.name} (version ${report.scenario.version})`, size: 28 })] }),
      ...(report.scenario.description === null ? [] : [new Paragraph({ children: [new TextRun({ text: report.scenario.description, size: 24 })] })]),
      new Paragraph({ children: [new TextRun({ text: `Caseload figures at ${longDate(report.asOf)}`, size: 24 })] }),
      new Paragraph({ children: [new TextRun({ text: `Generated on ${longDate(report.generatedOn)} by Headroom`, size: 24 })] }),
      new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: `Security marking: ${report.marking}`, bold: true, size: 24 })] }),
    ],
  };
  const body: ISectionOptions = {
    ...markedPageFrame({ marking: report.marking, footer, landscape: true }),
    children: [...report.sections.flatMap(sectionParts), ...benchmarkTableDocx(report.benchmarks)],
  };
  const doc = new Document({
    creator: 'Headroom',
    title: report.title,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [titlePage, body],
  });
  const packed = await Packer.toBuffer(doc, false, [
    { path: 'docProps/core.xml', data: coreProperties({ title: report.title, subject: `${report.laName} (${report.laCode}), ${longDate(report.asOf)}`, marking: report.marking, generatedOn: report.generatedOn }) },
  ]);
  return stampZip(packed, report.generatedOn);
}
