import { z } from 'zod';
import { AppError } from './errors.ts';

const EnvSchema = z.object({
  HEADROOM_DATA_DIR: z.string().min(1).default('./.headroom-data'),
  DATABASE_URL: z.string().min(1).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('bad_usage', `The environment variable ${first?.path.join('.') ?? ''} is not valid: ${first?.message ?? 'invalid'}.`);
  }
  const e = parsed.data;
  return { dataDir: e.HEADROOM_DATA_DIR, databaseUrl: e.DATABASE_URL, host: e.HOST, port: e.PORT, logLevel: e.LOG_LEVEL };
}
