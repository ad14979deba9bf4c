import type { FastifyInstance } from 'fastify';
import { services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { createWeb } from '../../src/web/server.ts';

export async function webFor(handle: DatabaseHandle, logLines?: string[]): Promise<FastifyInstance> {
  const logger = logLines ? createLogger({ level: 'info', stream: { write: (line) => void logLines.push(line) } }) : createLogger({ level: 'silent' });
  return createWeb(services({ db: handle.db, dbKind: handle.kind, clock: () => new Date('2026-11-22T10:00:00Z'), logger }), { logger });
}
