import { riskRegisterHtml } from './risk-register.ts';
import { REPORT_STYLE } from '../common/html-style.ts';
import { benchmarkTableHtml } from '../common/benchmark-table.ts';
import { escapeHtml, longDate } from '../common/text.ts';
import { cellText, reportColumns, rowCells, type ReportCell } from './format.ts';
import type { PerformanceReport, ReportSection } from './model.ts';



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
<caption>${escapeHtml(section.title)} measures for ${escapeHtml(report.periodLabel)}, with ${escapeHtml(report.previousYear.label)}${report.yearToDate ? `, ${escapeHtml(report.yearToDate.period.label)}, ${escapeHtml(report.yearToDate.previousYear.label)}` : ''} and each quarter</caption>
<colgroup>${columns.map((c) => `<col style="width: ${((100 * c.weight) / columns.reduce((a, x) => a + x.weight, 0)).toFixed(1)}%">`).join('')}</colgroup>
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
<style>${REPORT_STYLE}</style>
</head>
<body>
<header>${marking}</header>
<main>
<span class="caption">${escapeHtml(report.laName)}</span>
<h1>${escapeHtml(report.title)}</h1>
<div class="summary">
<p>Period: ${escapeHtml(report.periodLabel)} (${escapeHtml(report.period.dates)})</p>
<p>Compared with: ${escapeHtml(report.previousYear.label)} (${escapeHtml(report.previousYear.dates)})</p>${report.yearToDate ? `\n<p>Year to date: ${escapeHtml(report.yearToDate.period.label)} (${escapeHtml(report.yearToDate.period.dates)}), compared with ${escapeHtml(report.yearToDate.previousYear.label)} (${escapeHtml(report.yearToDate.previousYear.dates)})</p>` : ''}
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
${benchmarkTableHtml(report.benchmarks)}
${riskRegisterHtml(report.riskRegister)}<section class="section" aria-labelledby="commentary">
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
