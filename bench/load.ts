import { Worker } from 'node:worker_threads';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  failures: number;
}

/** The response time below which `share` of the sorted times fall (nearest rank). */
export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/** One request on its own (a page's first view, before the load), in ms; a page that does not answer 200 stops the bench. */
export async function firstRequest(url: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return Math.round(performance.now() - start);
}

/**
 * `connections` concurrent clients asking for one page for `durationS` seconds, on a worker thread
 * of their own: real browsers are not in the server's process, and clients on the server's thread
 * would take turns with serving them.
 */
export async function load(options: { url: string; connections?: number; durationS?: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const workerData = { url: options.url, connections: options.connections ?? 20, durationMs: (options.durationS ?? 8) * 1000, headers: options.headers ?? {} };
  const result = await new Promise<{ times: number[]; failures: number; elapsedMs: number }>((resolve, reject) => {
    const worker = new Worker(new URL('./load-clients.mjs', import.meta.url), { workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load clients exited with code ${code}`))));
  });
  const sorted = [...result.times].sort((x, y) => x - y);
  const ms = (share: number) => Math.round(percentile(sorted, share));
  return { requestsPerSecond: Math.round(sorted.length / (result.elapsedMs / 1000)), p50: ms(0.5), p90: ms(0.9), p95: ms(0.95), p99: ms(0.99), failures: result.failures };
}
