import { REPORT_STYLE } from '../common/html-style.ts';
import { benchmarkTableHtml } from '../common/benchmark-table.ts';
import { escapeHtml, longDate } from '../common/text.ts';
import { cellText, type BusinessCaseCell, type BusinessCaseTable } from './format.ts';
import type { BusinessCaseReport, BusinessCaseSection } from './model.ts';

/** Additions to the shared report style: total rows, and the draft risks set apart. */
const EXTRA_STYLE = `
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid #0b0c0c; }
.draft { border-left: 10px solid #f47738; padding-left: 15px; }
`;

function cells(row: BusinessCaseCell[], table: BusinessCaseTable): string {
  const [first, ...rest] = row;
  const head = `<th scope="row">${escapeHtml(first === undefined ? '' : cellText(first))}</th>`;
  return head + rest.map((cell, i) => `<td${table.columns[i + 1]?.numeric ? ' class="num"' : ''}>${escapeHtml(cellText(cell))}</td>`).join('');
}

function htmlTable(table: BusinessCaseTable): string {
  const head = table.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${escapeHtml(c.heading)}</th>`).join('');
  const body = [...table.rows.map((r) => `<tr>${cells(r, table)}</tr>`), ...table.totals.map((r) => `<tr class="total">${cells(r, table)}</tr>`)].join('\n');
  return `<table id="${escapeHtml(table.id)}">
<caption>${escapeHtml(table.caption)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function htmlSection(report: BusinessCaseReport, section: BusinessCaseSection): string {
  const draft = section.id === 'risks' && report.risksDraft;
  const paragraphs = section.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const bullets = section.bullets.length > 0 ? `<ul>\n${section.bullets.map((b) => `<li>${escapeHtml(b)}</li>`).join('\n')}\n</ul>` : '';
  return `<section class="section" aria-labelledby="${section.id}">
<h2 id="${section.id}">${section.number}. ${escapeHtml(section.title)}</h2>
${draft ? `<div class="draft">\n${paragraphs}\n</div>` : paragraphs}
${bullets}
${section.tables.map(htmlTable).join('\n')}
</section>`;
}

/**
 * The business case as one printable HTML page: no scripts and no external files, GOV.UK
 * typography, each table with a caption and column and row headers (`scope`), and the security
 * marking at the top and bottom.
 */
export function renderBusinessCaseHtml(report: BusinessCaseReport): string {
  const marking = `<p class="marking">${escapeHtml(report.marking)}</p>`;
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(report.title)} – ${escapeHtml(report.laName)}</title>
<style>${REPORT_STYLE}${EXTRA_STYLE}</style>
</head>
<body>
<header>${marking}</header>
<main>
<span class="caption">${escapeHtml(report.laName)}</span>
<h1>${escapeHtml(report.title)}</h1>
<div class="summary">
<p>Scenario: ${escapeHtml(report.scenario.name)} (version ${report.scenario.version})</p>
${report.scenario.description === null ? '' : `<p>${escapeHtml(report.scenario.description)}</p>\n`}<p>Caseload figures at ${escapeHtml(longDate(report.asOf))}</p>
<p>Generated on ${escapeHtml(longDate(report.generatedOn))} by Headroom</p>
</div>
${report.sections.map((s) => htmlSection(report, s)).join('\n')}
${benchmarkTableHtml(report.benchmarks)}
</main>
<footer>${marking}</footer>
</body>
</html>
`;
}
