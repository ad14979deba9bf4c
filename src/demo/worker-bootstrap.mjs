// Worker threads do not inherit the tsx loader the CLI registers (bin/headroom), nor can they be
// given it with execArgv on Node 20: this plain-JavaScript entry registers tsx in the worker and
// then loads the TypeScript module named in workerData.entry. Used the same way under node,
// tsx and vitest.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
