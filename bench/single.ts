import { pathToFileURL } from 'node:url';

/** Runs one benchmark module and prints its figures, with the process's peak memory, as one line. */
const file = process.argv[2];
if (!file) throw new Error('usage: single.ts FILE');
const mod = (await import(pathToFileURL(file).href)) as { run(): Promise<{ name: string; target?: string; figures: Record<string, number | string> }> };
const result = await mod.run();
const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`BENCH ${JSON.stringify({ ...result, figures: { ...result.figures, 'peak RSS (MB)': peakMb } })}\n`);
process.exit(0);
