import { riskRegisterDocx } from './risk-register.ts';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableLayoutType, TableRow, TextRun, WidthType, type ISectionOptions } from 'docx';
import { coreProperties, FONT, heading, HEADER_FILL, markedPageFrame, textCell } from '../common/docx-parts.ts';
import { longDate } from '../common/text.ts';
import { benchmarkTableDocx } from '../common/benchmark-table.ts';
import { stampZip } from '../common/zip.ts';
import { cellText, reportColumns, rowCells } from './format.ts';
import type { PerformanceReport, ReportSection } from './model.ts';

/** The landscape text width in twips, shared among the columns by their weights. */
const TABLE_WIDTH = 15370;

function pageFrame(report: PerformanceReport, landscape: boolean): Pick<ISectionOptions, 'properties' | 'headers' | 'footers'> {
  return markedPageFrame({ marking: report.marking, footer: `${report.laName}, ${report.periodLabel}.`, landscape });
}

function sectionTable(report: PerformanceReport, section: ReportSection): Table {
  const columns = reportColumns(report);
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map((c) => textCell(c.heading, { bold: true, numeric: c.numeric, fill: HEADER_FILL })),
  });
  const body = section.rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: rowCells(row).map((cell, i) => textCell(cellText(cell), { bold: i === 0, numeric: columns[i]?.numeric ?? false })),
      }),
  );
  const total = columns.reduce((a, c) => a + c.weight, 0);
  const widths = columns.map((c) => Math.floor((TABLE_WIDTH * c.weight) / total));
  return new Table({
    rows: [head, ...body],
    columnWidths: widths,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
  });
}

/**
 * The report as a Word document: a title page, the headlines and one table per section on
 * landscape pages, then an editable commentary per section and the notes and definitions. Every
 * page carries the security marking. The same report always gives the same bytes: document
 * properties and zip entry times come from `generatedOn`, not the clock.
 */
export async function renderPerformanceDocx(report: PerformanceReport): Promise<Buffer> {
  const titlePage: ISectionOptions = {
    ...pageFrame(report, false),
    children: [
      new Paragraph({ spacing: { before: 2400 }, heading: HeadingLevel.TITLE, children: [new TextRun(report.title)] }),
      heading(report.laName, HeadingLevel.HEADING_1),
      new Paragraph({ children: [new TextRun({ text: `Period: ${report.periodLabel} (${report.period.dates})`, size: 28 })] }),
      new Paragraph({ children: [new TextRun({ text: `Compared with: ${report.previousYear.label} (${report.previousYear.dates})`, size: 24 })] }),
      ...(report.yearToDate
        ? [new Paragraph({ children: [new TextRun({ text: `Year to date: ${report.yearToDate.period.label} (${report.yearToDate.period.dates}), compared with ${report.yearToDate.previousYear.label} (${report.yearToDate.previousYear.dates})`, size: 24 })] })]
        : []),
      new Paragraph({ children: [new TextRun({ text: `Generated on ${longDate(report.generatedOn)} by Headroom`, size: 24 })] }),
      new Paragraph({ spacing: { before: 480 }, children: [new TextRun({ text: `Security marking: ${report.marking}`, bold: true, size: 24 })] }),
      new Paragraph({
        children: [
          new TextRun({
            text: report.suppressed
              ? 'Small numbers are suppressed (shown as c) to protect the children concerned.'
              : 'For internal use only: small numbers are not suppressed. Do not publish.',
            bold: !report.suppressed,
            size: 24,
          }),
        ],
      }),
    ],
  };

  const tablesPart: ISectionOptions = {
    ...pageFrame(report, true),
    children: [
      heading('Headlines', HeadingLevel.HEADING_1),
      ...(report.headlines.length > 0 ? report.headlines : ['No measure can be compared with the previous year.']).map(
        (h) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(h)] }),
      ),
      ...report.sections.flatMap((s) => [
        heading(s.title, HeadingLevel.HEADING_1),
        new Paragraph({ spacing: { after: 120 }, children: [new TextRun(`${s.description} Figures for ${report.periodLabel}.`)] }),
        sectionTable(report, s),
      ]),
      ...benchmarkTableDocx(report.benchmarks),
      ...riskRegisterDocx(report.riskRegister),
    ],
  };

  const textPart: ISectionOptions = {
    ...pageFrame(report, false),
    children: [
      heading('Commentary', HeadingLevel.HEADING_1),
      ...report.commentary.flatMap((c) => [heading(c.heading, HeadingLevel.HEADING_2), new Paragraph({ children: [new TextRun({ text: c.placeholder, italics: true })] })]),
      heading('Notes', HeadingLevel.HEADING_1),
      ...report.notes.map((n) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(n)] })),
      heading('Definitions', HeadingLevel.HEADING_1),
      ...report.definitions.map(
        (d) =>
          new Paragraph({
            spacing: { after: 120 },
            children: [new TextRun({ text: `${d.label}. `, bold: true }), new TextRun(`${d.definition} Source: ${d.source}.`)],
          }),
      ),
    ],
  };

  const doc = new Document({
    creator: 'Headroom',
    title: report.title,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [titlePage, tablesPart, textPart],
  });
  const packed = await Packer.toBuffer(doc, false, [{ path: 'docProps/core.xml', data: coreProperties({ title: report.title, subject: `${report.laName} (${report.laCode}), ${report.period.dates}`, marking: report.marking, generatedOn: report.generatedOn }) }]);
  return stampZip(packed, report.generatedOn);
}
