import { cellText, longDate, reportColumns, rowCells, type ReportCell } from './format.ts';
import type { PerformanceReport, ReportSection } from './model.ts';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** GOV.UK Frontend's type scale and colours, inline so the file prints the same anywhere. */
const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: "GDS Transport", arial, sans-serif; font-size: 19px; line-height: 1.32; color: #0b0c0c; background: #fff; -webkit-font-smoothing: antialiased; }
main { max-width: 1400px; margin: 0 auto; padding: 30px 15px; }
.marking { margin: 0; max-width: none; padding: 5px 15px; text-align: center; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; border-bottom: 2px solid #0b0c0c; }
.caption { display: block; color: #505a5f; font-size: 24px; margin-bottom: 5px; }
h1 { font-size: 48px; line-height: 1.04; margin: 0 0 30px; }
h2 { font-size: 36px; line-height: 1.11; margin: 45px 0 20px; }
h3 { font-size: 24px; line-height: 1.25; margin: 30px 0 15px; }
p, li { margin: 0 0 15px; max-width: 45em; }
.summary { border-left: 10px solid #b1b4b6; padding-left: 15px; }
.warning { font-weight: 700; border-left: 10px solid #d4351c; padding-left: 15px; }
.headlines li { margin-bottom: 10px; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; border-spacing: 0; margin: 0 0 40px; font-size: 16px; }
caption { text-align: left; font-weight: 700; font-size: 19px; margin-bottom: 10px; }
th, td { padding: 10px 20px 10px 0; border-bottom: 1px solid #b1b4b6; text-align: left; vertical-align: top; }
thead th { font-weight: 700; }
tbody th { font-weight: 400; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.placeholder { font-style: italic; color: #505a5f; border: 1px dashed #b1b4b6; padding: 10px; }
dt { font-weight: 700; }
dd { margin: 0 0 15px; }
@page { size: A4 landscape; margin: 15mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 24pt; } h2 { font-size: 18pt; break-after: avoid; } h3 { font-size: 14pt; break-after: avoid; }
  table { font-size: 9pt; break-inside: auto; }
  th, td { padding: 4px 8px 4px 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .section { break-before: page; }
}
`;

/** Percentages of the table width, in the order of `reportColumns`. */
const COLUMN_WIDTHS = [24, 7, 7, 7, 9, 6, 6, 6, 6, 10, 12];

function renderCell(cell: ReportCell, numeric: boolean): string {
  const cls = numeric ? ' class="num"' : '';
  if (cell.kind === 'direction') {
    const arrow = cell.arrow === null ? '' : `<span aria-hidden="true">${escapeHtml(cell.arrow)}</span> `;
    return `<td>${arrow}${escapeHtml(cell.words)}</td>`;
  }
  return `<td${cls}>${escapeHtml(cellText(cell))}</td>`;
}

function sectionTable(report: PerformanceReport, section: ReportSection): string {
  const columns = reportColumns(report);
  const head = columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.heading)}</th>`).join('');
  const body = section.rows
    .map((row) => {
      const cells = rowCells(row).slice(1).map((cell, i) => renderCell(cell, columns[i + 1]?.numeric ?? false));
      return `<tr><th scope="row">${escapeHtml(row.label)}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<section class="section" aria-labelledby="section-${section.id}">
<h2 id="section-${section.id}">${escapeHtml(section.title)}</h2>
<p>${escapeHtml(section.description)}</p>
<table>
<caption>${escapeHtml(section.title)} measures for ${escapeHtml(report.periodLabel)}, with ${escapeHtml(report.previousYear.label)} and each quarter</caption>
<colgroup>${COLUMN_WIDTHS.map((w) => `<col style="width: ${w}%">`).join('')}</colgroup>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</section>`;
}

/**
 * The report as one printable HTML page: no scripts and no external files, GOV.UK typography,
 * semantic tables (captions, column and row headers with `scope`), the direction of travel in
 * words beside its arrow, and the security marking at the top and bottom.
 */
export function renderPerformanceHtml(report: PerformanceReport): string {
  const marking = `<p class="marking">${escapeHtml(report.marking)}</p>`;
  const headlines = report.headlines.length > 0 ? report.headlines : ['No measure can be compared with the previous year.'];
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)} – ${escapeHtml(report.laName)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${marking}</header>
<main>
<span class="caption">${escapeHtml(report.laName)}</span>
<h1>${escapeHtml(report.title)}</h1>
<div class="summary">
<p>Period: ${escapeHtml(report.periodLabel)} (${escapeHtml(report.period.dates)})</p>
<p>Compared with: ${escapeHtml(report.previousYear.label)} (${escapeHtml(report.previousYear.dates)})</p>
<p>Generated on ${escapeHtml(longDate(report.generatedOn))} by Headroom</p>
</div>
${
  report.suppressed
    ? '<p>Small numbers are suppressed (shown as c) to protect the children concerned.</p>'
    : '<p class="warning">For internal use only: small numbers are not suppressed. Do not publish.</p>'
}
<h2>Headlines</h2>
<ul class="headlines">
${headlines.map((h) => `<li>${escapeHtml(h)}</li>`).join('\n')}
</ul>
${report.sections.map((s) => sectionTable(report, s)).join('\n')}
<section class="section" aria-labelledby="commentary">
<h2 id="commentary">Commentary</h2>
${report.commentary.map((c) => `<h3>${escapeHtml(c.heading)}</h3>\n<p class="placeholder">${escapeHtml(c.placeholder)}</p>`).join('\n')}
</section>
<section aria-labelledby="notes">
<h2 id="notes">Notes</h2>
<ul>
${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}
</ul>
<h2>Definitions</h2>
<dl>
${report.definitions.map((d) => `<dt>${escapeHtml(d.label)}</dt>\n<dd>${escapeHtml(d.definition)} Source: ${escapeHtml(d.source)}.</dd>`).join('\n')}
</dl>
</section>
</main>
<footer>${marking}</footer>
</body>
</html>
`;
}
