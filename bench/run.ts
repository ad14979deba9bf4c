import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs each benchmark in its own process (so peak memory is its own), prints its figures and
 * records them in bench/README.md between the markers. `npm run bench -- caseloads` runs one.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

interface Figures {
  name: string;
  target?: string;
  figures: Record<string, number | string>;
}

const results: Figures[] = [];
const loadAverage = (): string => os.loadavg()[0]!.toFixed(2);
for (const file of files) {
  process.stdout.write(`\n▶ ${file}\n`);
  const loadBefore = loadAverage();
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(here, 'single.ts'), path.join(here, file)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('BENCH '));
  if (child.status !== 0 || !line) {
    process.stdout.write(child.stdout);
    process.stdout.write(`✗ ${file} failed (exit ${child.status})\n`);
    process.exitCode = 1;
    continue;
  }
  const result = JSON.parse(line.slice(6)) as Figures;
  // A figure means little without how busy the machine was: the one-minute load average as the
  // benchmark started and as it finished (2 means both cores fully busy on this machine).
  result.figures['machine load average, start / end'] = `${loadBefore} / ${loadAverage()}`;
  result.figures['run at'] = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  results.push(result);
  for (const [k, v] of Object.entries(result.figures)) process.stdout.write(`  ${k}: ${v}\n`);
  if (result.target) process.stdout.write(`  target: ${result.target}\n`);
}

if (results.length > 0) {
  const readme = path.join(here, 'README.md');
  const text = readFileSync(readme, 'utf8');
  const stamp = new Date().toISOString().slice(0, 10);
  const section = results
    .map((r) => `### ${r.name}\n${r.target ? `Target: ${r.target}\n\n` : ''}| figure | value |\n| --- | --- |\n${Object.entries(r.figures).map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`)
    .join('\n');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const existing = text.includes(start) ? text.slice(text.indexOf(start) + start.length, text.indexOf(end)) : '';
  const blocks = new Map<string, string>();
  for (const block of existing.split(/\n(?=### )/).filter((b) => b.trim().startsWith('### '))) blocks.set(block.trim().split('\n')[0]!, block.trim());
  for (const block of section.split(/\n(?=### )/).filter((b) => b.trim().startsWith('### '))) blocks.set(block.trim().split('\n')[0]!, block.trim());
  const body = `\nLast run: ${stamp}, on ${process.platform} ${process.arch}, Node ${process.version}, ${os.cpus().length} cores.\n\n${[...blocks.values()].join('\n\n')}\n`;
  const next = text.includes(start) ? text.slice(0, text.indexOf(start) + start.length) + body + text.slice(text.indexOf(end)) : `${text}\n${start}${body}${end}\n`;
  writeFileSync(readme, next);
  process.stdout.write(`\nRecorded in bench/README.md\n`);
}
