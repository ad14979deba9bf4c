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

describe('bar chart labels and limits', () => {
  const names = ['Assessment Team 1', 'Assessment Team 2', 'Assessment Team 3', 'Children in Care North', 'Independent Reviewing Service', 'Leaving Care', 'Disabled Children', 'Family Support East', 'Family Support West', 'Front Door'];
  const input = {
    id: 'dist',
    title: 'Average caseload per FTE by team',
    description: 'd',
    yLabel: 'Children per FTE',
    categoryLabel: 'Team',
    limitLabel: 'Maximum for the team’s roles',
    series: [{ name: 'Average per FTE', points: names.map((label, i) => ({ label, value: 10 + i, limit: label.startsWith('Independent') ? 70 : 20 })) }],
  };

  it('shows every team name in full, turned to fit, inside the picture', () => {
    const svg = barChart(input);
    for (const name of names) expect(svg).toContain(`>${name}</text>`);
    expect(svg).not.toContain('…');
    expect(svg).toContain('rotate(-45');
    const height = Number(/viewBox="0 0 720 (\d+(?:\.\d+)?)"/.exec(svg)?.[1]);
    expect(height).toBeGreaterThan(320);
  });

  it('marks each team’s own maximum, scaling the axis to the largest, and heads the table column "Team"', () => {
    const svg = barChart(input);
    expect(svg).toContain('Maximum for the team’s roles, Independent Reviewing Service: 70');
    expect(svg).toContain('>80</text>');
    const table = chartTable(input);
    expect(table.head).toEqual(['Team', 'Average per FTE', 'Maximum for the team’s roles']);
    expect(table.rows[4]).toEqual(['Independent Reviewing Service', 14, 70]);
  });
});
