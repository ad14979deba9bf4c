import { HeadingLevel, Paragraph, Table, TableLayoutType, TableRow, TextRun, WidthType } from 'docx';
import type ExcelJS from 'exceljs';
import { heading, HEADER_FILL, LANDSCAPE_TEXT_WIDTH, textCell } from '../common/docx-parts.ts';
import { escapeHtml, longDate } from '../common/text.ts';

/** One risk as the quarterly report shows it (built by the improvement service, see docs/improvement.md). */
export interface RiskRegisterRow {
  ref: string;
  risk: string;
  owner: string;
  likelihood: number;
  impact: number;
  score: number;
  band: string;
  mitigations: string;
  /** The linked measure's latest figure against its target, in words; '' without one. */
  linkedFigure: string;
  reviewDate: string;
}

export interface RiskRegisterPart {
  /** The date the linked figures are read at (the end of the report's period). */
  figuresAt: string;
  rows: RiskRegisterRow[];
}

const HEAD = ['Ref', 'Risk', 'Owner', 'Likelihood', 'Impact', 'Score', 'Mitigations', 'Linked figure', 'Review by'];
const WEIGHTS = [5, 22, 11, 7, 6, 9, 18, 14, 8];
const cells = (r: RiskRegisterRow): string[] => [r.ref, r.risk, r.owner, String(r.likelihood), String(r.impact), `${r.score} (${r.band})`, r.mitigations, r.linkedFigure, longDate(r.reviewDate)];
const intro = (part: RiskRegisterPart) => `Score is likelihood × impact (each 1 to 5): 1-4 low, 5-9 medium, 10-15 high, 16-25 very high. Linked figures at ${longDate(part.figuresAt)}.`;

export function riskRegisterDocx(part: RiskRegisterPart | undefined): Array<Paragraph | Table> {
  if (!part || part.rows.length === 0) return [];
  const total = WEIGHTS.reduce((a, b) => a + b, 0);
  return [
    heading('Risk register', HeadingLevel.HEADING_1),
    new Paragraph({ spacing: { after: 120 }, children: [new TextRun(intro(part))] }),
    new Table({
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: HEAD.map((h) => textCell(h, { bold: true, fill: HEADER_FILL })) }),
        ...part.rows.map((r) => new TableRow({ cantSplit: true, children: cells(r).map((c, i) => textCell(c, { bold: i === 0, numeric: i === 3 || i === 4 })) })),
      ],
      columnWidths: WEIGHTS.map((w) => Math.floor((LANDSCAPE_TEXT_WIDTH * w) / total)),
      width: { size: LANDSCAPE_TEXT_WIDTH, type: WidthType.DXA },
      layout: TableLayoutType.FIXED,
    }),
  ];
}

export function addRiskRegisterSheet(wb: ExcelJS.Workbook, part: RiskRegisterPart | undefined): void {
  if (!part || part.rows.length === 0) return;
  const ws = wb.addWorksheet('Risk register');
  ws.addRow(['Risk register']).font = { bold: true, size: 13 };
  ws.addRow([intro(part)]);
  ws.addRow([]);
  ws.addRow(['Ref', 'Risk', 'Owner', 'Likelihood', 'Impact', 'Score', 'Band', 'Mitigations', 'Linked figure', 'Review by']).font = { bold: true };
  for (const r of part.rows) ws.addRow([r.ref, r.risk, r.owner, r.likelihood, r.impact, r.score, r.band, r.mitigations, r.linkedFigure, r.reviewDate]).alignment = { wrapText: true, vertical: 'top' };
  [8, 50, 24, 11, 9, 8, 11, 40, 36, 12].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
}

export function riskRegisterHtml(part: RiskRegisterPart | undefined): string {
  if (!part || part.rows.length === 0) return '';
  return `<section class="section" aria-labelledby="risk-register">
<h2 id="risk-register">Risk register</h2>
<p>${escapeHtml(intro(part))}</p>
<table>
<caption>Risks, highest score first</caption>
<thead><tr>${HEAD.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${part.rows.map((r) => `<tr>${cells(r).map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${i === 3 || i === 4 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('\n')}
</tbody>
</table>
</section>
`;
}
