import { describe, expect, it } from 'vitest';
import { barChart, chartTable, lineChart, niceTicks, type ChartInput } from './svg-chart.ts';

const input: ChartInput = {
  id: 'trend',
  title: 'Children per social worker',
  description: 'Average caseload per FTE at each month end, against the maximum of 20.',
  yLabel: 'Children per FTE',
  reference: { label: 'Maximum 20', value: 20 },
  series: [
    { name: 'Assessment 1', points: [{ label: 'Jan', value: 18 }, { label: 'Feb', value: null }, { label: 'Mar', value: 31.25 }] },
    { name: 'CIN <North>', points: [{ label: 'Jan', value: 12 }, { label: 'Feb', value: 14 }, { label: 'Mar', value: 15 }] },
  ],
};

describe('SVG charts', () => {
  it('choose round ticks that cover the maximum', () => {
    expect(niceTicks(31.25)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(85)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('label the chart for assistive technology and escape text', () => {
    const svg = lineChart(input);
    expect(svg).toMatch(/^<svg[^>]+role="img"[^>]+aria-labelledby="trend-title trend-desc"/);
    expect(svg).toContain('<title id="trend-title">Children per social worker</title>');
    expect(svg).toContain('CIN &lt;North&gt;');
    expect(svg).not.toContain('CIN <North>');
  });

  it('distinguish series by dash pattern and marker, not only colour, and break lines at gaps', () => {
    const svg = lineChart(input);
    expect(svg).toContain('stroke-dasharray="6 3"');
    expect(svg).toMatch(/<rect x="[\d.]+" y="[\d.]+" width="7" height="7"/);
    const firstPath = /<path d="([^"]+)" fill="none"/.exec(svg)?.[1] ?? '';
    expect(firstPath.match(/M/g)).toHaveLength(2);
    expect(svg).toContain('Maximum 20');
  });

  it('draw one bar per value with its value as text', () => {
    const svg = barChart({ ...input, series: [input.series[1]!] });
    expect(svg.match(/<rect x/g)).toHaveLength(3);
    expect(svg).toContain('CIN &lt;North&gt;, Mar: 15');
  });

  it('give the same numbers as a table', () => {
    expect(chartTable(input)).toEqual({
      caption: 'Children per social worker',
      head: ['', 'Assessment 1', 'CIN <North>'],
      rows: [
        ['Jan', 18, 12],
        ['Feb', null, 14],
        ['Mar', 31.25, 15],
      ],
    });
  });
});
