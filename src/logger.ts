import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Log lines never carry a child's identifier or a worker's name: callers log
 * route patterns, counts, batch ids and codes, never URLs with ids or row contents. The redact
 * list is a second line of defence for fields that might be passed by mistake.
 */
export function createLogger(options: { level: string; destination?: 1 | 2; stream?: { write(line: string): void } }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'headroom' },
      redact: { paths: ['childId', 'child_id', 'workerName', 'name', '*.childId', '*.child_id', '*.name', 'req.url', 'url'], censor: '[redacted]' },
    },
    options.stream ?? pino.destination({ fd: options.destination ?? 1, sync: true }),
  );
}
