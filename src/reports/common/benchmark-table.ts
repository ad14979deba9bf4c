import { HeadingLevel, Paragraph, Table, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import type ExcelJS from 'exceljs';
import type { LaBenchmarks } from '../../domain/benchmarks/compare.ts';
import { OGL_ATTRIBUTION } from '../../domain/benchmarks/dataset.ts';
import { heading, HEADER_FILL, textCell } from './docx-parts.ts';
import { escapeHtml } from './text.ts';

/**
 * The "how we compare" table of a report: the council's own figure for the report's period
 * beside the latest published year of the same measure, for England, its region and its
 * statistical neighbours. The same table in Word, Excel and HTML.
 */
export interface BenchmarkTable {
  title: string;
  note: string;
  head: string[];
  rows: string[][];
}

const fmt = (v: number | null, unit: string): string => (v === null ? '–' : unit === 'count' || unit === 'rate_per_10000' ? v.toLocaleString('en-GB', { maximumFractionDigits: 0 }) : v.toFixed(1));

/**
 * Builds the table from a council's published benchmarks. `rows` names the measures, each with
 * the council's own figure for the report's period (as the report prints it) when it has one.
 */
export function benchmarkTable(result: LaBenchmarks, ownHeading: string, rows: ReadonlyArray<{ measureId: string; own: string | null }>): BenchmarkTable | null {
  const body = rows.flatMap(({ measureId, own }) => {
    const m = result.measures.find((x) => x.id === measureId);
    if (!m || m.year === null) return [];
    const published = m.value === null ? `not published (${m.notPublished ?? 'x'})` : fmt(m.value, m.unit);
    const neighbours = m.neighboursAverage === null ? '–' : `${fmt(m.neighboursAverage, m.unit)} (${m.neighboursWithValue} of ${result.neighbours.length})`;
    return [[m.label, own ?? '–', String(m.year), published, fmt(m.england, m.unit), fmt(m.region, m.unit), neighbours]];
  });
  if (body.length === 0) return null;
  return {
    title: 'How we compare: England, region and statistical neighbours',
    note: `${result.synthetic ? `${result.laName} is synthetic: its published figures are the average of its neighbours', not a real council's. ` : ''}Published figures are the latest year the Department for Education has published (2025 = the year to 31 March 2025); this council's own figure is for the report's period and is provisional. Neighbours are the DfE statistical neighbours (${result.neighbourModel}); the average is of those with a published figure. ${OGL_ATTRIBUTION}`,
    head: ['Measure', ownHeading, 'Published year', `${result.laName} (published)`, 'England', result.region, 'Neighbours’ average'],
    rows: body,
  };
}

export function benchmarkTableHtml(table: BenchmarkTable | null | undefined): string {
  if (!table) return '';
  const head = table.head.map((h, i) => `<th scope="col"${i > 0 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = table.rows.map((r) => `<tr><th scope="row">${escapeHtml(r[0] ?? '')}</th>${r.slice(1).map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<section class="section" aria-labelledby="benchmarks">
<h2 id="benchmarks">${escapeHtml(table.title)}</h2>
<table>
<caption>${escapeHtml(table.title)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<p>${escapeHtml(table.note)}</p>
</section>`;
}

/** Widths in twips for a landscape page. */
const DOCX_WIDTHS = [4400, 1900, 1100, 1600, 1100, 1500, 2970];

export function benchmarkTableDocx(table: BenchmarkTable | null | undefined): Array<Paragraph | Table> {
  if (!table) return [];
  const head = new TableRow({ tableHeader: true, cantSplit: true, children: table.head.map((h, i) => textCell(h, { bold: true, numeric: i > 0, fill: HEADER_FILL })) });
  const rows = table.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => textCell(c, { bold: i === 0, numeric: i > 0 })) }));
  return [
    heading(table.title, HeadingLevel.HEADING_1),
    new Table({ rows: [head, ...rows], columnWidths: DOCX_WIDTHS, width: { size: DOCX_WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA }, layout: TableLayoutType.FIXED }),
    new Paragraph({ spacing: { before: 120 }, children: [new TextRun({ text: table.note, size: 18 })] }),
  ];
}

export function addBenchmarkSheet(wb: ExcelJS.Workbook, table: BenchmarkTable | null | undefined): void {
  if (!table) return;
  const ws = wb.addWorksheet('Benchmarks');
  ws.addRow([table.title]).font = { bold: true, size: 14 };
  ws.addRow([]);
  ws.addRow(table.head).font = { bold: true };
  for (const r of table.rows) ws.addRow(r);
  ws.addRow([]);
  ws.addRow([table.note]).getCell(1).alignment = { wrapText: true, vertical: 'top' };
  [60, 22, 14, 22, 12, 22, 24].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}
