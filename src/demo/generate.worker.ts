import { parentPort, workerData } from 'node:worker_threads';
import { generateDemo } from './generate.ts';
import type { WorkerReply, WorkerRequest } from './generate-in-worker.ts';

const port = parentPort;
if (port === null) throw new Error('generate.worker.ts runs only as a worker thread');
const { options } = workerData as WorkerRequest;
const post = (reply: WorkerReply) => port.postMessage(reply);
const manifest = await generateDemo({ ...options, onProgress: (message) => post({ type: 'progress', message }) });
post({ type: 'done', files: manifest.files });
