import { escapeHtml } from '../../reports/common/text.ts';
/**
 * Server-rendered SVG charts. Each chart has a title and a text description wired to the SVG
 * (role="img", aria-labelledby), and the page shows the same numbers as a table, so the chart
 * is never the only way to read them. Series differ by dash pattern and marker shape as well
 * as colour, so no information is carried by colour alone. Colours are GOV.UK palette colours
 * with at least 3:1 contrast against white.
 */

export interface ChartPoint {
  label: string;
  value: number | null;
  /** This point's own limit (a team's maximum for its roles), drawn as a mark across its bar. */
  limit?: number | null | undefined;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
}

export interface ReferenceLine {
  label: string;
  value: number;
}

export interface ChartInput {
  id: string;
  title: string;
  description: string;
  yLabel: string;
  series: ChartSeries[];
  reference?: ReferenceLine | undefined;
  /** Figures shown beside the series in the data table only (a different unit from the chart's axis). */
  tableColumns?: Array<{ name: string; points: Array<{ label: string; value: number | string | null }> }>;
  /** Names the points' own limits, when they have them (a legend entry and a table column). */
  limitLabel?: string | undefined;
  /** Heading of the table's first column: what the labels are ("Team"); "Period" when not given. */
  categoryLabel?: string | undefined;
  width?: number;
  height?: number;
}

export interface ChartTable {
  caption: string;
  head: string[];
  rows: Array<Array<string | number | null>>;
}

const COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#505a5f', '#b58840'] as const;
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'] as const;
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'circle'] as const;

/** Round numbers for the axis: about five ticks from zero to at least the maximum. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v < max + step - 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

function frame(input: ChartInput, body: string): string {
  const width = input.width ?? 720;
  const height = chartHeight(input, input.series[0]?.points.map((p) => p.label) ?? []);
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="${escapeHtml(input.id)}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" focusable="false"><title id="${titleId}">${escapeHtml(input.title)}</title><desc id="${descId}">${escapeHtml(input.description)}</desc>${body}</svg>`;
}

function marker(kind: (typeof MARKERS)[number], x: number, y: number, colour: string): string {
  switch (kind) {
    case 'square':
      return `<rect x="${x - 3.5}" y="${y - 3.5}" width="7" height="7" fill="${colour}"/>`;
    case 'triangle':
      return `<path d="M${x} ${y - 4.5} L${x + 4.5} ${y + 3.5} L${x - 4.5} ${y + 3.5} Z" fill="${colour}"/>`;
    case 'diamond':
      return `<path d="M${x} ${y - 5} L${x + 5} ${y} L${x} ${y + 5} L${x - 5} ${y} Z" fill="${colour}"/>`;
    case 'cross':
      return `<path d="M${x - 4} ${y - 4} L${x + 4} ${y + 4} M${x + 4} ${y - 4} L${x - 4} ${y + 4}" stroke="${colour}" stroke-width="2"/>`;
    default:
      return `<circle cx="${x}" cy="${y}" r="3.5" fill="${colour}"/>`;
  }
}

interface Plot {
  left: number;
  top: number;
  right: number;
  bottom: number;
  yMax: number;
  y(v: number): number;
  axes: string;
}

/** About how wide 12px text is: for fitting axis labels without cutting them. */
const CHAR_WIDTH = 6.6;

/** Whether the x labels must be turned to fit, and the height that needs below the axis. */
function xLabelLayout(input: ChartInput, labels: string[]): { rotate: boolean; below: number } {
  const width = input.width ?? 720;
  const step = labels.length > 0 ? (width - 72) / labels.length : width;
  const longest = Math.max(0, ...labels.map((l) => l.length)) * CHAR_WIDTH;
  if (longest <= step - 4) return { rotate: false, below: 0 };
  return { rotate: true, below: Math.ceil(longest * Math.SQRT1_2) + 8 };
}

function chartHeight(input: ChartInput, labels: string[]): number {
  return (input.height ?? 320) + xLabelLayout(input, labels).below;
}

function plotArea(input: ChartInput, labels: string[], max: number): Plot {
  const width = input.width ?? 720;
  const layout = xLabelLayout(input, labels);
  const height = chartHeight(input, labels);
  // Turned labels reach down and to the left of their bar: the first needs room on the left.
  const left = layout.rotate ? Math.max(56, layout.below) : 56;
  const top = 16;
  const right = width - 16;
  const bottom = height - 64 - layout.below;
  const ticks = niceTicks(max);
  const yMax = ticks[ticks.length - 1] ?? 1;
  const y = (v: number) => bottom - (v / yMax) * (bottom - top);
  const grid = ticks
    .map((t) => `<line x1="${left}" x2="${right}" y1="${y(t)}" y2="${y(t)}" stroke="#b1b4b6" stroke-width="1"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">${t}</text>`)
    .join('');
  // Turned labels are all shown in full; level ones are thinned out when there are many (months).
  const every = layout.rotate ? 1 : Math.max(1, Math.ceil(labels.length / 12));
  const step = labels.length > 0 ? (right - left) / labels.length : 0;
  const xLabels = labels
    .map((l, i) => {
      if (i % every !== 0) return '';
      const x = left + step * (i + 0.5);
      return layout.rotate
        ? `<text x="${x.toFixed(1)}" y="${bottom + 12}" transform="rotate(-45 ${x.toFixed(1)} ${bottom + 12})" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeHtml(l)}</text>`
        : `<text x="${x}" y="${bottom + 18}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeHtml(l)}</text>`;
    })
    .join('');
  const yTitle = `<text x="14" y="${(top + bottom) / 2}" transform="rotate(-90 14 ${(top + bottom) / 2})" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeHtml(input.yLabel)}</text>`;
  const axes = `${grid}<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#0b0c0c"/>${xLabels}${yTitle}`;
  return { left, top, right, bottom, yMax, y, axes };
}

function referenceLine(plot: Plot, ref: ReferenceLine | undefined): string {
  if (!ref) return '';
  const y = plot.y(ref.value);
  return `<line x1="${plot.left}" x2="${plot.right}" y1="${y}" y2="${y}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="4 4"/><text x="${plot.right}" y="${y - 6}" text-anchor="end" font-size="12" font-weight="bold" fill="#0b0c0c">${escapeHtml(ref.label)}</text>`;
}

function legend(input: ChartInput, series: ChartSeries[], kind: 'line' | 'bar'): string {
  const height = chartHeight(input, input.series[0]?.points.map((p) => p.label) ?? []);
  let x = 56;
  return series
    .map((s, i) => {
      const colour = COLOURS[i % COLOURS.length]!;
      const swatch =
        kind === 'line'
          ? `<line x1="${x}" x2="${x + 24}" y1="${height - 20}" y2="${height - 20}" stroke="${colour}" stroke-width="3" stroke-dasharray="${DASHES[i % DASHES.length]}"/>${marker(MARKERS[i % MARKERS.length]!, x + 12, height - 20, colour)}`
          : `<rect x="${x}" y="${height - 27}" width="14" height="14" fill="${colour}"/>`;
      const text = `<text x="${x + 30}" y="${height - 16}" font-size="12" fill="#0b0c0c">${escapeHtml(s.name)}</text>`;
      x += 40 + s.name.length * 7;
      return swatch + text;
    })
    .join('');
}

export function lineChart(input: ChartInput): string {
  const labels = input.series[0]?.points.map((p) => p.label) ?? [];
  const max = Math.max(0, input.reference?.value ?? 0, ...input.series.flatMap((s) => s.points.map((p) => p.value ?? 0)));
  const plot = plotArea(input, labels, max);
  const step = labels.length > 0 ? (plot.right - plot.left) / labels.length : 0;
  const lines = input.series
    .map((s, i) => {
      const colour = COLOURS[i % COLOURS.length]!;
      const pts = s.points.map((p, j) => (p.value === null ? null : { x: plot.left + step * (j + 0.5), y: plot.y(p.value) }));
      let d = '';
      let pen = false;
      for (const p of pts) {
        if (!p) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)} `;
        pen = true;
      }
      const markers = pts.map((p) => (p ? marker(MARKERS[i % MARKERS.length]!, p.x, p.y, colour) : '')).join('');
      return `<path d="${d.trim()}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-dasharray="${DASHES[i % DASHES.length]}"/>${markers}`;
    })
    .join('');
  return frame(input, plot.axes + referenceLine(plot, input.reference) + lines + legend(input, input.series, 'line'));
}

/** Vertical bars, grouped when there is more than one series; each bar carries its value as text. */
export function barChart(input: ChartInput): string {
  const labels = input.series[0]?.points.map((p) => p.label) ?? [];
  const max = Math.max(0, input.reference?.value ?? 0, ...input.series.flatMap((s) => s.points.map((p) => Math.max(p.value ?? 0, p.limit ?? 0))));
  const plot = plotArea(input, labels, max);
  const group = labels.length > 0 ? (plot.right - plot.left) / labels.length : 0;
  const n = Math.max(1, input.series.length);
  const barWidth = Math.max(2, (group * 0.8) / n);
  const bars = input.series
    .map((s, i) => {
      const colour = COLOURS[i % COLOURS.length]!;
      return s.points
        .map((p, j) => {
          if (p.value === null) return '';
          const x = plot.left + group * j + group * 0.1 + barWidth * i;
          const y = plot.y(p.value);
          const label = barWidth >= 18 ? `<text x="${x + barWidth / 2}" y="${y - 4}" text-anchor="middle" font-size="11" fill="#0b0c0c">${formatValue(p.value)}</text>` : '';
          return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(plot.bottom - y).toFixed(1)}" fill="${colour}"><title>${escapeHtml(`${s.name}, ${p.label}: ${formatValue(p.value)}`)}</title></rect>${label}`;
        })
        .join('');
    })
    .join('');
  const limits = (input.series[0]?.points ?? [])
    .map((p, j) => {
      if (p.limit === null || p.limit === undefined) return '';
      const x = plot.left + group * j + group * 0.05;
      const y = plot.y(p.limit).toFixed(1);
      return `<line x1="${x.toFixed(1)}" x2="${(x + group * 0.9).toFixed(1)}" y1="${y}" y2="${y}" stroke="#0b0c0c" stroke-width="3"><title>${escapeHtml(`${input.limitLabel ?? 'Limit'}, ${p.label}: ${formatValue(p.limit)}`)}</title></line>`;
    })
    .join('');
  const limitKey = limits === '' ? '' : limitLegend(input, chartHeight(input, labels));
  return frame(input, plot.axes + bars + limits + referenceLine(plot, input.reference) + (input.series.length > 1 ? legend(input, input.series, 'bar') : '') + limitKey);
}

function limitLegend(input: ChartInput, height: number): string {
  return `<line x1="56" x2="80" y1="${height - 20}" y2="${height - 20}" stroke="#0b0c0c" stroke-width="3"/><text x="86" y="${height - 16}" font-size="12" fill="#0b0c0c">${escapeHtml(input.limitLabel ?? 'Limit')}</text>`;
}

/**
 * A fan chart: series 0 is what was recorded, series 1 the forecast, series 2 and 3 the lower
 * and upper ends of its interval, drawn as a shaded band behind the forecast line.
 */
export function fanChart(input: ChartInput): string {
  const [recorded, forecast, lower, upper] = input.series;
  const labels = recorded?.points.map((p) => p.label) ?? [];
  const max = Math.max(0, ...input.series.flatMap((s) => s.points.map((p) => p.value ?? 0)));
  const plot = plotArea(input, labels, max);
  const step = labels.length > 0 ? (plot.right - plot.left) / labels.length : 0;
  const x = (j: number) => plot.left + step * (j + 0.5);
  const path = (s: ChartSeries | undefined) => {
    let d = '';
    let pen = false;
    s?.points.forEach((p, j) => {
      if (p.value === null) { pen = false; return; }
      d += `${pen ? 'L' : 'M'}${x(j).toFixed(1)} ${plot.y(p.value).toFixed(1)} `;
      pen = true;
    });
    return d.trim();
  };
  const upperPts = (upper?.points ?? []).map((p, j) => (p.value === null ? null : `${x(j).toFixed(1)} ${plot.y(p.value).toFixed(1)}`)).filter((p) => p !== null);
  const lowerPts = (lower?.points ?? []).map((p, j) => (p.value === null ? null : `${x(j).toFixed(1)} ${plot.y(p.value).toFixed(1)}`)).filter((p) => p !== null).reverse();
  const band = upperPts.length > 0 ? `<path d="M${[...upperPts, ...lowerPts].join(' L')} Z" fill="#1d70b8" fill-opacity="0.2" stroke="none"/>` : '';
  const lines = `<path d="${path(recorded)}" fill="none" stroke="#0b0c0c" stroke-width="2.5"/><path d="${path(forecast)}" fill="none" stroke="#1d70b8" stroke-width="2.5" stroke-dasharray="6 3"/>`;
  const height = input.height ?? 320;
  const key = `<line x1="56" x2="80" y1="${height - 20}" y2="${height - 20}" stroke="#0b0c0c" stroke-width="3"/><text x="86" y="${height - 16}" font-size="12" fill="#0b0c0c">${escapeHtml(recorded?.name ?? '')}</text>`
    + `<line x1="200" x2="224" y1="${height - 20}" y2="${height - 20}" stroke="#1d70b8" stroke-width="3" stroke-dasharray="6 3"/><text x="230" y="${height - 16}" font-size="12" fill="#0b0c0c">${escapeHtml(forecast?.name ?? '')}</text>`
    + `<rect x="330" y="${height - 27}" width="24" height="14" fill="#1d70b8" fill-opacity="0.2"/><text x="360" y="${height - 16}" font-size="12" fill="#0b0c0c">80% interval</text>`;
  return frame(input, plot.axes + band + lines + key);
}

/** The same numbers as the chart, for the "show data" table beside it. */
export function chartTable(input: ChartInput): ChartTable {
  const labels = input.series[0]?.points.map((p) => p.label) ?? [];
  const withLimits = input.limitLabel !== undefined && (input.series[0]?.points ?? []).some((p) => p.limit !== undefined);
  return {
    caption: input.title,
    head: [input.categoryLabel ?? '', ...input.series.map((s) => s.name), ...(withLimits ? [input.limitLabel ?? ''] : []), ...(input.tableColumns ?? []).map((c) => c.name)],
    rows: labels.map((label, i) => [
      label,
      ...input.series.map((s) => s.points[i]?.value ?? null),
      ...(withLimits ? [input.series[0]?.points[i]?.limit ?? null] : []),
      ...(input.tableColumns ?? []).map((c) => c.points[i]?.value ?? null),
    ]),
  };
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

export interface ScatterInput {
  id: string;
  title: string;
  description: string;
  xLabel: string;
  /** Categories up the y axis, bottom first. */
  categories: readonly string[];
  /** One point per case: x a figure, y the index of its category. */
  points: ReadonlyArray<{ x: number; y: number }>;
  width?: number;
  height?: number;
}

/**
 * A strip of points per category (for example a grade) against a figure (for example the team's
 * caseload per FTE). Points in a category are spread a little up and down by their order, so
 * identical points stay visible; the page gives the same cases as a table.
 */
export function scatterChart(input: ScatterInput): string {
  const width = input.width ?? 720;
  const height = input.height ?? 320;
  const left = 170;
  const right = width - 16;
  const top = 16;
  const bottom = height - 48;
  const ticks = niceTicks(Math.max(1, ...input.points.map((p) => p.x)));
  const xMax = ticks[ticks.length - 1] ?? 1;
  const x = (v: number) => left + (v / xMax) * (right - left);
  const band = (bottom - top) / Math.max(1, input.categories.length);
  const rowY = (i: number) => bottom - band * (i + 0.5);
  const grid = ticks.map((t) => `<line x1="${x(t)}" x2="${x(t)}" y1="${top}" y2="${bottom}" stroke="#b1b4b6"/><text x="${x(t)}" y="${bottom + 16}" text-anchor="middle" font-size="12" fill="#0b0c0c">${t}</text>`).join('');
  const rows = input.categories.map((c, i) => `<text x="${left - 8}" y="${rowY(i) + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">${escapeHtml(c)}</text>`).join('');
  const seen = new Map<number, number>();
  const dots = input.points
    .map((p) => {
      const n = seen.get(p.y) ?? 0;
      seen.set(p.y, n + 1);
      const offset = (((n * 7) % 11) / 10 - 0.5) * band * 0.6;
      return `<circle cx="${x(p.x).toFixed(1)}" cy="${(rowY(p.y) + offset).toFixed(1)}" r="3.5" fill="none" stroke="${COLOURS[0]}" stroke-width="1.5"/>`;
    })
    .join('');
  const axes = `${grid}<line x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}" stroke="#0b0c0c"/><text x="${(left + right) / 2}" y="${height - 8}" text-anchor="middle" font-size="12" fill="#0b0c0c">${escapeHtml(input.xLabel)}</text>`;
  return frame({ id: input.id, title: input.title, description: input.description, yLabel: '', series: [], width, height }, axes + rows + dots);
}
