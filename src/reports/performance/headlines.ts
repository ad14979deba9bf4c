import type { ReportRow } from './model.ts';
import { formatFigure } from './format.ts';

interface Movement {
  row: ReportRow;
  from: number;
  to: number;
  /** |to − from| ÷ from: the one scale on which counts and percentages can be ranked together. */
  change: number;
}

/**
 * Headlines on the largest movements against the previous year, largest first (ties keep the
 * report's order). A movement is the relative change in the published value, so a count that
 * rose from 100 to 120 (20%) ranks above a percentage that fell from 18.2% to 15.1% (17%). Left
 * out: rates per 10,000 (they move with their count, which is already a candidate), figures
 * withheld or without a value on either side, and a previous value of 0, from which no relative
 * change can be measured. Only published figures are used, so a headline never shows a number
 * the tables withhold, and only between two fully covered periods: never against a period the
 * data does not cover, nor from a partly covered one.
 */
export function buildHeadlines(rows: readonly ReportRow[], comparedWith: string, max: number): string[] {
  const movements: Movement[] = [];
  for (const row of rows) {
    const from = row.previousYear?.value;
    const to = row.current.value;
    if (row.current.coverage !== 'full' || row.previousYear?.coverage !== 'full') continue;
    if (row.unit === 'rate_per_10k' || typeof from !== 'number' || typeof to !== 'number' || from === 0 || from === to) continue;
    movements.push({ row, from, to, change: Math.abs(to - from) / Math.abs(from) });
  }
  return movements
    .sort((a, b) => b.change - a.change)
    .slice(0, Math.max(0, max))
    .map((m) => headline(m, comparedWith));
}

function headline({ row, from, to, change }: Movement, comparedWith: string): string {
  const rose = to > from;
  let text = `${row.label} ${rose ? 'rose' : 'fell'} from ${formatFigure(from, row.unit)} to ${formatFigure(to, row.unit)}`;
  if (row.unit === 'count') {
    const percent = Math.round(change * 100);
    text += ` (${rose ? 'up' : 'down'} ${percent === 0 ? 'less than 1' : percent.toLocaleString('en-GB')}%)`;
  }
  if (row.judgement === 'better' || row.judgement === 'worse') return `${text}, ${row.judgement} than ${comparedWith}.`;
  return `${text} compared with ${comparedWith}.`;
}
