// Closed-loop page clients for the benches, run on a worker thread of their own (bench/load.ts):
// each of `connections` clients keeps one keep-alive connection and asks for the page again as
// soon as the last answer has been read, for `durationMs`. Every response time is kept, so the
// percentiles are exact rather than read off a histogram.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { url, connections, durationMs, headers } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const times = [];
let failures = 0;
const end = performance.now() + durationMs;

function once() {
  return new Promise((resolve) => {
    const start = performance.now();
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        times.push(performance.now() - start);
        if (res.statusCode !== 200) failures += 1;
        resolve();
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timed out')));
    req.on('error', () => {
      failures += 1;
      resolve();
    });
  });
}

async function client() {
  while (performance.now() < end) await once();
}

const started = performance.now();
await Promise.all(Array.from({ length: connections }, client));
agent.destroy();
parentPort.postMessage({ times, failures, elapsedMs: performance.now() - started });
