import { Worker } from 'node:worker_threads';
import type { DemoFile, DemoGenerator } from './demo-file.ts';
import type { DemoOptions } from './generate.ts';

/** What the worker is given: the generator's options less the progress callback, which stays here. */
export interface WorkerRequest {
  entry: string;
  options: Omit<DemoOptions, 'onProgress'>;
}

export type WorkerReply = { type: 'progress'; message: string } | { type: 'done'; files: DemoFile[] };

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./generate.worker.ts', import.meta.url).href;

/**
 * Generates one council on a worker thread, so the demo can import one council while the next
 * is being simulated and written: the simulation is CPU-bound JavaScript and would otherwise
 * wait for the import (and the import for it). Same options, same files as `generateDemo`.
 */
export const generateDemoInWorker: DemoGenerator = ({ onProgress, ...options }) =>
  new Promise((resolve, reject) => {
    const request: WorkerRequest = { entry: ENTRY, options };
    const worker = new Worker(BOOTSTRAP, { workerData: request });
    let files: DemoFile[] | null = null;
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'progress') onProgress?.(reply.message);
      else files = reply.files;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (files !== null) resolve({ files });
      else reject(new Error(`The demo generator for LA ${options.laCode} stopped (exit code ${code}) before writing its files.`));
    });
  });
